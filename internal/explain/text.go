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

// WriteText renders the whole report for a terminal (the --verbose view,
// without glossary).
func (r *Report) WriteText(w io.Writer, color bool) error {
	return r.WriteTextOpts(w, TextOptions{Color: color, Verbose: true})
}

// WriteTextOpts renders the report for a terminal: the verdict first, then
// what crashed, the evidence, why, the fault in a line (the whole analysis
// with Verbose), the remedy, the other findings and, with Glossary, the
// meaning of each technical term used.
func (r *Report) WriteTextOpts(w io.Writer, o TextOptions) error {
	var body strings.Builder
	t := &textWriter{w: &body, color: o.Color}
	// prose collects hserr's own words (not the quoted log lines): the
	// glossary explains the terms it uses
	var prose strings.Builder
	say := func(s string) string { prose.WriteString(s + "\n"); return clean(s) }
	v := r.Verdict
	name := ""
	if o.Name != "" {
		name = clean(o.Name) + ": "
	}
	t.printf("%s%s %s  %s\n", name, t.style("VERDICT", bold), t.style(v.Class, bold+red), t.style(fmt.Sprintf("(confidence %.2f, %s)", v.Confidence, confWord(v.Confidence)), yellow))
	t.printf("  %s\n", say(v.Summary))
	if o.Verbose {
		r.writeCrashText(t)
		prose.WriteString(strings.Join(r.Crash.crashLines(), "\n"))
	} else {
		for _, l := range r.Crash.crashLines() {
			t.printf("  %s\n", say(l))
		}
	}
	shown := map[int]bool{}
	ev := newLines(v.Evidence, shown)
	t.printf("\n%s\n", t.style("Evidence", bold))
	if !o.Verbose && len(ev) > maxBriefEvidence {
		writeEvidenceText(t, ev[:maxBriefEvidence], "  ")
		t.printf("  %s\n", t.style(fmt.Sprintf("… %d more lines (--verbose)", len(ev)-maxBriefEvidence), dim))
	} else {
		writeEvidenceText(t, ev, "  ")
	}
	if v.Explanation != "" {
		t.printf("\n%s\n", t.style("Why", bold))
		for _, line := range strings.Split(v.Explanation, "\n") {
			t.printf("  %s\n", say(line))
		}
	}
	if !o.Verbose {
		if s := FaultSummary(r.Fault); s != "" {
			t.printf("  %s %s\n", t.style("Fault:", bold), say(s))
		}
	} else {
		r.writeFaultText(t)
	}
	if len(v.Remedy) > 0 {
		t.printf("\n%s\n", t.style("Remedy", bold))
		for i, s := range v.Remedy {
			t.printf("  %d. %s\n", i+1, say(s))
		}
	}
	if o.Verbose && len(v.Caveats) > 0 {
		t.printf("\n%s\n", t.style("Caveats", bold))
		for _, s := range v.Caveats {
			t.printf("  - %s\n", clean(s))
		}
	}
	for _, f := range r.Findings {
		prose.WriteString(f.Summary + "\n")
	}
	r.writeFindingsText(t, o.Verbose, shown)
	if n := r.Parse.notes(); len(n) > 0 {
		t.printf("\n%s\n", t.style("Log", bold))
		for _, s := range n {
			t.printf("  %s\n", clean(s))
		}
	}
	if t.err != nil {
		return t.err
	}
	if o.Glossary {
		if terms := glossaryFor(prose.String()); len(terms) > 0 {
			t.printf("\n%s\n", t.style("Terms", bold))
			for _, g := range terms {
				t.printf("  %s\n", g)
			}
		}
	}
	_, err := io.WriteString(w, body.String())
	return err
}

// writeFaultText shows the whole fault analysis (--verbose).
func (r *Report) writeFaultText(t *textWriter) {
	if fl := faultLines(r.Fault); len(fl) > 0 {
		t.printf("\n%s\n", t.style("Fault analysis", bold))
		for _, line := range fl {
			t.printf("  %s\n", clean(line))
		}
	}
}

// writeFindingsText lists the other findings: a line each, or with their
// evidence (lines not shown above) and remedies.
func (r *Report) writeFindingsText(t *textWriter, verbose bool, shown map[int]bool) {
	if len(r.Findings) == 0 {
		return
	}
	if !verbose {
		for _, f := range r.Findings {
			t.printf("%s %s %s %s\n", t.style("Also:", bold), t.style(f.Class, cyan), t.style(fmt.Sprintf("(%.2f)", f.Confidence), dim), clean(f.Summary))
		}
		return
	}
	t.printf("\n%s\n", t.style("Other findings", bold))
	for _, f := range r.Findings {
		t.printf("  - %s %s %s\n", t.style(f.Class, cyan), t.style(fmt.Sprintf("(%s, %.2f)", f.Role, f.Confidence), dim), clean(f.Summary))
		if ev := newLines(f.Evidence, shown); len(ev) > 0 {
			writeEvidenceText(t, ev, "      ")
		}
		for _, s := range f.Remedy {
			t.printf("      → %s\n", clean(s))
		}
	}
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
