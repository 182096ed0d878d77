package parse

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"sync"
)

// MaxLine is the longest line the parser keeps; the rest of a longer line is
// skipped (counted in ParseInfo.LongLines). HotSpot's longest lines (class
// path, command line) are far below this.
const MaxLine = 1 << 20

// lineReader yields lines without their terminator and without a trailing
// '\r', in bounded memory whatever the input (no bufio.Scanner token limit).
type lineReader struct {
	r       *bufio.Reader
	src     string // the input when it is already in memory (mem is set)
	looked  int    // lines ahead looked at, to test that it stays linear
	mem     bool
	whole   string // the whole in-memory input
	at      int    // where the last line returned starts in whole
	long    []byte // accumulates a line longer than the bufio buffer
	bytes   int64
	crlf    bool
	longCut int
	err     error

	// UTF-16 input (utf16.go): encoding names it, raw counts the bytes
	// read, pooled is the buffer to give back to readers.
	encoding string
	raw      *countingReader
	rawLen   int64 // the size of an in-memory input before decoding
	pooled   *bufio.Reader
}

// readers are reused: a 64 KiB buffer per parse would otherwise dominate the
// allocations of parsing many small logs (triage).
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, 64<<10) }}

func newLineReader(r io.Reader) *lineReader {
	br := readers.Get().(*bufio.Reader)
	br.Reset(r)
	return &lineReader{r: br}
}

// release returns the buffer to the pool; the reader is unusable after.
func (lr *lineReader) release() {
	if lr.pooled != nil {
		lr.r, lr.pooled = lr.pooled, nil
	}
	if lr.r == nil {
		return
	}
	lr.r.Reset(nil)
	readers.Put(lr.r)
	lr.r = nil
}

// inputBytes is the size of the input read: the bytes before decoding
// when it was UTF-16.
func (lr *lineReader) inputBytes() int64 {
	switch {
	case lr.raw != nil:
		return lr.raw.n
	case lr.encoding != "":
		return lr.rawLen
	}
	return lr.bytes
}

// newStringReader reads lines straight out of s: every line is a substring
// of s, so parsing allocates nothing per line (the model then keeps s alive,
// which is what an in-memory caller already holds).
func newStringReader(s string) *lineReader {
	if enc := utf16Of(s); enc != "" {
		d := decodeUTF16String(s, enc)
		return &lineReader{src: d, mem: true, whole: d, encoding: enc, rawLen: int64(len(s))}
	}
	return &lineReader{src: s, mem: true, whole: s}
}

// nextInMemory is next for an in-memory input: the same lines, the same
// cut of over-long lines, without the bufio buffer.
func (lr *lineReader) nextInMemory() (string, bool) {
	if len(lr.src) == 0 {
		return "", false
	}
	lr.at = len(lr.whole) - len(lr.src)
	line := lr.src
	if i := strings.IndexByte(lr.src, '\n'); i >= 0 {
		line, lr.src = lr.src[:i], lr.src[i+1:]
		lr.bytes += int64(i + 1)
	} else {
		lr.src = lr.src[len(lr.src):]
		lr.bytes += int64(len(line))
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
		lr.crlf = true
	}
	if len(line) > MaxLine {
		line = line[:MaxLine]
		lr.longCut++
	}
	return line, true
}

// ahead counts, in an in-memory input, the lines after the last one
// returned that fit a block: fit says whether a line is one of its items and
// whether the block may go on after it. It stops at max items. A streamed
// input cannot be looked ahead: the count is 0.
//
// Lists are sized with it once instead of growing by doubling: the lines
// are scanned twice, but copying and collecting large structs cost more.
func (lr *lineReader) ahead(max int, fit func(string) (item, more bool)) int {
	if !lr.mem {
		return 0
	}
	n := 0
	for s := lr.src; n < max && len(s) > 0; lr.looked++ {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		item, more := fit(strings.TrimSuffix(line, "\r"))
		if item {
			n++
		}
		if !more {
			break
		}
	}
	return n
}

// joinNext returns text + "\n" + s, where s is (the start of) the last line
// returned: a substring of the input when joinInPlace finds one, else a
// copy. Items of many lines use the parser's joiner instead (joinLine),
// which does not re-copy the text at every line.
func (lr *lineReader) joinNext(text, s string) string {
	if t, ok := lr.joinInPlace(text, s); ok {
		return t
	}
	return text + "\n" + s
}

// joinInPlace returns text + "\n" + s as a substring of an in-memory input
// when text ends the line just before s, the last line returned; ok is
// false otherwise. The string comparison is quick: equal substrings share
// their bytes.
func (lr *lineReader) joinInPlace(text, s string) (string, bool) {
	// A CRLF input never holds the joined text ("\r\n" between lines).
	if !lr.mem || lr.crlf {
		return "", false
	}
	w, at := lr.whole, lr.at
	if start := at - 1 - len(text); start >= 0 && at+len(s) <= len(w) &&
		w[at-1] == '\n' && w[start:at-1] == text && w[at:at+len(s)] == s {
		return w[start : at+len(s)], true
	}
	return "", false
}

// next returns the next line, or ok=false at the end of input.
func (lr *lineReader) next() (string, bool) {
	if lr.mem {
		return lr.nextInMemory()
	}
	b, ok := lr.nextStreamed()
	return string(b), ok
}

// nextStreamed reads the next line from r. The slice is only valid until the
// following call. A line longer than the bufio buffer is gathered in long,
// at most MaxLine+1 bytes of it (room for a final '\r'); it is then cut
// exactly as nextInMemory cuts it.
func (lr *lineReader) nextStreamed() ([]byte, bool) {
	if lr.err != nil {
		return nil, false
	}
	lr.long = lr.long[:0]
	total := 0 // bytes of the line, its '\n' excluded
	var last byte
	for spilled := false; ; spilled = true {
		frag, err := lr.r.ReadSlice('\n')
		lr.bytes += int64(len(frag))
		full := errors.Is(err, bufio.ErrBufferFull)
		if err != nil && !full {
			lr.err = err
		}
		body := frag
		if !full && len(body) > 0 && body[len(body)-1] == '\n' {
			body = body[:len(body)-1]
		}
		if !full && !spilled { // the whole line is in the buffer
			if len(frag) == 0 && lr.err != nil {
				return nil, false
			}
			return lr.cutLine(body, len(body), lastByte(body)), true
		}
		total += len(body)
		if len(body) > 0 {
			last = lastByte(body)
		}
		if room := MaxLine + 1 - len(lr.long); room > 0 {
			lr.long = append(lr.long, body[:min(room, len(body))]...)
		}
		if !full {
			break
		}
	}
	return lr.cutLine(lr.long, total, last), true
}

// cutLine applies nextInMemory's rules to a line of total bytes ending in
// last, of which line holds the first min(total, MaxLine+1): a final '\r'
// is dropped (and marks the input CRLF), and what is left past MaxLine is
// cut.
func (lr *lineReader) cutLine(line []byte, total int, last byte) []byte {
	if total > 0 && last == '\r' {
		lr.crlf = true
		total--
		line = line[:min(len(line), total)]
	}
	if total > MaxLine {
		line = line[:MaxLine]
		lr.longCut++
	}
	return line
}

func lastByte(b []byte) byte {
	if len(b) == 0 {
		return 0
	}
	return b[len(b)-1]
}

// readErr is the I/O error that stopped reading, if it was not EOF.
func (lr *lineReader) readErr() error {
	if errors.Is(lr.err, io.EOF) {
		return nil
	}
	return lr.err
}

// binary reports whether a line looks like binary garbage rather than text:
// NUL bytes or mostly control bytes. Invalid UTF-8 alone is not binary (paths
// and thread names may hold any bytes).
func binary(line string) bool {
	if len(line) == 0 {
		return false
	}
	ctl := 0
	for _, c := range []byte(line) {
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\t' {
			ctl++
		}
	}
	return ctl*4 > len(line)
}
