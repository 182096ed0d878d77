package web

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dustin/go-humanize"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/server"
)

var funcs = template.FuncMap{
	"when":    when,
	"short":   short,
	"percent": func(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) },
	"cut":     cut,
	"join":    func(s []string) string { return strings.Join(s, ", ") },
	"plural":  plural,
	"num":     num,
	"sorts":   func() any { return sortKeys },
	"windows": func() []int { return windows },
	// osFamilies are model.Log.OS's values ("": any)
	"osFamilies": func() []string { return []string{"", "linux", "windows", "macos", "solaris", "aix", "bsd"} },
	// statuses are the status filter's choices ("": any)
	"statuses": func() []string { return []string{"", "new", "regressed", "resolved", "muted"} },
	"change":   rankChange,
	// clean shows control characters of log text as escapes: html/template
	// escapes markup, not an ESC or a bidi override.
	"clean":     sanitize.Line,
	"cleanText": sanitize.Text, // the same, keeping newlines (HTML folds them)
	"faultLine": explain.FaultSummary,
}

// rankByCount orders groups by crash count (then most recent), as the top
// crashes page ranks them.
func rankByCount(gs []server.Group) []topRow {
	sort.SliceStable(gs, func(i, j int) bool {
		if gs[i].Count != gs[j].Count {
			return gs[i].Count > gs[j].Count
		}
		return gs[i].LastSeen.After(gs[j].LastSeen)
	})
	rows := make([]topRow, len(gs))
	for i, g := range gs {
		rows[i] = topRow{Rank: i + 1, Group: g}
	}
	return rows
}

// setShares sets each row's share of all crashes listed and returns
// their total.
func setShares(rows []topRow) int {
	total := 0
	for _, r := range rows {
		total += r.Count
	}
	for i := range rows {
		rows[i].Share = float64(rows[i].Count) / float64(max(total, 1))
	}
	return total
}

// when shows a time in UTC, to the minute (every page says so).
func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// short is the first 12 characters of an id or hash.
func short(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// cut shortens long text for a table cell; the template puts the whole
// text in the title attribute.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return num(n) + " " + one
	}
	return num(n) + " " + many
}

// num formats a count with thousands separators (12,345).
func num(n int) string { return humanize.Comma(int64(n)) }

// sortKeys are the orders the top crashes page offers ("" is by count),
// with their names in the form.
var sortKeys = []struct{ Key, Name string }{
	{"", "crashes"}, {"hosts", "hosts"}, {"last", "last seen"}, {"first", "first seen (newest)"},
}

// sortRows orders the ranked rows by key; ties keep the count order. The
// rank stays the rank by count.
func sortRows(rows []topRow, key string) {
	by := map[string]func(a, b topRow) int{
		"hosts": func(a, b topRow) int { return cmp.Compare(len(b.Hosts), len(a.Hosts)) },
		"last":  func(a, b topRow) int { return b.LastSeen.Compare(a.LastSeen) },
		"first": func(a, b topRow) int { return b.FirstSeen.Compare(a.FirstSeen) },
	}[key]
	if by != nil {
		slices.SortStableFunc(rows, by)
	}
}

// rankChange says how a group moved since the window before: "new" when it
// was not in it, "▲3" up three places, "▼1" down one, "=" unchanged.
func rankChange(rank, prev int) string {
	switch {
	case prev == 0:
		return "new"
	case prev > rank:
		return fmt.Sprintf("▲%d", prev-rank)
	case prev < rank:
		return fmt.Sprintf("▼%d", rank-prev)
	}
	return "="
}
