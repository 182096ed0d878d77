package explain

import "github.com/hserr/hserr/internal/model"

// CrashOf is the crash summary of a parsed log without running the rules,
// for outputs that describe a log but do not explain it (hserr parse).
func CrashOf(l *model.Log) Crash {
	if l == nil {
		return Crash{}
	}
	return crashSummary(l)
}
