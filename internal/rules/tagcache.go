package rules

import (
	"strings"

	"github.com/hserr/hserr/internal/memo"
)

// The frame patterns are regular expressions over whole frame lines and
// cost most of a verdict's time. Frames repeat heavily across a fleet (the
// same JVM, JDK and library symbols in crash after crash), so the tags are
// remembered per frame text, with hex numbers (offsets, addresses) removed:
// no pattern looks at them, and removing them lets the same symbol from
// another build hit the cache.

// frameLineCache is keyed by the frame text as printed, before stripHex.
// Library names are classified by the catalogue's regexes the same way.
// memo copies its keys, so no entry pins a log's text.
var (
	frameTagCache  = memo.New[[]string](1 << 16)
	frameLineCache = memo.New[[]string](1 << 16)
	libCache       = memo.New[Lib](1 << 14)
)

// stripHex replaces every 0x-prefixed hex number with "0x".
func stripHex(s string) string {
	i := strings.Index(s, "0x")
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i >= 0 {
		b.WriteString(s[:i+2])
		s = s[i+2:]
		j := 0
		for j < len(s) && isHexDigit(s[j]) {
			j++
		}
		s = s[j:]
		i = strings.Index(s, "0x")
	}
	b.WriteString(s)
	return b.String()
}

func isHexDigit(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// ResetCaches empties the caches, so a benchmark can measure the first
// sight of every frame and library.
func ResetCaches() {
	frameTagCache.Reset()
	frameLineCache.Reset()
	libCache.Reset()
}
