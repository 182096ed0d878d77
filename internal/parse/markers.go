package parse

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// Marker kinds (model.Marker.Kind).
const (
	markSecondaryError = "secondary-error"
	markStepTimeout    = "step-timeout"
	markStopReattempt  = "stop-reattempt"
	markConcurrent     = "concurrent-error"
	markTooMany        = "too-many-errors"
	markReportTimeout  = "report-timeout"
	markRetryStack     = "retry-stack"
)

const (
	secondaryPrefix = "[error occurred during error reporting"
	timeoutPrefix   = "[timeout occurred during error reporting"
)

// marker recognises the artefacts HotSpot writes when a reporting step
// crashes or hangs (hs_err-format.md §8). The interrupted block ends; the
// next step's output follows.
func (p *parser) marker(s string) bool {
	var m model.Marker
	switch s[0] {
	case '[':
		if !bracketMarker(s, &m) {
			return false
		}
	case '-':
		if !strings.HasPrefix(s, "------ Timeout during error reporting") {
			return false
		}
		m.Kind = markReportTimeout
	case 'R':
		if !strings.HasPrefix(s, "Retrying call stack printing") {
			return false
		}
		m.Kind = markRetryStack
	default:
		return p.inlineMarker(s)
	}
	p.addMarker(m, s)
	p.endBlock()
	return true
}

// bracketMarker reads the "[…]" markers into m.
func bracketMarker(s string, m *model.Marker) bool {
	switch {
	case strings.HasPrefix(s, secondaryPrefix):
		m.Kind = markSecondaryError
		m.Step = stepName(strings.TrimPrefix(s, secondaryPrefix))
	case strings.HasPrefix(s, timeoutPrefix):
		m.Kind = markStepTimeout
		if i := strings.IndexByte(s, '"'); i >= 0 {
			if j := strings.IndexByte(s[i+1:], '"'); j >= 0 {
				m.Step = s[i+1 : i+1+j]
			}
		}
	case strings.HasPrefix(s, "[stop reattempt"):
		m.Kind = markStopReattempt
		m.Step = stepName(strings.TrimPrefix(s, "[stop reattempt"))
	case strings.HasPrefix(s, "[thread ") && strings.HasSuffix(s, "also had an error]"):
		m.Kind = markConcurrent
	case strings.HasPrefix(s, "[Too many errors, abort]"):
		m.Kind = markTooMany
	default:
		return false
	}
	return true
}

// inlineMarker: a marker can follow a partial line on the same physical
// line when the step died mid-print without a newline. Markers end in "]"
// or "… s."; other lines are not searched. The partial line is handled as
// a line of its own, the marker after it.
func (p *parser) inlineMarker(s string) bool {
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
		if i > 0 && (strings.HasPrefix(rest, secondaryPrefix) || strings.HasPrefix(rest, timeoutPrefix)) {
			p.line(s[:i])
			p.n-- // same physical line
			return p.marker(rest)
		}
		off = i + 1
	}
}

// addMarker records a marker: the first maxMarkers are kept, the others
// counted in Cut (a crafted log may hold millions).
func (p *parser) addMarker(m model.Marker, s string) {
	pi := &p.log.Parse
	if m.Kind == markReportTimeout {
		p.timedOut = true
	}
	if len(pi.Markers) >= maxMarkers {
		p.cut("error-reporting markers")
		return
	}
	m.Line = p.lineOf(s)
	pi.Markers = append(pi.Markers, m)
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
