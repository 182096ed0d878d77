package parse

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// marker recognises the artefacts HotSpot writes when a reporting step
// crashes or hangs (hs_err-format.md §8). The interrupted block ends; the
// next step's output follows.
func (p *parser) marker(s string) bool {
	var m model.Marker
	switch s[0] {
	case '[':
		switch {
		case strings.HasPrefix(s, "[error occurred during error reporting"):
			m.Kind = "secondary-error"
			m.Step = stepName(strings.TrimPrefix(s, "[error occurred during error reporting"))
		case strings.HasPrefix(s, "[timeout occurred during error reporting"):
			m.Kind = "step-timeout"
			if i := strings.IndexByte(s, '"'); i >= 0 {
				if j := strings.IndexByte(s[i+1:], '"'); j >= 0 {
					m.Step = s[i+1 : i+1+j]
				}
			}
		case strings.HasPrefix(s, "[stop reattempt"):
			m.Kind = "stop-reattempt"
			m.Step = stepName(strings.TrimPrefix(s, "[stop reattempt"))
		case strings.HasPrefix(s, "[thread ") && strings.HasSuffix(s, "also had an error]"):
			m.Kind = "concurrent-error"
		case strings.HasPrefix(s, "[Too many errors, abort]"):
			m.Kind = "too-many-errors"
		default:
			return false
		}
	case '-':
		if !strings.HasPrefix(s, "------ Timeout during error reporting") {
			return false
		}
		m.Kind = "report-timeout"
	case 'R':
		if !strings.HasPrefix(s, "Retrying call stack printing") {
			return false
		}
		m.Kind = "retry-stack"
	default:
		// A marker can follow a partial line on the same physical line when
		// the step died mid-print without a newline. Markers end in "]" or
		// "… s."; other lines are not searched.
		if !strings.HasSuffix(s, "]") && !strings.HasSuffix(s, " s.") {
			return false
		}
		for off := 0; ; {
			i := strings.IndexByte(s[off:], '[')
			if i < 0 {
				return false
			}
			i += off
			rest := s[i:]
			if i > 0 && (strings.HasPrefix(rest, "[error occurred during error reporting") ||
				strings.HasPrefix(rest, "[timeout occurred during error reporting")) {
				p.line(s[:i])
				p.n-- // same physical line
				return p.marker(rest)
			}
			off = i + 1
		}
	}
	m.Line = p.lineOf(s)
	p.log.Parse.Markers = append(p.log.Parse.Markers, m)
	p.endBlock()
	return true
}

// stepName extracts "printing native stack" from " (printing native stack), id 0xb, …]".
func stepName(rest string) string {
	rest = strings.TrimSpace(rest)
	if i := strings.Index(rest, ", id 0x"); i >= 0 {
		rest = rest[:i]
	} else if i := strings.Index(rest, " reason:"); i >= 0 {
		rest = rest[:i]
	}
	rest = strings.TrimSuffix(rest, "]")
	rest = strings.TrimPrefix(rest, "(")
	rest = strings.TrimSuffix(rest, ")")
	return strings.TrimSpace(rest)
}
