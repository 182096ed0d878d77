package parse

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// finish derives what can only be known at the end: byte order of dumps,
// register family, which sections are present, missing or cut, and the kind
// of input.
func (p *parser) finish(lr *lineReader) {
	l := p.log
	pi := &l.Parse
	pi.Bytes = lr.bytes
	pi.Lines = p.n
	pi.CRLF = lr.crlf
	pi.LongLines = lr.longCut
	if pi.LongLines > 0 {
		p.note("%d line(s) longer than %d bytes were cut", pi.LongLines, MaxLine)
	}
	if pi.BinaryLines > 0 {
		p.note("%d line(s) of binary data were skipped", pi.BinaryLines)
	}

	l.Process.Threads = p.threads.flatten(l.Process.Threads)
	l.Process.Libraries = p.mappings.flatten(l.Process.Libraries)
	vmInfoVersion(&l.Header.Version, l.System.VMInfo.Text)
	if r := l.Thread.Registers; r != nil {
		r.Arch = registerArch(r.Regs)
	}
	big := bigEndian(l)
	finishHex(p.ins, big)
	finishHex(p.tos, big)

	p.sections()
	p.kind()
}

// bigEndian: platforms whose dumps print big-endian words.
func bigEndian(l *model.Log) bool {
	switch l.Header.Version.Arch {
	case "ppc64", "ppc", "s390x", "s390", "sparc", "sparcv9":
		return true
	}
	return false
}

func (p *parser) sections() {
	l := p.log
	pi := &l.Parse
	// A section is complete when a later one started after it; the last one
	// when the report reached its end marker.
	type start struct {
		name string
		line int
	}
	var buf [len(sectionLines{})]start
	present := buf[:0]
	for _, name := range sectionOrder {
		if n, ok := p.seen.at(name); ok {
			present = append(present, start{name, n})
		}
	}
	timedOut := false
	for _, m := range pi.Markers {
		if m.Kind == "report-timeout" {
			timedOut = true
		}
	}
	pi.Complete = l.System.End || (l.System.Elapsed.Text != "" && !timedOut)
	pi.Sections = make([]model.SectionStatus, 0, len(sectionOrder))
	for _, name := range sectionOrder {
		st := model.SectionStatus{Name: name}
		if n, ok := p.seen.at(name); ok {
			st.Present = true
			st.Line = n
			st.Complete = pi.Complete
			for _, other := range present {
				if other.line > n {
					st.Complete = true
				}
			}
		}
		pi.Sections = append(pi.Sections, st)
	}
}

func (p *parser) kind() {
	l := p.log
	pi := &l.Parse
	body := 0
	for _, s := range []string{secSummary, secThread, secProcess, secSystem} {
		if _, ok := p.seen.at(s); ok {
			body++
		}
	}
	switch {
	case l.Header.Present && body > 0:
		pi.Kind = "hs_err"
	case l.Header.Present && l.Header.ErrorKind != "":
		pi.Kind = "console"
		p.note("only the '#' header is present (console output): no registers, stacks or libraries")
	case l.Header.Present:
		pi.Kind = "console"
		p.note("only a partial '#' header is present")
	case body > 0:
		pi.Kind = "fragment"
		p.note("the '#' header is missing: this is a fragment of a report")
	case pi.Foreign != nil:
		pi.Kind = "foreign"
		p.note("this is a %s crash report, not a HotSpot hs_err log (line %d)", pi.ForeignRuntime, pi.Foreign.N)
		return
	default:
		pi.Kind = "unknown"
		p.note("no hs_err content was recognised")
		return
	}
	if pi.Kind == "hs_err" && !pi.Complete {
		pi.Truncated = true
		last := ""
		for _, s := range pi.Sections {
			if s.Present {
				last = s.Name
			}
		}
		p.note("the report is cut short: no end marker (END. or elapsed time); the last section seen is %s", strings.ToUpper(last))
	}
	if pi.Kind == "hs_err" {
		var missing []string
		for _, s := range pi.Sections {
			if s.Present {
				continue
			}
			if writes, known := l.Header.Version.WritesSummary(); s.Name == secSummary && !(known && writes) {
				continue // JDK ≤ 8 never writes a SUMMARY; missing only where the JDK is known to write one
			}
			missing = append(missing, strings.ToUpper(s.Name))
		}
		if len(missing) > 0 {
			p.note("missing section(s): %s", strings.Join(missing, ", "))
		}
	}
	for _, m := range pi.Markers {
		switch m.Kind {
		case "secondary-error":
			p.note("a reporting step failed at line %d (%s): the block it was printing is incomplete", m.N, m.Step)
		case "step-timeout":
			p.note("a reporting step timed out at line %d (%s)", m.N, m.Step)
		case "report-timeout":
			p.note("error reporting timed out at line %d: the rest of the report is missing", m.N)
		}
	}
}
