package triage

import (
	"os"
	"runtime/debug"
)

// gcPercent is triage's GOGC. Its live heap is small (5–10 MB: the models
// of the logs the workers hold, the batch being written) while it
// allocates a model per log and drops it, so the default (100) collects
// every few logs. At 800 the heap peaks near 100 MB on ordinary logs, and
// a run of 10,000 logs takes 7% less time than at 400 (benchstat, n=8,
// p=0.03; docs/performance.md).
const gcPercent = 800

// tuneGC sets gcPercent unless the user set GOGC, and a soft memory limit
// unless the user set GOMEMLIMIT: when large logs make the live heap big,
// the limit, not 8× that heap, decides when to collect. The limit is the
// logs' budget (which charges a log's model too) and 128 MiB for the
// rest: 16 logs of 63 MB peak at the same 390 MB RSS as at GOGC=400,
// with --jobs 2 and 16 alike.
func tuneGC(budget int64) {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(gcLimit(budget))
	}
}

// gcLimit is the soft memory limit for a run whose logs may hold budget
// bytes at once.
func gcLimit(budget int64) int64 {
	if budget <= 0 {
		budget = DefaultMemoryBudget
	}
	return budget + 128<<20
}
