package rules

import (
	"regexp"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// A remedy must fit the log: telling a JVM already on G1 to add
// -XX:+UseG1GC is advice it has already taken. Rules build remedies from
// the log where they can (see gcSwitch); fitRemedies is the net under all
// of them.

var plusFlag = regexp.MustCompile(`-XX:\+(\w+)`)

// notASuggestion are words before a flag that mention it without asking
// for it: "remove -XX:+UseNUMA", "before using -XX:+UseLargePages".
var notASuggestion = []string{"remove ", "drop ", "disable ", "without ", "before using ", "opts in with ", "turn off ", "by "}

// suggestedFlags are the -XX:+Flags a remedy asks the user to set.
func suggestedFlags(r string) []string {
	var out []string
	for _, m := range plusFlag.FindAllStringSubmatchIndex(r, -1) {
		before := strings.ToLower(r[max(0, m[0]-16):m[0]])
		mention := false
		for _, w := range notASuggestion {
			mention = mention || strings.HasSuffix(before, w)
		}
		if !mention {
			out = append(out, r[m[2]:m[3]])
		}
	}
	return out
}

// flagOn: the JVM ran with the flag on (the collector's flag included).
func flagOn(l *model.Log, name string) bool {
	if on, set := l.BoolFlag(name); set {
		return on
	}
	return name == l.GCFlag()
}

// fitRemedies drops a remedy that asks only for -XX:+Flags the JVM already
// has on.
func fitRemedies(l *model.Log, rem []string) []string {
	out := rem[:0:0]
	for _, r := range rem {
		if r == "" {
			continue // a remedy that does not apply to this log
		}
		flags := suggestedFlags(r)
		moot := len(flags) > 0
		for _, f := range flags {
			moot = moot && flagOn(l, f)
		}
		if !moot {
			out = append(out, r)
		}
	}
	return out
}

// gcSwitch suggests collectors other than the one the JVM ran.
func gcSwitch(l *model.Log) string {
	cur := l.GCFlag()
	var alt []string
	for _, f := range []string{"UseParallelGC", "UseG1GC", "UseSerialGC"} {
		if f != cur {
			alt = append(alt, "-XX:+"+f)
		}
	}
	if len(alt) > 2 {
		alt = alt[:2]
	}
	return strings.Join(alt, " or ")
}
