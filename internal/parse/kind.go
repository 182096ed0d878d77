package parse

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// Input kinds (model.ParseInfo.Kind).
const (
	kindHsErr    = "hs_err"
	kindConsole  = "console"
	kindFragment = "fragment"
	kindForeign  = "foreign"
	kindUnknown  = "unknown"
)

// genericHeadings are the headings of the table that any text may hold: a
// log, a config file or an e-mail has "Host:", "OS:" or "Memory:" lines.
// Only the other headings ("Register to memory mapping:", "Dynamic
// libraries:", "CPU Model and flags from /proc/cpuinfo:", …) count as
// evidence of a crash report when the header is missing.
var genericHeadings = map[string]bool{
	"Command Line:": true, "Settings File:": true, "Host:": true, "Time:": true,
	"OS:": true, "OS uptime:": true, "libc:": true, "rlimit": true, "load average:": true,
	"Memory:": true, "Page Sizes:": true, "time:": true, "timezone:": true, "elapsed time:": true,
	"END.": true, "Heap": true, "Logging:": true, "Environment Variables:": true, "Active Locale:": true,
	"hw.": true, "machdep.cpu.": true, "WARNING!! ": true, "Release file:": true, "CPU:": true,
	"Online cpus:": true, "Offline cpus:": true, "Current governor:": true, "Available governors:": true,
	"Steal ticks": true, "Frequency switch latency": true, "BIOS frequency limitation:": true,
	"Available cpu frequencies:": true, "Core performance/turbo boost:": true, "Processor Information for": true,
	"Decoder state:": true, "dbghelp:": true, "symbol engine:": true, "umask:": true, "uid  :": true,
	"heap address:": true, "Heap address:": true, "/proc/meminfo:": true, "/proc/sys/": true,
	"/sys/kernel/mm/transparent_hugepage/": true, "/etc/ld.so.preload:": true, "/proc/cpuinfo:": true,
	"Process Memory:": true,
}

// maxMarkerNotes bounds the notes given one per marker; the rest are
// summed up in one note.
const maxMarkerNotes = 20

// kind decides what the input is. A '#' line or a "Host:" line proves
// nothing (shell scripts, READMEs and config files have them): the header
// counts only when it holds something HotSpot writes (headerEvidence), and
// sections without a header only when they hold items no other text has
// (bodyEvidence).
func (p *parser) kind() {
	l := p.log
	pi := &l.Parse
	header := l.Header.Present && headerEvidence(&l.Header)
	body := p.bodySections() > 0
	switch {
	case header && body:
		pi.Kind = kindHsErr
	case header && l.Header.ErrorKind != "":
		pi.Kind = kindConsole
		p.note("only the '#' header is present (console output): no registers, stacks or libraries")
	case header:
		pi.Kind = kindConsole
		p.note("only a partial '#' header is present")
	case body && p.bodyEvidence():
		pi.Kind = kindFragment
		p.note("the '#' header is missing: this is a fragment of a report")
	case pi.Foreign != nil:
		pi.Kind = kindForeign
		p.note("this is a %s crash report, not a HotSpot hs_err log (line %d)", pi.ForeignRuntime, pi.Foreign.N)
		return
	default:
		pi.Kind = kindUnknown
		p.unknownNote()
		return
	}
	if pi.Kind == kindHsErr {
		p.completenessNotes()
	}
	p.markerNotes()
}

// bodySections counts the report's sections after the header that were
// seen.
func (p *parser) bodySections() int {
	n := 0
	for _, s := range []string{secSummary, secThread, secProcess, secSystem} {
		if _, ok := p.seen.at(s); ok {
			n++
		}
	}
	return n
}

// headerEvidence: the '#' block holds a line only HotSpot's header has: the
// banner, an error line with its pc, pid or source position, the JRE or
// Java VM line, a problematic frame, the native out-of-memory line or the
// bug-report address.
func headerEvidence(h *model.Header) bool {
	errorLine := h.ErrorKind != "" && (h.HasPC || h.PID != 0 || h.ErrorSource != "")
	return h.Banner != "" || errorLine || h.JREVersion.N > 0 || h.JavaVM.N > 0 ||
		h.ProblematicFrame != nil || (h.OOM != nil && h.OOM.Line.N > 0) || h.BugURL != ""
}

// bodyEvidence: sections without a header hold an item only a HotSpot
// report has: a heading that is not generic, a section banner, an
// error-reporting marker, a parsed frame,
// register set, siginfo, current thread, stack bounds or dump, a thread
// list, event, mapping, VM argument, flag or signal handler, or vm_info.
// A "Host:", "OS:", "Memory:" or "Time:" line alone is any text's.
func (p *parser) bodyEvidence() bool {
	l := p.log
	t, pr := &l.Thread, &l.Process
	return p.specific > 0 || p.banners > 0 || len(l.Parse.Markers) > 0 || l.System.VMInfo.N > 0 ||
		len(t.NativeFrames)+len(t.JavaFrames) > 0 ||
		(t.Registers != nil && registerArch(t.Registers.Regs) != "") ||
		(t.Siginfo != nil && (t.Siginfo.Signo != 0 || t.Siginfo.ExceptionCode != 0)) ||
		t.NativeThread || (t.Current != nil && t.Current.Address != 0) ||
		(t.Stack != nil && t.Stack.Top != 0) || dumped(t.Instructions) || dumped(t.TopOfStack) ||
		len(pr.Threads) > 0 || len(pr.Libraries) > 0 || hasEvents(pr.Events) ||
		pr.VMArguments.JavaCommand.N > 0 || pr.VMArguments.JVMArgsLine.N > 0 ||
		len(pr.Flags) > 0 || len(pr.SignalHandlers) > 0
}

// dumped: a hex dump with bytes (units are turned into bytes by finish,
// which runs before kind).
func dumped(d *model.HexDump) bool { return d != nil && len(d.Bytes) > 0 }

func hasEvents(logs []model.EventLog) bool {
	for _, el := range logs {
		if len(el.Events) > 0 {
			return true
		}
	}
	return false
}

// unknownNote says why the input is not read as a crash log, naming what
// looked like one and was not.
func (p *parser) unknownNote() {
	l := p.log
	switch {
	case l.Header.Present:
		p.note("no hs_err content was recognised: the lines starting with '#' hold no HotSpot header line " +
			"(banner, error line, JRE version, Java VM, problematic frame)")
	case p.bodySections() > 0:
		p.note("no hs_err content was recognised: the headings seen (Host:, OS:, Memory:, …) are not enough " +
			"without a section banner, a stack, registers or another report item")
	default:
		p.note("no hs_err content was recognised")
	}
}

// completenessNotes: an hs_err report cut short or missing sections.
func (p *parser) completenessNotes() {
	l := p.log
	pi := &l.Parse
	if !pi.Complete {
		pi.Truncated = true
		last := ""
		for _, s := range pi.Sections {
			if s.Present {
				last = s.Name
			}
		}
		p.note("the report is cut short: no end marker (END. or elapsed time); the last section seen is %s", strings.ToUpper(last))
	}
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

// markerNotes gives a note per error-reporting marker, for the first
// maxMarkerNotes; the others are counted in one note (a crafted log may
// hold millions of markers).
func (p *parser) markerNotes() {
	pi := &p.log.Parse
	given, more := 0, 0
	for _, m := range pi.Markers {
		if m.Kind != markSecondaryError && m.Kind != markStepTimeout && m.Kind != markReportTimeout {
			continue
		}
		if given == maxMarkerNotes {
			more++
			continue
		}
		given++
		switch m.Kind {
		case markSecondaryError:
			p.note("a reporting step failed at line %d (%s): the block it was printing is incomplete", m.N, m.Step)
		case markStepTimeout:
			p.note("a reporting step timed out at line %d (%s)", m.N, m.Step)
		case markReportTimeout:
			p.note("error reporting timed out at line %d: the rest of the report is missing", m.N)
		}
	}
	if more += pi.Cut["error-reporting markers"]; more > 0 {
		p.note("%d more error-reporting marker(s) (failed or timed-out steps) are not listed here", more)
	}
}
