package lab

import (
	"os"
	"strings"
)

// missingFeatureOrder lists the extensions cpu_feature.c can execute, most
// recognisable first. Each raises SIGILL on a CPU without it.
var missingFeatureOrder = []string{"avx512f", "amx_tile", "xop", "clzero"}

// pickMissingFeature chooses an extension absent from /proc/cpuinfo, so
// the SIGILL is honestly a missing CPU feature.
func pickMissingFeature(s *Scenario) string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "no /proc/cpuinfo"
	}
	flags := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "flags") {
			for _, f := range strings.Fields(line[strings.Index(line, ":")+1:]) {
				flags[f] = true
			}
			break
		}
	}
	if !flags["sse2"] {
		return "not an x86-64 CPU"
	}
	for _, f := range missingFeatureOrder {
		if !flags[f] {
			s.Args = []string{f}
			s.What += ": " + f
			return ""
		}
	}
	return "this CPU has every extension the lab can execute"
}
