package explain

import (
	"fmt"
	"io"
	"strings"

	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/rules"
	"github.com/hserr/hserr/internal/sanitize"
)

// ANSI styles; used only when the caller asks for colour.
const (
	bold   = "\x1b[1m"
	dim    = "\x1b[2m"
	red    = "\x1b[31m"
	yellow = "\x1b[33m"
	cyan   = "\x1b[36m"
	reset  = "\x1b[0m"
)

type textWriter struct {
	w     io.Writer
	color bool
	err   error
}

func (t *textWriter) printf(format string, a ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, a...)
	}
}

// style shows s, cleaned of control characters (it may hold log text), in
// an ANSI style when colour is on: our escape codes are the only ones that
// reach the terminal.
func (t *textWriter) style(s, code string) string {
	s = clean(s)
	if !t.color {
		return s
	}
	return code + s + reset
}

// clean shows a log-derived string on one line with its control characters
// visible (sanitize.Line): a crafted log cannot move the cursor, set a
// window title or hide text.
func clean(s string) string { return sanitize.Line(s) }

// WriteText renders the report for a terminal: the verdict first, then the
// evidence, the fault analysis, the remedy and the other findings.
func (r *Report) WriteText(w io.Writer, color bool) error {
	t := &textWriter{w: w, color: color}
	v := r.Verdict
	t.printf("%s %s  %s\n", t.style("VERDICT", bold), t.style(v.Class, bold+red), t.style(fmt.Sprintf("(confidence %.2f, %s)", v.Confidence, confWord(v.Confidence)), yellow))
	t.printf("  %s\n", clean(v.Summary))
	r.writeCrashText(t)
	t.printf("\n%s\n", t.style("Evidence", bold))
	writeEvidenceText(t, v.Evidence, "  ")
	if v.Explanation != "" {
		t.printf("\n%s\n", t.style("Why", bold))
		for _, line := range strings.Split(v.Explanation, "\n") {
			t.printf("  %s\n", clean(line))
		}
	}
	if fl := faultLines(r.Fault); len(fl) > 0 {
		t.printf("\n%s\n", t.style("Fault analysis", bold))
		for _, line := range fl {
			t.printf("  %s\n", clean(line))
		}
	}
	if len(v.Remedy) > 0 {
		t.printf("\n%s\n", t.style("Remedy", bold))
		for i, s := range v.Remedy {
			t.printf("  %d. %s\n", i+1, clean(s))
		}
	}
	if len(v.Caveats) > 0 {
		t.printf("\n%s\n", t.style("Caveats", bold))
		for _, s := range v.Caveats {
			t.printf("  - %s\n", clean(s))
		}
	}
	if len(r.Findings) > 0 {
		t.printf("\n%s\n", t.style("Other findings", bold))
		for _, f := range r.Findings {
			t.printf("  - %s %s %s\n", t.style(f.Class, cyan), t.style(fmt.Sprintf("(%s, %.2f)", f.Role, f.Confidence), dim), clean(f.Summary))
			writeEvidenceText(t, f.Evidence, "      ")
			for _, s := range f.Remedy {
				t.printf("      → %s\n", clean(s))
			}
		}
	}
	if n := r.Parse.notes(); len(n) > 0 {
		t.printf("\n%s\n", t.style("Log", bold))
		for _, s := range n {
			t.printf("  %s\n", clean(s))
		}
	}
	return t.err
}

func (r *Report) writeCrashText(t *textWriter) {
	c := r.Crash
	var lines []string
	if c.Error != "" {
		lines = append(lines, c.Error)
	}
	if c.SiCode != "" || c.FaultAddr != "" {
		lines = append(lines, strings.TrimSpace(fmt.Sprintf("%s %s fault address %s", c.Signal, c.SiCode, orNone(c.FaultAddr))))
	}
	if c.Frame != "" {
		lines = append(lines, "frame:  "+c.Frame)
	}
	if th := c.thread(); th != "" {
		lines = append(lines, "thread: "+th)
	}
	if c.JDK != "" || c.Platform != "" {
		lines = append(lines, strings.TrimSpace(fmt.Sprintf("JDK:    %s %s %s", c.JDK, c.Vendor, c.Platform)))
	}
	if c.OS != "" {
		lines = append(lines, "OS:     "+c.OS)
	}
	if len(lines) == 0 {
		return
	}
	t.printf("\n%s\n", t.style("What crashed", bold))
	for _, l := range lines {
		t.printf("  %s\n", clean(l))
	}
}

func writeEvidenceText(t *textWriter, ev []model.Line, indent string) {
	if len(ev) == 0 {
		t.printf("%s(no lines)\n", indent)
		return
	}
	for _, l := range ev {
		text := clean(l.Text)
		if len(text) > 240 { // the terminal view only; JSON keeps the whole line
			text = text[:240] + " …"
		}
		t.printf("%s%s  %s\n", indent, t.style(fmt.Sprintf("L%-5d", l.N), dim), text)
	}
}

func confWord(c float64) string {
	switch {
	case c >= 0.85:
		return "high"
	case c >= rules.Threshold:
		return "medium"
	}
	return "low"
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// notes says what is missing or cut short, for a partial log.
func (p ParseSummary) notes() []string {
	var out []string
	if p.Kind != "" && p.Kind != "hs_err" {
		out = append(out, "input kind: "+p.Kind)
	}
	if len(p.Missing) > 0 {
		out = append(out, "sections missing: "+strings.Join(p.Missing, ", "))
	}
	if len(p.Incomplete) > 0 {
		out = append(out, "sections cut short: "+strings.Join(p.Incomplete, ", "))
	}
	if p.Truncated {
		out = append(out, "the log stops before the end of the report")
	}
	for _, m := range p.Markers {
		out = append(out, fmt.Sprintf("L%d %s", m.N, m.Text))
	}
	return append(out, p.Notes...)
}
