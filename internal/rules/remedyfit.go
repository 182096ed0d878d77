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

// fitRemedies drops a remedy whose every -XX:+Flag the JVM already has on.
func fitRemedies(l *model.Log, rem []string) []string {
	out := rem[:0:0]
	for _, r := range rem {
		flags := plusFlag.FindAllStringSubmatch(r, -1)
		moot := len(flags) > 0
		for _, f := range flags {
			on, set := l.BoolFlag(f[1])
			if f[1] == l.GCFlag() {
				on, set = true, true
			}
			moot = moot && set && on
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
