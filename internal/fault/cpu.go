package fault

import (
	"fmt"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// cpuInfo holds the two CPU feature lists a log may have: the JVM's CPU:
// line (what HotSpot detected and enabled) and the /proc/cpuinfo flags
// (what the kernel reports). Either is nil when the log lacks it.
type cpuInfo struct {
	features map[string]bool
	flags    map[string]bool
}

func cpuOf(l *model.Log) cpuInfo {
	var c cpuInfo
	if len(l.System.CPUFeatures) > 0 {
		c.features = map[string]bool{}
		for _, f := range l.System.CPUFeatures {
			for _, w := range strings.Fields(f) {
				c.features[normFeature(w)] = true
			}
		}
	}
	if len(l.System.CPUFlags) > 0 {
		c.flags = map[string]bool{}
		for _, f := range l.System.CPUFlags {
			c.flags[normFeature(f)] = true
		}
	}
	return c
}

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
	if c.features != nil {
		v := c.features[ext]
		inFeatures = &v
	}
	if c.flags != nil {
		v := c.flags[ext]
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
