package explain

import (
	"fmt"
	"io"
	"strings"

	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/sanitize"
)

// WriteMarkdown renders the report for pasting into a GitHub issue.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	v := r.Verdict
	fmt.Fprintf(&b, "### Verdict: %s (confidence %.2f, %s)\n\n%s\n\n", sanitize.CodeSpan(v.Class), v.Confidence, confWord(v.Confidence), md(v.Summary))
	c := r.Crash
	rows := [][2]string{{"Error", c.Error}, {"Signal", strings.TrimSpace(c.Signal + " " + c.SiCode)}, {"Fault address", c.FaultAddr},
		{"Problematic frame", c.Frame}, {"Thread", c.thread()},
		{"JDK", strings.TrimSpace(c.JDK + " " + c.Vendor + " " + c.Platform)}, {"OS", c.OS}, {"Host", c.Host}, {"Time", c.Time}}
	b.WriteString("| | |\n|---|---|\n")
	for _, row := range rows {
		if row[1] != "" {
			// a code span keeps the value literal; GFM splits table cells on
			// '|' even inside one, so those are escaped as well
			fmt.Fprintf(&b, "| %s | %s |\n", row[0], strings.ReplaceAll(sanitize.CodeSpan(row[1]), "|", `\|`))
		}
	}
	b.WriteString("\n#### Evidence\n\n")
	shown := map[int]bool{}
	mdEvidence(&b, newLines(v.Evidence, shown))
	if v.Explanation != "" {
		b.WriteString("\n#### Why\n\n")
		for _, line := range strings.Split(v.Explanation, "\n") {
			if item, ok := strings.CutPrefix(line, "  - "); ok {
				fmt.Fprintf(&b, "  - %s\n", md(item))
			} else {
				fmt.Fprintf(&b, "%s\n\n", md(line))
			}
		}
	}
	if fl := faultLines(r.Fault); len(fl) > 0 {
		// long, and for the reader who wants the proof: folded
		b.WriteString("\n" + details("Fault analysis", sanitize.CodeBlock(strings.Join(fl, "\n"), "")))
	}
	if len(v.Remedy) > 0 {
		b.WriteString("\n#### Remedy\n\n")
		for i, s := range v.Remedy {
			fmt.Fprintf(&b, "%d. %s\n", i+1, md(s))
		}
	}
	if len(v.Caveats) > 0 {
		b.WriteString("\n#### Caveats\n\n")
		for _, s := range v.Caveats {
			fmt.Fprintf(&b, "- %s\n", md(s))
		}
	}
	if len(r.Findings) > 0 {
		b.WriteString("\n#### Other findings\n\n")
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "- **%s** (%s, %.2f): %s\n", sanitize.CodeSpan(f.Class), f.Role, f.Confidence, md(f.Summary))
			for _, s := range f.Remedy {
				fmt.Fprintf(&b, "  - %s\n", md(s))
			}
			if ev := newLines(f.Evidence, shown); len(ev) > 0 {
				b.WriteString("\n")
				var e strings.Builder
				mdEvidence(&e, ev)
				for _, line := range strings.Split(strings.TrimRight(e.String(), "\n"), "\n") {
					fmt.Fprintf(&b, "  %s\n", line)
				}
				b.WriteString("\n")
			}
		}
	}
	if n := r.Parse.notes(); len(n) > 0 {
		b.WriteString("\n#### Log completeness\n\n")
		for _, s := range n {
			fmt.Fprintf(&b, "- %s\n", md(s))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdEvidence(b *strings.Builder, ev []model.Line) {
	if len(ev) == 0 {
		b.WriteString("_no lines_\n")
		return
	}
	var lines strings.Builder
	for _, l := range ev {
		fmt.Fprintf(&lines, "L%-5d %s\n", l.N, sanitize.Line(l.Text))
	}
	// the fence outgrows any backtick run in the log's lines
	b.WriteString(sanitize.CodeBlock(lines.String(), ""))
}

// details folds a long part: GitHub and GitLab render <details> with
// Markdown inside when blank lines surround it. The summary is ours, never
// log text.
func details(summary, body string) string {
	return "<details>\n<summary>" + summary + "</summary>\n\n" + body + "\n</details>\n"
}

// md is prose that may quote the log (library, thread and flag names):
// Markdown's special characters are escaped, so nothing in it becomes a
// link, an image, HTML or emphasis where the report is pasted.
func md(s string) string { return sanitize.MarkdownText(s) }
