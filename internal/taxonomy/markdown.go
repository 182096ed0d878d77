package taxonomy

import (
	"sort"
	"strings"
)

// Markdown renders docs/taxonomy.md: the contract, then the classes grouped
// by area in code order.
func Markdown() string {
	var b strings.Builder
	b.WriteString(`# Crash classes: the ids hserr reports

<!-- Generated from internal/taxonomy/classes.tsv by
     go test ./internal/taxonomy -update ; edit that file, not this one. -->

These ids are a contract. ` + "`hserr explain -o json FILE`" + ` prints one JSON object whose
` + "`verdict.class`" + ` is one of these ids (the most likely root cause of the crash),
and whose ` + "`findings[]`" + ` lists further facts, each with its own ` + "`class`" + ` (a
secondary cause such as ` + "`signal-handler-overridden`" + `, or a log-quality note such
as ` + "`report-truncated-or-secondary-fault`" + `). Every verdict and finding carries a
` + "`confidence`" + ` (0–1) and ` + "`evidence`" + ` (the log lines it rests on, verbatim, with
line numbers). When nothing fits, the verdict is ` + "`unknown-with-evidence`" + `, with
what the log does show.

Ids are added freely and never renamed or reused. ` + "`hserr classes`" + ` prints this
list (` + "`-o json`" + ` for scripts). How each class is recognised is in
[rules.md](rules.md).
`)
	groups := map[Area][]Class{}
	var areas []Area
	for _, c := range all {
		a := c.Area()
		if _, seen := groups[a]; !seen {
			areas = append(areas, a)
		}
		groups[a] = append(groups[a], c)
	}
	sort.Slice(areas, func(i, j int) bool { return areas[i] < areas[j] })
	for _, a := range areas {
		b.WriteString("\n## " + string(a) + ": " + a.String() + "\n\n| id | code | what it means |\n|---|---|---|\n")
		cs := groups[a]
		sort.SliceStable(cs, func(i, j int) bool { return codeNum(cs[i].Code) < codeNum(cs[j].Code) })
		for _, c := range cs {
			b.WriteString("| `" + c.ID + "` | " + c.Code + " | " + c.Meaning + " |\n")
		}
	}
	return b.String()
}

// codeNum is the number of a code such as "A12" (0 when it has none).
func codeNum(code string) int {
	n := 0
	for _, r := range code[1:] {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}
