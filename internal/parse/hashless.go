package parse

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// A console header pasted into an issue tracker loses its '#' prefixes
// (Markdown reads "# …" as a heading), leaving "A fatal error has been
// detected…", " SIGSEGV (0xb) at pc=…", "JRE version: …"; quoted in a mail
// or indented as code, it keeps them after some indentation. Such a paste
// is still a partial log: the signal, pc, frame and JDK are all there. When
// the input opens with the banner text (no '#', or an indented one), header
// lines are read as if their '#' were where HotSpot puts it, and every
// quotable line keeps its text as pasted.

// hashlessHeader reads a header line that lost its '#'. It returns false
// for lines that are not header lines (or when the input is not such a
// paste), which then take the normal path.
func (p *parser) hashlessHeader(s string) bool {
	if p.section != "" && p.section != secHeader {
		return false
	}
	t := strings.TrimSpace(s)
	// an indented paste (quoted in a mail or an issue) keeps its '#'s after
	// the indentation: read what follows them
	hashed := strings.HasPrefix(t, "#")
	if hashed {
		t = strings.TrimSpace(t[1:])
	}
	if !p.hashless {
		if p.section != "" || !isBannerText(t) {
			return false
		}
		p.hashless = true
		p.note("the header was pasted without its '#' prefixes or indented; it is read as a console header")
	}
	if hashed && t == "" {
		p.headerLine("#")
		return true
	}
	synth, ok := p.withHash(t)
	if !ok {
		return false
	}
	p.headerLine(synth)
	p.keepPasted(s)
	return true
}

// withHash puts back the '#' (and the indentation the header grammar keys
// on) of a pasted header line.
func (p *parser) withHash(t string) (string, bool) {
	h := &p.log.Header
	switch {
	case isBannerText(t):
		return "# " + t, true
	case p.block == bProblematicFrame && len(t) > 2 && strings.ContainsAny(t[:1], "CVJjvA"):
		return "# " + t, true
	case p.block == bBugURL || p.block == bOOMReasons:
		return "#   " + t, true
	case p.block == bReportPath:
		return "# " + t, true
	case h.ErrorKind == "" && pastedErrorLine(t):
		return "#  " + t, true
	case h.ErrorKind != "" && pastedMessage(t):
		return "#  " + t, true
	}
	for _, pre := range pastedHeaderPrefixes {
		if strings.HasPrefix(t, pre) {
			return "# " + t, true
		}
	}
	return "", false
}

var pastedHeaderPrefixes = []string{"JRE version:", "Java VM:", "Problematic frame:", "Core dump", "No core dump",
	"Failed to write core dump", "If you would like to submit", "The crash happened outside", "See problematic frame",
	"Native memory allocation", "Possible reasons:", "Possible solutions:", "An error report file",
	"This output file may be truncated", "Out of Memory Error (", "Internal Error ("}

// pastedErrorLine: "SIGSEGV (0xb) at pc=…", "EXCEPTION_ACCESS_VIOLATION
// (0xc0000005) at pc=…", "Internal Error (…)", "Out of Memory Error (…)".
func pastedErrorLine(t string) bool {
	return (strings.Contains(t, " at pc=") && (strings.HasPrefix(t, "SIG") || strings.HasPrefix(t, "EXCEPTION_") || strings.HasPrefix(t, "Unexpected"))) ||
		strings.HasPrefix(t, "Internal Error (") || strings.HasPrefix(t, "Out of Memory Error (")
}

// pastedMessage: the message lines HotSpot prints under an Internal Error.
func pastedMessage(t string) bool {
	for _, pre := range []string{"fatal error", "assert(", "guarantee(", "Error:", "ShouldNotReachHere", "Unimplemented", "Out of "} {
		if strings.HasPrefix(t, pre) {
			return true
		}
	}
	return false
}

// keepPasted gives every header item read from the current line the text
// as pasted: evidence is quoted, never rebuilt.
func (p *parser) keepPasted(s string) {
	h := &p.log.Header
	fix := func(l *model.Line) {
		if l.N == p.n {
			l.Text = s
		}
	}
	fix(&h.ErrorLine)
	fix(&h.JREVersion)
	fix(&h.JavaVM)
	fix(&h.CoreDump)
	if f := h.ProblematicFrame; f != nil && f.N == p.n {
		f.Text = s
	}
	for _, ls := range [][]model.Line{h.Messages, h.Other, h.JFR} {
		for i := range ls {
			fix(&ls[i])
		}
	}
	if o := h.OOM; o != nil {
		fix(&o.Line)
		fix(&o.OopsLine)
	}
}
