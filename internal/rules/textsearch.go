package rules

import (
	"fmt"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// findText returns the first log line containing any of subs, for messages
// HotSpot writes outside a structured field (VM warnings echoed in event
// logs or unknown blocks, header lines, Logging output). It searches every
// place the model keeps text.
func findText(p *Pass, subs ...string) (model.Line, bool) {
	// Most lines lack the rarest byte of every needle, and IndexByte is far
	// cheaper than Contains: a line is searched only when it has that byte.
	var buf [8]byte
	rare := buf[:0]
	for _, x := range subs {
		rare = append(rare, rarestByte(x))
	}
	has := func(s string) bool {
		missing := -1 // a rare byte s lacks: needles often share one ("Could not …")
		for i, x := range subs {
			if int(rare[i]) == missing {
				continue
			}
			if x != "" && strings.IndexByte(s, rare[i]) < 0 {
				missing = int(rare[i])
				continue
			}
			if strings.Contains(s, x) {
				return true
			}
		}
		return false
	}
	l := p.Log
	if hl, ok := headerMatch(l, subs...); ok {
		return hl, true
	}
	for _, el := range l.Process.Events {
		for _, e := range el.Events {
			if has(e.Text) {
				return eventLine(p, e), true
			}
		}
	}
	for _, ln := range l.Process.Logging {
		if has(ln.Text) {
			return ln, true
		}
	}
	for _, u := range l.Parse.Unknown {
		if has(u.Text) {
			return u.Line, true
		}
	}
	for _, b := range l.Blocks {
		for i, s := range b.Lines {
			if has(s) {
				return model.Line{N: b.First + i, Text: s}, true
			}
		}
	}
	return model.Line{}, false
}

// commonBytes are bytes frequent in the texts findText searches (space, hex
// digits, most lower-case letters, some punctuation), roughly most frequent
// first as measured on the corpus. Anything else counts as rare; that the
// list is short makes rarestByte stop early on most needles.
const commonBytes = " 0123456789abcdefxtsonrilpu,K|m)\n:gvh.[=y/"

// byteRank ranks bytes by rarity: 0 for the most frequent, more for rarer
// ones, the most for bytes not in commonBytes.
var byteRank = func() (r [256]uint8) {
	for i := range r {
		r[i] = uint8(len(commonBytes))
	}
	for i := 0; i < len(commonBytes); i++ {
		r[commonBytes[i]] = uint8(i)
	}
	return r
}()

// rarestByte is the byte of a non-empty s least likely in log text (0 for "").
func rarestByte(s string) byte {
	var best byte
	for i := 0; i < len(s); i++ {
		if i == 0 || byteRank[s[i]] > byteRank[best] {
			best = s[i]
			if int(byteRank[best]) == len(commonBytes) {
				break // none is rarer
			}
		}
	}
	return best
}

// event returns the first event of the named event log whose text has any
// of subs.
func event(p *Pass, logName string, subs ...string) (model.Line, bool) {
	for _, el := range p.Log.Process.Events {
		if !strings.HasPrefix(el.Name, logName) {
			continue
		}
		for _, e := range el.Events {
			for _, s := range subs {
				if strings.Contains(e.Text, s) {
					return eventLine(p, e), true
				}
			}
		}
	}
	return model.Line{}, false
}

// eventLine quotes an event's first line as HotSpot printed it.
func eventLine(p *Pass, e model.Event) model.Line {
	if e.Raw != "" {
		return model.Line{N: e.Line, Text: e.Raw}
	}
	text := fmt.Sprintf("Event: %.3f %s", e.Time, e.Text)
	if e.HasThread {
		text = fmt.Sprintf("Event: %.3f Thread 0x%016x %s", e.Time, e.Thread, e.Text)
	}
	first, _, _ := strings.Cut(text, "\n")
	return p.Line(e.Line, first)
}

// firstWord is the first space-separated word of s, "" when there is none.
func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}
