// Package input opens what a user hands hserr — a file, standard input, a
// compressed log (.gz, .xz, .zst, .bz2, …) or an archive of logs (tar,
// possibly compressed, or zip) — and yields each log in it as a stream.
// Formats are recognised by content, never by name, with
// github.com/mholt/archives. Every log is read through a size cap and
// archives through an entry cap, so a bomb costs a bounded amount of work;
// nothing is ever written to disk, so entry names cannot escape anywhere.
package input

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/mholt/archives"
)

// Limits bound what one input may cost.
type Limits struct {
	MaxLogBytes int64 // one log (a file, a decompressed stream or an entry)
	MaxEntries  int   // entries read from one archive
	MaxZipStdin int64 // a zip on standard input is held in memory (zip needs random access)
}

// DefaultLimits are generous for crash logs (the largest real hs_err files
// are a few MB) and small against a bomb.
var DefaultLimits = Limits{MaxLogBytes: 64 << 20, MaxEntries: 100_000, MaxZipStdin: 256 << 20}

// Log is one log found in an input.
type Log struct {
	Name string    // the file name, or "archive.tar.gz!dir/hs_err_pid1.log"
	R    io.Reader // the log's bytes, capped: reading past the cap is an ErrTooLarge
}

// ErrTooLarge is returned by a Log's reader past Limits.MaxLogBytes.
var ErrTooLarge = errors.New("larger than the size cap for one log")

// Skip is an input or entry that is not read, and why.
type Skip struct{ Name, Reason string }

// Walk calls fn for every log in the input name ("-" is stdin). Entries
// that cannot be logs (directories, links, devices) are passed to skip. An
// error from fn stops the walk and is returned.
func Walk(ctx context.Context, name string, stdin io.Reader, lim Limits, fn func(Log) error, skip func(Skip)) error {
	display := name
	var src io.Reader
	if name == "-" {
		display = "<stdin>"
		if stdin == nil {
			return errors.New("no standard input")
		}
		// a plain reader: a pipe's *os.File claims Seek and ReadAt but
		// cannot do them, so format detection and zip must buffer instead
		src = struct{ io.Reader }{stdin}
	} else {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return fmt.Errorf("%s is a directory", name)
		}
		src = f
	}
	return walk(ctx, display, src, lim, fn, skip)
}

func walk(ctx context.Context, name string, src io.Reader, lim Limits, fn func(Log) error, skip func(Skip)) error {
	// content only: a misnamed file is read for what it is
	format, stream, err := archives.Identify(ctx, "", src)
	switch {
	case errors.Is(err, archives.NoMatch):
		return fn(Log{Name: name, R: capped(stream, lim.MaxLogBytes)})
	case err != nil:
		return fmt.Errorf("%s: %w", name, err)
	}
	if ex, ok := format.(archives.Extractor); ok {
		return extract(ctx, name, ex, stream, lim, fn, skip)
	}
	dec, ok := format.(archives.Decompressor)
	if !ok {
		return fmt.Errorf("%s: %s is neither an archive nor a compressed file", name, format.Extension())
	}
	rc, err := dec.OpenReader(stream)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rc.Close()
	// a compressed file holds one log (a compressed tar was matched above
	// as an archive)
	return fn(Log{Name: name, R: capped(rc, lim.MaxLogBytes)})
}

func extract(ctx context.Context, name string, ex archives.Extractor, stream io.Reader, lim Limits, fn func(Log) error, skip func(Skip)) error {
	if _, zip := ex.(archives.Zip); zip {
		ra, err := readerAt(name, stream, lim)
		if err != nil {
			return err
		}
		stream = ra
	}
	n := 0
	return ex.Extract(ctx, stream, func(ctx context.Context, f archives.FileInfo) error {
		entry := name + "!" + f.NameInArchive
		if f.IsDir() {
			return nil
		}
		if !f.Mode().IsRegular() {
			skip(Skip{entry, "not a regular file in the archive"})
			return nil
		}
		if n++; n > lim.MaxEntries {
			return fmt.Errorf("%s: more than %d entries", name, lim.MaxEntries)
		}
		if isArchiveName(f.NameInArchive) {
			skip(Skip{entry, "archive inside an archive: not opened (extract the outer one first)"})
			return nil
		}
		r, err := f.Open()
		if err != nil {
			skip(Skip{entry, "cannot read: " + err.Error()})
			return nil
		}
		defer r.Close()
		return fn(Log{Name: entry, R: capped(r, lim.MaxLogBytes)})
	})
}

// readerAt gives zip the random access it needs: a file already has it; a
// stream (stdin) is held in memory up to MaxZipStdin.
func readerAt(name string, stream io.Reader, lim Limits) (io.Reader, error) {
	if _, ok := stream.(io.ReaderAt); ok {
		if _, ok := stream.(io.Seeker); ok {
			return stream, nil
		}
	}
	b, err := io.ReadAll(io.LimitReader(stream, lim.MaxZipStdin+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(b)) > lim.MaxZipStdin {
		return nil, fmt.Errorf("%s: a zip on standard input larger than %d bytes: pass it as a file", name, lim.MaxZipStdin)
	}
	return bytes.NewReader(b), nil
}

func isArchiveName(n string) bool {
	switch strings.ToLower(path.Ext(n)) {
	case ".zip", ".tar", ".tgz", ".gz", ".xz", ".zst", ".bz2", ".7z", ".rar":
		return true
	}
	return false
}

// capped reads at most max bytes; one byte more is ErrTooLarge, so a
// caller cannot mistake a cut log for a whole one.
func capped(r io.Reader, max int64) io.Reader {
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
