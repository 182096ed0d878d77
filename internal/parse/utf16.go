package parse

import (
	"bufio"
	"io"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encodings of UTF-16 input (model.ParseInfo.Encoding). Windows tools
// (PowerShell's '>' redirection, Notepad's "Unicode") save a copied crash
// log as UTF-16; read as bytes, every other byte is a NUL and no line is
// recognised.
const (
	encUTF16LE = "utf-16le"
	encUTF16BE = "utf-16be"
)

// sniffLen is how much of the input the UTF-16 test looks at.
const sniffLen = 512

// utf16Of names the UTF-16 encoding of the input that starts with b, or
// returns "": a byte-order mark, or text whose first bytes are ASCII
// interleaved with NULs (UTF-16 without a mark).
func utf16Of[T string | []byte](b T) string {
	switch {
	case len(b) >= 2 && b[0] == 0xff && b[1] == 0xfe && !(len(b) >= 4 && b[2] == 0 && b[3] == 0):
		return encUTF16LE // (FF FE 00 00 would be UTF-32)
	case len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff:
		return encUTF16BE
	}
	b = b[:min(len(b), sniffLen)&^1]
	if len(b) < 8 {
		return ""
	}
	le, be := 0, 0
	for i := 0; i < len(b); i += 2 {
		switch {
		case b[i] != 0 && b[i] < 0x80 && b[i+1] == 0:
			le++
		case b[i] == 0 && b[i+1] != 0 && b[i+1] < 0x80:
			be++
		}
	}
	// Nearly every unit is ASCII with a NUL half: binary data with NULs
	// does not look like that for 256 units in a row.
	pairs := len(b) / 2
	switch {
	case le*20 >= pairs*19:
		return encUTF16LE
	case be*20 >= pairs*19:
		return encUTF16BE
	}
	return ""
}

// utf16Decoder decodes enc, honouring and dropping a byte-order mark.
func utf16Decoder(enc string) *encoding.Decoder {
	order := unicode.LittleEndian
	if enc == encUTF16BE {
		order = unicode.BigEndian
	}
	return unicode.UTF16(order, unicode.UseBOM).NewDecoder()
}

// decodeUTF16String decodes an in-memory UTF-16 input; invalid units become
// U+FFFD, as the streamed decoder makes them.
func decodeUTF16String(s, enc string) string {
	out, _, err := transform.String(utf16Decoder(enc), s)
	if err != nil {
		return s // the decoder replaces what it cannot read; kept for safety
	}
	return out
}

// countingReader counts the bytes read through it: the input's size, when
// what is parsed is its decoded text.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// decodeUTF16 makes a streamed lineReader read its input decoded from
// UTF-16 when the input's first bytes say it is; lr.encoding names it.
func (lr *lineReader) decodeUTF16() {
	head, _ := lr.r.Peek(sniffLen)
	enc := utf16Of(head)
	if enc == "" {
		return
	}
	lr.encoding = enc
	lr.raw = &countingReader{r: lr.r}
	lr.pooled, lr.r = lr.r, bufio.NewReaderSize(transform.NewReader(lr.raw, utf16Decoder(enc)), 64<<10)
}
