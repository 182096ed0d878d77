package input

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/mholt/archives"
)

// Limits bound what one input may cost. Archives are never extracted to
// disk: entries are streamed into memory, one at a time, up to these caps.
type Limits struct {
	// MaxLogBytes is the largest single log read (plain file or entry);
	// larger entries are skipped as a possible zip bomb, larger plain files
	// are skipped as not a crash log.
	MaxLogBytes int64
	// MaxArchiveBytes caps the uncompressed bytes read from one archive.
	MaxArchiveBytes int64
	// MaxEntries caps the entries read from one archive.
	MaxEntries int
	// MaxStdinZip is the largest zip read from standard input (a zip needs
	// random access, so it is held in memory).
	MaxStdinZip int64
}

// DefaultLimits are generous for crash logs (the largest real hs_err files
// are a few MB) and small against a zip bomb.
var DefaultLimits = Limits{
	MaxLogBytes:     64 << 20,
	MaxArchiveBytes: 8 << 30,
	MaxEntries:      1_000_000,
	MaxStdinZip:     256 << 20,
}

// Kind is what an input's first bytes say it is.
type Kind int

// The kinds Sniff tells apart.
const (
	Plain Kind = iota
	Gzip
	Tar
	Zip
	Xz
	Zstd
	Bzip2
)

// Sniff reads an input's kind from its first bytes (512 are enough for a
// tar header): by content, never by name.
func Sniff(b []byte) Kind {
	switch {
	case len(b) >= 4 && b[0] == 'P' && b[1] == 'K' && (b[2] == 3 && b[3] == 4 || b[2] == 5 && b[3] == 6):
		return Zip
	case len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b:
		return Gzip
	case bytes.HasPrefix(b, []byte("\xfd7zXZ\x00")):
		return Xz
	case bytes.HasPrefix(b, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return Zstd
	case len(b) >= 4 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h' && b[3] >= '1' && b[3] <= '9':
		return Bzip2
	case isTarHeader(b):
		return Tar
	}
	return Plain
}

// Compressed reports whether k is a compression of one stream (which may
// itself be a tar).
func (k Kind) Compressed() bool { return k == Gzip || k == Xz || k == Zstd || k == Bzip2 }

// isTarHeader reports whether b starts with a ustar/gnu tar header.
func isTarHeader(b []byte) bool {
	return len(b) >= 262 && (bytes.Equal(b[257:262], []byte("ustar")))
}

// UnsafeName reports why an archive entry name must not be used: absolute
// paths, drive letters and ".." components (path traversal). The entry is
// reported and skipped; nothing is ever written for it.
func UnsafeName(name string) string {
	if name == "" {
		return "empty entry name"
	}
	n := strings.ReplaceAll(name, `\`, "/")
	if strings.HasPrefix(n, "/") {
		return "absolute entry path"
	}
	if len(n) >= 2 && n[1] == ':' {
		return "entry path with a drive letter"
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return "path traversal (\"..\") in entry name"
		}
	}
	if strings.ContainsRune(n, 0) {
		return "NUL byte in entry name"
	}
	return ""
}

// Sink receives what an archive yields: an entry's bytes (owned by the
// sink afterwards) or a skip.
type Sink interface {
	Entry(name string, data []byte)
	Skip(name, reason string)
}

// budget tracks one archive's totals.
type budget struct {
	lim     Limits
	total   int64
	entries int
}

// readEntry reads one entry up to the per-entry cap, charging the archive's
// total. It returns a skip reason when a cap is hit.
func (b *budget) readEntry(r io.Reader, declared int64) ([]byte, string, error) {
	if declared > b.lim.MaxLogBytes {
		return nil, fmt.Sprintf("entry declares %d bytes uncompressed, over the %d-byte cap (possible zip bomb)", declared, b.lim.MaxLogBytes), nil
	}
	remaining := b.lim.MaxArchiveBytes - b.total
	limit := b.lim.MaxLogBytes
	if remaining < limit {
		limit = remaining
	}
	data, n, err := ReadUpTo(make([]byte, 0, SizeHint(declared, limit)), r, limit)
	b.total += n
	if err != nil {
		return nil, "", err
	}
	if int64(len(data)) > limit {
		if limit == b.lim.MaxLogBytes {
			return nil, fmt.Sprintf("entry is larger than the %d-byte cap when uncompressed (possible zip bomb)", b.lim.MaxLogBytes), nil
		}
		return nil, fmt.Sprintf("archive exceeds the %d-byte total uncompressed cap (possible zip bomb)", b.lim.MaxArchiveBytes), errArchiveBudget
	}
	return data, "", nil
}

// SizeHint is the buffer to allocate for an input that says it has size
// bytes: one byte more, so that reading to the end needs no growth, or 64 KiB
// when the size is unknown or not believable.
func SizeHint(size, limit int64) int64 {
	if size <= 0 || size > limit {
		return 64 << 10
	}
	return size + 1
}

// ReadUpTo appends what r yields to buf until EOF or until buf holds more
// than limit bytes (then it stops: the caller reports the cap). It returns
// the bytes read by this call.
func ReadUpTo(buf []byte, r io.Reader, limit int64) ([]byte, int64, error) {
	var n int64
	for int64(len(buf)) <= limit {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grow
		}
		room := buf[len(buf):cap(buf)]
		if over := limit + 1 - int64(len(buf)); int64(len(room)) > over {
			room = room[:over]
		}
		k, err := r.Read(room)
		buf = buf[:len(buf)+k]
		n += int64(k)
		if errors.Is(err, io.EOF) {
			return buf, n, nil
		}
		if err != nil {
			return buf, n, err
		}
	}
	return buf, n, nil
}

var errArchiveBudget = errors.New("archive budget exhausted")

// walkTar streams a tar archive. A read error ends the archive (reported by
// the caller); entries already read have been delivered.
func walkTar(name string, r io.Reader, lim Limits, sink Sink) error {
	tr := tar.NewReader(r)
	b := &budget{lim: lim}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("corrupt tar archive: %w", err)
		}
		ename := name + "!" + h.Name
		b.entries++
		if b.entries > lim.MaxEntries {
			return fmt.Errorf("more than %d entries (stopped reading)", lim.MaxEntries)
		}
		switch h.Typeflag {
		case tar.TypeReg, tar.TypeRegA:
		case tar.TypeDir, tar.TypeXGlobalHeader:
			continue
		case tar.TypeSymlink, tar.TypeLink:
			sink.Skip(ename, "link entry ("+h.Linkname+") not followed")
			continue
		default:
			sink.Skip(ename, fmt.Sprintf("not a regular file (tar type %q)", h.Typeflag))
			continue
		}
		if why := UnsafeName(h.Name); why != "" {
			sink.Skip(ename, why)
			continue
		}
		data, why, err := b.readEntry(tr, h.Size)
		if why != "" {
			sink.Skip(ename, why)
		}
		if err == errArchiveBudget {
			return fmt.Errorf("stopped: %s", why)
		}
		if err != nil {
			return fmt.Errorf("corrupt tar archive at %s: %w", h.Name, err)
		}
		if why == "" {
			sink.Entry(ename, data)
		}
	}
}

// decompressors open the compressed kinds (gzip from the standard
// library, the others from github.com/mholt/archives).
var decompressors = map[Kind]struct {
	name string
	open func(io.Reader) (io.ReadCloser, error)
}{
	Gzip:  {"gzip", func(r io.Reader) (io.ReadCloser, error) { return gzip.NewReader(r) }},
	Xz:    {"xz", archives.Xz{}.OpenReader},
	Zstd:  {"zstd", archives.Zstd{}.OpenReader},
	Bzip2: {"bzip2", archives.Bz2{}.OpenReader},
}

// walkCompressed handles a compressed stream: a compressed tar, or one
// compressed log.
func walkCompressed(name string, k Kind, r io.Reader, lim Limits, sink Sink) error {
	d := decompressors[k]
	zr, err := d.open(r)
	if err != nil {
		return fmt.Errorf("corrupt %s: %w", d.name, err)
	}
	defer zr.Close()
	br := bufio.NewReaderSize(zr, 64<<10)
	head, err := br.Peek(512)
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return fmt.Errorf("corrupt %s: %w", d.name, err)
	}
	if isTarHeader(head) {
		return walkTar(name, br, lim, sink)
	}
	b := &budget{lim: lim}
	data, why, err := b.readEntry(br, 0)
	if why != "" {
		sink.Skip(name, why)
		return nil
	}
	if err != nil {
		return fmt.Errorf("corrupt %s: %w", d.name, err)
	}
	sink.Entry(name, data)
	return nil
}

// walkZip reads a zip through random access.
func walkZip(name string, ra io.ReaderAt, size int64, lim Limits, sink Sink) error {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return fmt.Errorf("corrupt zip archive: %w", err)
	}
	if len(zr.File) > lim.MaxEntries {
		return fmt.Errorf("%d entries, over the cap of %d (not read)", len(zr.File), lim.MaxEntries)
	}
	b := &budget{lim: lim}
	for _, f := range zr.File {
		ename := name + "!" + f.Name
		if f.FileInfo().IsDir() {
			continue
		}
		if !f.Mode().IsRegular() {
			sink.Skip(ename, "not a regular file ("+f.Mode().String()+")")
			continue
		}
		if why := UnsafeName(f.Name); why != "" {
			sink.Skip(ename, why)
			continue
		}
		if int64(f.UncompressedSize64) > lim.MaxLogBytes || f.UncompressedSize64 > 1<<62 {
			sink.Skip(ename, fmt.Sprintf("entry declares %d bytes uncompressed, over the %d-byte cap (possible zip bomb)", f.UncompressedSize64, lim.MaxLogBytes))
			continue
		}
		rc, err := f.Open()
		if err != nil {
			sink.Skip(ename, "cannot open entry: "+err.Error())
			continue
		}
		data, why, err := b.readEntry(rc, int64(f.UncompressedSize64))
		rc.Close()
		switch {
		case err == errArchiveBudget:
			sink.Skip(ename, why)
			return fmt.Errorf("stopped: %s", why)
		case errors.Is(err, zip.ErrFormat):
			// archive/zip stops reading past the declared size.
			sink.Skip(ename, "entry holds more data than its header declares (corrupt, or a zip bomb): "+err.Error())
		case err != nil:
			sink.Skip(ename, "corrupt entry: "+err.Error())
		case why != "":
			sink.Skip(ename, why)
		default:
			sink.Entry(ename, data)
		}
	}
	return nil
}

// ArchiveLike reports whether a file name suggests an archive.
func ArchiveLike(p string) bool {
	l := strings.ToLower(path.Base(strings.ReplaceAll(p, `\`, "/")))
	for _, ext := range []string{".zip", ".tar", ".tgz", ".gz", ".xz", ".txz", ".zst", ".tzst", ".bz2", ".tbz2"} {
		if strings.HasSuffix(l, ext) {
			return true
		}
	}
	return false
}
