package explain

import (
	"fmt"
	"io"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// WriteMarkdown renders the report for pasting into a GitHub issue.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	v := r.Verdict
	fmt.Fprintf(&b, "### Verdict: `%s` (confidence %.2f, %s)\n\n%s\n\n", v.Class, v.Confidence, confWord(v.Confidence), v.Summary)
	c := r.Crash
	rows := [][2]string{{"Error", c.Error}, {"Signal", strings.TrimSpace(c.Signal + " " + c.SiCode)}, {"Fault address", c.FaultAddr},
		{"Problematic frame", c.Frame}, {"Thread", c.thread()},
		{"JDK", strings.TrimSpace(c.JDK + " " + c.Vendor + " " + c.Platform)}, {"OS", c.OS}, {"Host", c.Host}, {"Time", c.Time}}
	b.WriteString("| | |\n|---|---|\n")
	for _, row := range rows {
		if row[1] != "" {
			fmt.Fprintf(&b, "| %s | `%s` |\n", row[0], strings.ReplaceAll(row[1], "|", `\|`))
		}
	}
	b.WriteString("\n#### Evidence\n\n")
	mdEvidence(&b, v.Evidence)
	if v.Explanation != "" {
		b.WriteString("\n#### Why\n\n")
		for _, line := range strings.Split(v.Explanation, "\n") {
			if strings.HasPrefix(line, "  - ") {
				fmt.Fprintf(&b, "%s\n", line)
			} else {
				fmt.Fprintf(&b, "%s\n\n", line)
			}
		}
	}
	if fl := faultLines(r.Fault); len(fl) > 0 {
		b.WriteString("\n#### Fault analysis\n\n```\n" + strings.Join(fl, "\n") + "\n```\n")
	}
	if len(v.Remedy) > 0 {
		b.WriteString("\n#### Remedy\n\n")
		for i, s := range v.Remedy {
			fmt.Fprintf(&b, "%d. %s\n", i+1, s)
		}
	}
	if len(v.Caveats) > 0 {
		b.WriteString("\n#### Caveats\n\n")
		for _, s := range v.Caveats {
			fmt.Fprintf(&b, "- %s\n", s)
		}
	}
	if len(r.Findings) > 0 {
		b.WriteString("\n#### Other findings\n\n")
		for _, f := range r.Findings {
			fmt.Fprintf(&b, "- **`%s`** (%s, %.2f): %s\n", f.Class, f.Role, f.Confidence, f.Summary)
			for _, s := range f.Remedy {
				fmt.Fprintf(&b, "  - %s\n", s)
			}
			if len(f.Evidence) > 0 {
				b.WriteString("\n")
				var e strings.Builder
				mdEvidence(&e, f.Evidence)
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
			fmt.Fprintf(&b, "- %s\n", s)
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
	b.WriteString("```\n")
	for _, l := range ev {
		fmt.Fprintf(b, "L%-5d %s\n", l.N, strings.ReplaceAll(l.Text, "```", "'''"))
	}
	b.WriteString("```\n")
}
