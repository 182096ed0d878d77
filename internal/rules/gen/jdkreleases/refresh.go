package main

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

var asOfLine = regexp.MustCompile(`(?m)^# As of: .*$`)

// Refresh adds the updates the feed lists and the table lacks (the latest
// of each line it already has: hserr only needs the newest), dated to the
// CPU month at or before now, and moves the table's "As of" line to that
// month. It returns the new table and what it added.
func Refresh(table string, feed []Version, now time.Time) (string, []string) {
	latest := map[int]int{}
	var comments, lines []string
	for _, l := range strings.Split(strings.TrimRight(table, "\n"), "\n") {
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			comments = append(comments, l)
			continue
		}
		lines = append(lines, l)
		f := strings.Split(l, "\t")
		line, _ := strconv.Atoi(f[0])
		upd, _ := strconv.Atoi(f[1])
		if upd > latest[line] {
			latest[line] = upd
		}
	}
	newest := map[int]int{}
	for _, v := range feed {
		if _, known := latest[v.Major]; known && v.Security > newest[v.Major] {
			newest[v.Major] = v.Security
		}
	}
	month := cpuMonth(now)
	var added []string
	majors := make([]int, 0, len(newest))
	for m := range newest {
		majors = append(majors, m)
	}
	sort.Ints(majors)
	for _, m := range majors {
		if newest[m] > latest[m] {
			lines = append(lines, fmt.Sprintf("%d\t%d\t%s", m, newest[m], month))
			added = append(added, fmt.Sprintf("%d.0.%d", m, newest[m]))
		}
	}
	if len(added) == 0 {
		return table, nil
	}
	sort.SliceStable(lines, func(i, j int) bool { return key(lines[i]) < key(lines[j]) })
	head := strings.Join(comments, "\n")
	note := "# As of: " + month + " (refreshed by go generate from the Adoptium release feed; new rows dated to the CPU month they were first seen in)."
	if asOfLine.MatchString(head) {
		head = asOfLine.ReplaceAllString(head, note)
	} else {
		head += "\n" + note
	}
	return head + "\n" + strings.Join(lines, "\n") + "\n", added
}

func key(l string) int {
	f := strings.Split(l, "\t")
	a, _ := strconv.Atoi(f[0])
	b, _ := strconv.Atoi(f[1])
	return a*100000 + b
}

// cpuMonth is the latest quarterly Critical Patch Update month (January,
// April, July, October) at or before t, as YYYY-MM.
func cpuMonth(t time.Time) string {
	m := int(t.Month())
	q := ((m-1)/3)*3 + 1
	return fmt.Sprintf("%04d-%02d", t.Year(), q)
}
