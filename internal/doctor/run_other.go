//go:build !linux

package doctor

import (
	"context"
	"runtime"
)

// Run on a system other than Linux reports a single skipped check: the
// probes (mmap flags, memfd, /proc, mount flags) are Linux-specific.
func Run(_ context.Context, _ Options) (Report, error) {
	checks := []Check{{
		ID: "platform", Title: "supported platform", Status: Skip,
		Observed: "hserr doctor checks Linux hosts only; this is " + runtime.GOOS + "/" + runtime.GOARCH + ": nothing to check",
	}}
	return Report{
		Context: ContextInfo{OS: runtime.GOOS, Arch: runtime.GOARCH, ProbesRun: "none"},
		Checks:  checks, Summary: summarize(checks),
	}, nil
}

// ProbeChild: no probe children outside Linux.
func ProbeChild() (code int, ok bool) { return 0, false }
