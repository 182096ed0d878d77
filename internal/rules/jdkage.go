package rules

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hserr/hserr/internal/model"
)

// jdkRelease is one row of data/jdk_releases.tsv.
type jdkRelease struct {
	line, update int
	date         time.Time
}

// jdkReleases are the table's rows by feature release; jdkAsOf is the date
// of its newest row, the day hserr's knowledge of updates ends.
var jdkReleases, jdkAsOf = loadJDKReleases()

func loadJDKReleases() (map[int][]jdkRelease, time.Time) {
	out := map[int][]jdkRelease{}
	var newest time.Time
	for _, r := range tsv("jdk_releases.tsv", 3) {
		line, err1 := strconv.Atoi(r[0])
		upd, err2 := strconv.Atoi(r[1])
		d, err3 := time.Parse("2006-01", r[2])
		if err1 != nil || err2 != nil || err3 != nil {
			panic("data/jdk_releases.tsv: bad row " + strings.Join(r, "\t"))
		}
		if d.After(newest) {
			newest = d
		}
		out[line] = append(out[line], jdkRelease{line, upd, d})
	}
	return out, newest
}

// jdkUpdate returns the feature line and update of the crashed JDK, as
// parse decoded them (1.8.0_262 and 8.0_262 are the same 8u262).
func jdkUpdate(v model.Version) (line, update int, ok bool) {
	return v.Major, v.Update, v.Major > 0 && v.HasUpdate
}

var monthsOf = func(a, b time.Time) int { return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month()) }

// today is when the answer is given (a variable for tests).
var today = time.Now

// staleAfter: a release table this much older than the crash, or than
// today, may miss updates, and the answer says so.
const staleAfter = 6

// staleCaveat says when the release table may be out of date for this log:
// more than six months older than the crash it states, or than today.
func staleCaveat(l *model.Log, line int, asOf time.Time) string {
	ref, what := today(), "today"
	if _, t, ok := l.CrashTime(); ok && t.After(ref) {
		ref, what = t, "the crash"
	}
	if monthsOf(asOf, ref) <= staleAfter {
		return ""
	}
	return "hserr's release table ends " + asOf.Format("2006-01") + ", more than six months before " + what +
		": later updates of JDK " + itoa(line) + " may exist; check the vendor's release notes (or refresh internal/rules/data/jdk_releases.tsv)."
}

// JDKOutdated is a secondary finding: the crashed JDK is behind the latest
// update of its line (per data/jdk_releases.tsv), or its line no longer
// gets public updates. Most JVM crash bugs are fixed in a later update.
var JDKOutdated = &Rule{
	FindingOnly: true,
	Class:       "jdk-outdated", Doc: "JDK update older than the latest known for its line (data/jdk_releases.tsv), or a line without updates",
	Run: func(p *Pass) []Finding {
		l := p.Log
		v := l.Header.Version
		line, upd, ok := jdkUpdate(v)
		if !ok && (v.Major == 0 || len(jdkReleases[v.Major]) > 0) {
			return nil // an update is needed to compare with the table's
		}
		var ev Ev
		ev.Add(l.Header.JREVersion)
		if ev.Len() == 0 {
			ev.Add(l.Header.JavaVM, l.System.VMInfo)
		}
		rels := jdkReleases[v.Major]
		asOf := jdkAsOf
		if len(rels) == 0 {
			line = v.Major
			why := fmt.Sprintf("JDK %d is not a long-term-support line: its public updates stopped when JDK %d was released, so no later update can fix this crash.", line, line+1)
			if line < 8 {
				why = fmt.Sprintf("JDK %d has had no public updates for years.", line)
			}
			return []Finding{{Role: Factor, Confidence: 0.6,
				Summary:     fmt.Sprintf("JDK %s is on a line (%d) without public updates.", v.Name(), v.Major),
				Explanation: why + fmt.Sprintf(" (Table as of %s.)", asOf.Format("2006-01")),
				Evidence:    ev.Lines(),
				Remedy:      []string{"Move to a current LTS release (21 or 25) or at least the latest update of 17."}}}
		}
		latest := rels[len(rels)-1]
		if upd >= latest.update {
			return nil
		}
		this := rels[0]
		behind := 0
		for _, r := range rels {
			if r.update <= upd {
				this = r
			} else {
				behind++
			}
		}
		months := monthsOf(this.date, latest.date)
		latestName := itoa(line) + ".0." + itoa(latest.update)
		if line == 8 {
			latestName = "8u" + itoa(latest.update)
		}
		conf := 0.4
		if months >= 12 {
			conf = 0.6
		}
		stale := staleCaveat(l, line, asOf)
		dated := " known to hserr on " + asOf.Format("2006-01")
		if stale != "" {
			dated += ", a table that may be out of date"
		}
		// most logs get this finding: concatenation, as fmt costs more here
		return []Finding{{Role: Factor, Confidence: conf,
			Summary: "JDK " + v.Name() + " is " + itoa(behind) + " update(s), about " + itoa(months) + " months, behind " + latestName +
				", the latest of JDK " + itoa(line) + dated + ".",
			Explanation: "This update dates from about " + this.date.Format("2006-01") + "; " + latestName + " was released " + latest.date.Format("2006-01") +
				" (release table as of " + asOf.Format("2006-01") + ", data/jdk_releases.tsv). Every quarterly update fixes JVM crash bugs (JIT, GC, runtime); rule a fixed bug out by upgrading before deeper analysis.",
			Evidence: ev.Lines(),
			Caveats:  nonEmpty(stale),
			Remedy:   []string{"Upgrade to the latest update of JDK " + itoa(line) + " (" + latestName + " or newer) from the same vendor."}}}
	},
}

// nonEmpty is s as a one-element list, or nil.
func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
