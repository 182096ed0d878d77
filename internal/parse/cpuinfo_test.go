package parse

import (
	"strings"
	"testing"
)

// cpuinfoLog is a log whose /proc/cpuinfo holds the blocks of two
// processors.
func cpuinfoLog(blocks ...string) string {
	return "#\n# A fatal error has been detected by the Java Runtime Environment:\n#\n#  SIGSEGV (0xb) at pc=0x00007f0000001000, pid=1, tid=2\n#\n" +
		"---------------  S Y S T E M  ---------------\n\n/proc/cpuinfo:\n" + strings.Join(blocks, "\n") + "\n\n"
}

// TestCpuinfoFirstProcessor: the model, flags and ARM identity come from
// the first processor's block (the later ones are skipped unread), also
// when the ARM identity follows the flags.
func TestCpuinfoFirstProcessor(t *testing.T) {
	x86 := cpuinfoLog("processor\t: 0\nmodel name\t: First CPU\nflags\t\t: fpu sse2 avx2\n",
		"processor\t: 1\nmodel name\t: Second CPU\nflags\t\t: fpu\n")
	l := ParseString(x86)
	if l.System.CPUModel != "First CPU" || strings.Join(l.System.CPUFlags, " ") != "fpu sse2 avx2" {
		t.Errorf("x86: model %q flags %v", l.System.CPUModel, l.System.CPUFlags)
	}
	arm := cpuinfoLog("processor\t: 0\nmodel name\t: ARMv8 Processor rev 1 (v8l)\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd crc32\nCPU implementer\t: 0x41\nCPU architecture: 8\n",
		"processor\t: 1\nmodel name\t: ARMv8 Processor rev 1 (v8l)\nFeatures\t: fp\nCPU implementer\t: 0x51\n")
	l = ParseString(arm)
	if !strings.Contains(l.System.CPUInfoARM.Text, "0x41") || strings.Join(l.System.CPUFlags, " ") != "fp asimd crc32" {
		t.Errorf("arm: identity %q flags %v", l.System.CPUInfoARM.Text, l.System.CPUFlags)
	}
}
