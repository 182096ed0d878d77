package fault

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// cpuInfo reads the two CPU feature lists a log may have: the JVM's CPU:
// line (what HotSpot detected and enabled) and the /proc/cpuinfo flags
// (what the kernel reports). It is only consulted when the instruction at
// pc needs an extension, so the lists are searched, not indexed.
type cpuInfo struct{ l *model.Log }

func cpuOf(l *model.Log) cpuInfo { return cpuInfo{l} }

// featureAliases maps HotSpot's spellings to /proc/cpuinfo's.
var featureAliases = map[string]string{
	"sse4.1": "sse4_1", "sse4.2": "sse4_2", "clmul": "pclmulqdq", "lzcnt": "abm",
	"sha": "sha_ni", "sse3": "pni", "avx512_vbmi": "avx512vbmi", "avx512_vbmi2": "avx512_vbmi2",
}

func normFeature(s string) string {
	s = strings.ToLower(strings.Trim(s, " ,"))
	if a, ok := featureAliases[s]; ok {
		return a
	}
	return s
}

// lookup says whether each list has ext (cpuinfo spelling); nil means the
// list is absent.
func (c cpuInfo) lookup(ext string) (inFeatures, inFlags *bool) {
	ext = normFeature(ext)
	if f := c.l.System.CPUFeatures; len(f) > 0 {
		v := slices.ContainsFunc(f, func(item string) bool {
			return slices.ContainsFunc(strings.Fields(item), func(w string) bool { return normFeature(w) == ext })
		})
		inFeatures = &v
	}
	if f := c.l.System.CPUFlags; len(f) > 0 {
		v := slices.ContainsFunc(f, func(w string) bool { return normFeature(w) == ext })
		inFlags = &v
	}
	return inFeatures, inFlags
}

// isaWords states the extension and what the CPU lists say about it.
func isaWords(x *ISAExtension) string {
	s := fmt.Sprintf("`%s` needs the %s extension (%s encoding)", x.Instruction, x.Extension, x.Encoding)
	switch {
	case x.InCPUFlags != nil && *x.InCPUFlags:
		s += "; /proc/cpuinfo lists it, so the CPU has it"
	case x.InCPUFlags != nil:
		s += "; /proc/cpuinfo does not list it: the CPU (or the VM's virtual CPU) lacks it"
	case x.InCPUFeatures != nil && *x.InCPUFeatures:
		s += "; the JVM's CPU: line lists it"
	case x.InCPUFeatures != nil:
		s += "; the JVM's CPU: line does not list it (the log has no /proc/cpuinfo flags to confirm the CPU lacks it)"
	default:
		s += "; the log has no CPU feature list to check it against"
	}
	return s + "."
}
