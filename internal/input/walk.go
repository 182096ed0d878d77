package input

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// WalkFile reads an open file by its content: a plain log (nearly every
// input) is read into one buffer sized from the file's size; an archive or
// a compressed file is walked, each log in it handed to sink. It returns an
// error when the file as a whole cannot be read (the caller reports it).
func WalkFile(name string, f *os.File, lim Limits, sink Sink) error {
	_, err := WalkFileInto(name, f, -1, lim, sink, nil)
	return err
}

// WalkFileInto is WalkFile reading a plain log into buf's storage when it
// is large enough, and returns the storage it used, for the caller to pass
// again once sink no longer holds the bytes of the previous log (a worker
// of many small logs so reuses one buffer instead of allocating, and
// zeroing, one per log). size is the file's size when the caller has it
// (a negative size: WalkFileInto asks the file).
func WalkFileInto(name string, f *os.File, size int64, lim Limits, sink Sink, buf []byte) ([]byte, error) {
	if size < 0 {
		size = 0
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
	}
	if size > 0 && size <= min(lim.MaxLogBytes, wholeRead) {
		// the whole file in one read, its kind told from its first bytes
		return walkSmallFile(name, f, size, lim, sink, buf)
	}
	var headBuf [512]byte
	head, _, err := ReadUpTo(headBuf[:0], f, int64(len(headBuf)-1)) // stops at 512 bytes
	if err != nil {
		return buf, errors.New("cannot read: " + ErrText(err))
	}
	if k := Sniff(head); k != Plain {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return buf, errors.New("cannot read: " + ErrText(err))
		}
		return buf, walkKind(name, f, k, size, lim, sink)
	}
	if hint := SizeHint(size, lim.MaxLogBytes); int64(cap(buf)) < hint {
		buf = make([]byte, 0, hint)
	}
	data, _, err := ReadUpTo(append(buf[:0], head...), f, lim.MaxLogBytes)
	if err != nil {
		return data, errors.New("cannot read: " + ErrText(err))
	}
	plainLog(name, data, lim, sink)
	return data, nil
}

// plainLog hands a plain file's bytes to sink as a log, or skips a file
// larger than one log's cap (ReadUpTo stops one byte past it).
func plainLog(name string, data []byte, lim Limits, sink Sink) {
	if int64(len(data)) > lim.MaxLogBytes {
		sink.Skip(name, "file larger than the "+fmt.Sprint(lim.MaxLogBytes)+"-byte cap for one log")
		return
	}
	sink.Entry(name, data)
}

// wholeRead is the largest file read whole before its kind is known: a
// log (nearly all are smaller) costs one read fewer, and an archive or a
// compressed file of that size is read twice at most (it is then streamed
// from its start), never held in memory whole.
const wholeRead = 1 << 20

// walkKind walks a compressed file or an archive from f's current offset.
func walkKind(name string, f *os.File, k Kind, size int64, lim Limits, sink Sink) error {
	switch {
	case k == Zip:
		return walkZip(name, f, size, lim, sink)
	case k.Compressed():
		return walkCompressed(name, k, bufio.NewReaderSize(f, 256<<10), lim, sink)
	default:
		return walkTar(name, bufio.NewReaderSize(f, 256<<10), lim, sink)
	}
}

// walkSmallFile reads a file no larger than one log's cap into buf's
// storage at once; a compressed file or an archive is then read again from
// its start, as a stream.
func walkSmallFile(name string, f *os.File, size int64, lim Limits, sink Sink, buf []byte) ([]byte, error) {
	if int64(cap(buf)) < size+1 {
		buf = make([]byte, 0, size+1)
	}
	data, _, err := ReadUpTo(buf[:0], f, lim.MaxLogBytes)
	if err != nil {
		return data, errors.New("cannot read: " + ErrText(err))
	}
	if k := Sniff(data[:min(len(data), 512)]); k != Plain {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return data, errors.New("cannot read: " + ErrText(err))
		}
		return data, walkKind(name, f, k, size, lim, sink)
	}
	plainLog(name, data, lim, sink) // it may have grown past the cap since its size was taken
	return data, nil
}

// WalkStream reads a stream (standard input) by its content, as WalkFile
// does a file; a zip, which needs random access, is held in memory up to
// lim.MaxStdinZip.
func WalkStream(name string, r io.Reader, lim Limits, sink Sink) error {
	br := bufio.NewReaderSize(r, 256<<10)
	head, _ := br.Peek(512)
	switch k := Sniff(head); {
	case k.Compressed():
		return walkCompressed(name, k, br, lim, sink)
	case k == Tar:
		return walkTar(name, br, lim, sink)
	case k == Zip:
		b := &budget{lim: Limits{MaxLogBytes: lim.MaxStdinZip, MaxArchiveBytes: lim.MaxStdinZip}}
		data, why, err := b.readEntry(br, 0)
		switch {
		case why != "":
			sink.Skip(name, fmt.Sprintf("zip on standard input is larger than %d bytes: pass it as a file", lim.MaxStdinZip))
			return nil
		case err != nil:
			return errors.New("cannot read: " + ErrText(err))
		}
		return walkZip(name, bytes.NewReader(data), int64(len(data)), lim, sink)
	}
	b := &budget{lim: lim}
	data, why, err := b.readEntry(br, 0)
	switch {
	case why != "":
		sink.Skip(name, "input larger than the cap for one log")
	case err != nil:
		return errors.New("cannot read: " + ErrText(err))
	default:
		sink.Entry(name, data)
	}
	return nil
}

// ErrText is an error without the path an *fs.PathError repeats (the
// caller names the input already).
func ErrText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
