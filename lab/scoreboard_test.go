package lab

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// print writes the scoreboard: one line per scenario with hserr's verdict
// and every check that missed; to the test log and, with HSERR_LAB_KEEP,
// to scoreboard.md there.
func (b *scoreboard) print(t *testing.T, build, total time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	sort.Slice(b.rows, func(i, j int) bool { return index(b.rows[i].Name) < index(b.rows[j].Name) })
	var sb strings.Builder
	fmt.Fprintf(&sb, "crash lab: %d scenarios, build %.1fs, run %.1fs\n\n", len(b.rows), build.Seconds(), total.Seconds())
	fmt.Fprintf(&sb, "| scenario | expected | hserr said | checks | JVM |\n|---|---|---|---|---|\n")
	for _, r := range b.rows {
		said, checks := r.Class, summary(r)
		switch {
		case r.Skipped != "":
			said, checks = "skipped", r.Skipped
		case r.NoLog != "":
			said, checks = "no hs_err", r.NoLog
		case said != "":
			said = fmt.Sprintf("%s (%.2f)", said, r.Confidence)
		}
		fmt.Fprintf(&sb, "| %s | %s | %s | %s | %.2fs |\n", r.Name, r.Want.Class, said, checks, r.Took.Seconds())
	}
	t.Log("\n" + sb.String())
	if d := keepDir(); d != "" {
		_ = os.WriteFile(filepath.Join(d, "scoreboard.md"), []byte(sb.String()), 0o644)
	}
}

// summary is "N ok" plus each check that did not pass, with its status.
func summary(r row) string {
	ok := 0
	var notes []string
	for _, c := range r.Results {
		switch {
		case c.OK && c.Known != "":
			notes = append(notes, "FIXED "+c.Name)
		case c.OK:
			ok++
		case c.Known != "":
			notes = append(notes, fmt.Sprintf("known miss %s: got %s", c.Name, c.Got))
		default:
			notes = append(notes, fmt.Sprintf("FAIL %s: got %s", c.Name, c.Got))
		}
	}
	return strings.Join(append([]string{fmt.Sprintf("%d ok", ok)}, notes...), "; ")
}

func index(name string) int {
	for i, s := range scenarios {
		if s.Name == name {
			return i
		}
	}
	return len(scenarios)
}
