// Package sanitize makes text from a crash log safe to show. A log is
// written by another machine and can be crafted by anybody: its thread
// names, paths, command lines and archive entry names may carry terminal
// escape sequences (ESC, OSC titles and hyperlinks, BEL, CR, BS), Markdown
// and HTML that turn live when pasted into an issue, or spreadsheet formulas.
// Every writer of text, Markdown or CSV passes log-derived strings through
// here; HTML goes through html/template only.
package sanitize

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Line returns s with every control character, invalid UTF-8 byte and
// bidirectional-override rune shown as a visible escape (\x1b, \r, \u202e),
// so that one log field stays one line on a terminal and cannot move the
// cursor, set a title or reorder text. Tab is kept.
func Line(s string) string { return escape(s, false) }

// Text is Line for multi-line text: newlines are kept, every other control
// character is escaped.
func Text(s string) string { return escape(s, true) }

func escape(s string, keepNewline bool) string {
	if clean(s, keepNewline) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case r == '\n' && keepNewline, r == '\t':
			b.WriteRune(r)
		case unsafeRune(r):
			b.WriteString(visible(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// clean reports whether s needs no escaping (the common case, checked
// without allocating).
func clean(s string, keepNewline bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return cleanUTF8(s[i:])
		}
		if c < 0x20 && c != '\t' && !(c == '\n' && keepNewline) || c == 0x7f {
			return false
		}
	}
	return true
}

func cleanUTF8(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || (r != '\t' && r != '\n' && unsafeRune(r)) {
			return false
		}
	}
	// a lone '\n' (when not kept) is an ASCII control and caught by clean's
	// ASCII loop only before the first non-ASCII byte: check again here
	return !strings.ContainsAny(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\n")
}

// unsafeRune: C0 and C1 controls, DEL, and the Unicode format characters
// that reorder or hide text (bidi embeddings, overrides and isolates, the
// zero-width marks and BOM).
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r >= 0x200b && r <= 0x200d, r == 0xfeff, r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

func visible(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case 0x1b:
		return `\x1b`
	}
	if r < 0x100 {
		return `\x` + hex2(byte(r))
	}
	q := strconv.QuoteRuneToASCII(r) // '\u202e'
	return q[1 : len(q)-1]
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}
