package accuracy

import (
	"fmt"
	"sort"
	"strings"
)

// Doc is what the Markdown page says besides the figures.
type Doc struct {
	Title       string
	Intro       string                // how the labels were made, how to regenerate
	Resolutions map[string]Resolution // why each disagreement stands
}

// Markdown renders the result as a page.
func (r Result) Markdown(d Doc) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n%s\n", d.Title, strings.TrimSpace(d.Intro))
	fmt.Fprintf(&b, "\n## Headline\n\nhserr's verdict agrees with the blind label on **%d of %d logs (%s)**.\n", r.All.Agree, r.All.Total, pct(r.All.Rate()))
	b.WriteString(tallyTable("By operating system", "OS", r.ByOS))
	b.WriteString(tallyTable("By CPU architecture", "architecture", r.ByArch))
	b.WriteString("\n## Per class\n\nPrecision: of hserr's verdicts of a class, the share the reviewer agrees with. Recall: of the logs the reviewer put in a class, the share hserr found. `-` where there is nothing to divide.\n\n| class | labelled | hserr said | agreed | precision | recall |\n|---|---:|---:|---:|---:|---:|\n")
	for _, s := range r.Classes {
		p, pok := s.Precision()
		rc, rok := s.Recall()
		fmt.Fprintf(&b, "| `%s` | %d | %d | %d | %s | %s |\n", s.Class, s.TP+s.FN, s.TP+s.FP, s.TP, maybePct(p, pok), maybePct(rc, rok))
	}
	b.WriteString(confusionTable(r.Confusion))
	b.WriteString(disagreements(r.Cases, d.Resolutions))
	return b.String()
}

func tallyTable(title, what string, m map[string]*Tally) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "\n## %s\n\n| %s | agreed | logs | agreement |\n|---|---:|---:|---:|\n", title, what)
	for _, k := range keys {
		t := m[k]
		fmt.Fprintf(&b, "| %s | %d | %d | %s |\n", k, t.Agree, t.Total, pct(t.Rate()))
	}
	return b.String()
}

func confusionTable(c map[[2]string]int) string {
	if len(c) == 0 {
		return "\n## Confusion\n\nNo disagreement.\n"
	}
	type pair struct {
		k [2]string
		n int
	}
	var ps []pair
	for k, n := range c {
		ps = append(ps, pair{k, n})
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].n != ps[j].n {
			return ps[i].n > ps[j].n
		}
		return ps[i].k[0]+ps[i].k[1] < ps[j].k[0]+ps[j].k[1]
	})
	var b strings.Builder
	b.WriteString("\n## Confusion\n\nEvery pair (label → hserr's verdict) where they differ, most frequent first.\n\n| label | hserr said | logs |\n|---|---|---:|\n")
	for _, p := range ps {
		fmt.Fprintf(&b, "| `%s` | `%s` | %d |\n", p.k[0], p.k[1], p.n)
	}
	return b.String()
}

func disagreements(cases []Case, res map[string]Resolution) string {
	var b strings.Builder
	b.WriteString("\n## Disagreements\n\nEach one is a rule still to fix (`open`), a limit of what the log shows (`limit`), or a label corrected in writing (`label`).\n\n| log | label | hserr said | resolution |\n|---|---|---|---|\n")
	n := 0
	for _, c := range cases {
		if c.Agrees() {
			continue
		}
		n++
		note := "unexplained"
		if r, ok := res[c.File]; ok {
			note = r.Kind + ": " + r.Note
		}
		fmt.Fprintf(&b, "| %s | `%s` | `%s` (%.2f) | %s |\n", c.File, c.Want, c.Got, c.Confidence, cell(note))
	}
	if n == 0 {
		b.WriteString("| – | – | – | none |\n")
	}
	return b.String()
}

// cell keeps a note inside its table cell.
func cell(s string) string {
	return strings.NewReplacer("|", "\\|", "\n", " ").Replace(s)
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

func maybePct(f float64, ok bool) string {
	if !ok {
		return "-"
	}
	return pct(f)
}
