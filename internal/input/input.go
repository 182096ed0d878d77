// Package input opens what a user hands hserr — a file, standard input, a
// compressed log (gzip, xz, zstd, bzip2) or an archive of logs (tar, plain
// or compressed, or zip) — and yields each log in it. Formats are
// recognised by content, never by name (Sniff); the compressed ones are
// opened with the standard library and github.com/mholt/archives. Every log
// is read through a size cap and every archive through entry and total
// caps, so a bomb costs a bounded amount of work; entry names are checked
// (absolute paths, "..", links are reported and skipped) and nothing is
// ever written to disk. triage and explain/parse share it.
package input

import (
	"errors"
	"io"
	"io/fs"
	"os"
)

// ErrTooLarge is returned by a Capped reader past its cap.
var ErrTooLarge = errors.New("larger than the size cap for one log")

// Capped reads at most max bytes of r; one byte more is ErrTooLarge, so a
// caller cannot mistake a cut log for a whole one.
func Capped(r io.Reader, max int64) io.Reader {
	if max <= 0 {
		max = DefaultLimits.MaxLogBytes
	}
	return &capReader{r: r, left: max}
}

type capReader struct {
	r    io.Reader
	left int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, _ := c.r.Read(one[:]); n > 0 {
			return 0, ErrTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// Exists reports whether name is an existing path (for glob fallback).
func Exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil || !errors.Is(err, fs.ErrNotExist)
}
