package triage

import (
	"os"
	"runtime/debug"
)

// tuneGC lets the heap grow to 4x its live size between collections
// (GOGC=400) unless the user set GOGC: triage allocates a parse tree per log
// and drops it, its live heap stays small (tens of MB), and the default
// spends a tenth of the run collecting.
func tuneGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
}
