package parse

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Small helpers for picking numbers and fields out of HotSpot's printf output.

// hexDigit maps a byte to its hex value, or 0xff.
var hexDigit = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c-'a') + 10
		t[c-'a'+'A'] = byte(c-'a') + 10
	}
	return t
}()

// hexVal parses "0x1f", "1f", "0X1F" (and nothing else).
func hexVal(s string) (uint64, bool) {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if s == "" || len(s) > 16 {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		d := hexDigit[s[i]]
		if d == 0xff {
			return 0, false
		}
		v = v<<4 | uint64(d)
	}
	return v, true
}

// numVal parses a decimal or 0x-prefixed hex number.
func numVal(s string) (uint64, bool) {
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		return hexVal(s)
	}
	v, err := strconv.ParseUint(s, 10, 64)
	return v, err == nil
}

// leadingHex reads a 0x-prefixed hex number at the start of s and returns it
// and the rest of s.
func leadingHex(s string) (uint64, string, bool) {
	if len(s) < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') {
		return 0, s, false
	}
	// One pass: the digits are found and summed together (this runs for
	// every address of thread lists, frames and memory maps).
	var v uint64
	i := 2
	for ; i < len(s); i++ {
		d := hexDigit[s[i]]
		if d == 0xff {
			break
		}
		v = v<<4 | uint64(d)
	}
	if n := i - 2; n == 0 || n > 16 {
		return 0, s[i:], false
	}
	return v, s[i:], true
}

// afterKey returns the text after the first occurrence of key in s, up to the
// next stop byte (or the end), and whether key was found.
func afterKey(s, key string, stop byte) (string, bool) {
	i := strings.Index(s, key)
	if i < 0 {
		return "", false
	}
	rest := s[i+len(key):]
	if stop != 0 {
		if j := strings.IndexByte(rest, stop); j >= 0 {
			rest = rest[:j]
		}
	}
	return strings.TrimSpace(rest), true
}

func isHex(c byte) bool { return hexDigit[c] != 0xff }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// nextField returns the first field of s as strings.Fields delimits it
// (ASCII and Unicode spaces) and the text after it; field is "" when s has
// none left. Lines are walked field by field without a slice of them.
func nextField(s string) (field, rest string) {
	i := 0
	for i < len(s) {
		n := spaceLen(s, i)
		if n == 0 {
			break
		}
		i += n
	}
	j := i
	for j < len(s) && spaceLen(s, j) == 0 {
		j++ // a space never starts inside a valid rune: no need to decode
	}
	return s[i:j], s[j:]
}

// spaceLen is the length of the space at s[i], or 0.
func spaceLen(s string, i int) int {
	switch c := s[i]; {
	case c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
		return 1
	case c < utf8.RuneSelf:
		return 0
	}
	if r, n := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
		return n
	}
	return 0
}

// cut splits s at the first sep; ok is false when sep is absent.
func cut(s, sep string) (before, after string, ok bool) {
	return strings.Cut(s, sep)
}
