package parse

import (
	"strings"
	"testing"
)

// Versions decode into typed fields: HotSpot's own release on JDK 6/7/8 is
// not the JDK version, and 1.8.0_262 is 8.0_262.
func TestVersionFields(t *testing.T) {
	cases := []struct {
		name, jre, vm         string
		major, update         int
		hasUpdate             bool
		hotspot, jdk          string
		summaryMissingFlagged bool
	}{
		{"JDK 6 bare JRE line", "6.0_22-b04", "Java HotSpot(TM) 64-Bit Server VM (17.1-b03 mixed mode linux-amd64 )", 6, 22, true, "17.1-b03", "6.0_22-b04", false},
		{"JDK 6 without a JRE line", "", "Java HotSpot(TM) 64-Bit Server VM (17.1-b03 mixed mode linux-amd64 )", 6, 0, false, "17.1-b03", "", false},
		{"JDK 7 without a JRE line", "", "Java HotSpot(TM) 64-Bit Server VM (24.80-b11 mixed mode linux-amd64 compressed oops)", 7, 0, false, "24.80-b11", "", false},
		{"JDK 8 without a JRE line", "", "OpenJDK 64-Bit Server VM (25.262-b10 mixed mode linux-amd64 compressed oops)", 8, 262, true, "25.262-b10", "", false},
		{"JDK 8, 8.0_ form", "OpenJDK Runtime Environment (8.0_262-b10) (build 1.8.0_262-b10)", "OpenJDK 64-Bit Server VM (25.262-b10 mixed mode linux-amd64 compressed oops)", 8, 262, true, "25.262-b10", "8.0_262-b10", false},
		{"JDK 8, 1.8.0_ form", "OpenJDK Runtime Environment (1.8.0_262-b10) (build 1.8.0_262-b10)", "OpenJDK 64-Bit Server VM (25.262-b10 mixed mode linux-amd64 compressed oops)", 8, 262, true, "25.262-b10", "1.8.0_262-b10", false},
		{"JDK 17", "OpenJDK Runtime Environment (17.0.7+7) (build 17.0.7+7)", "OpenJDK 64-Bit Server VM (17.0.7+7, mixed mode, sharing, tiered, compressed oops, g1 gc, linux-amd64)", 17, 7, true, "", "17.0.7+7", true},
		{"JDK 18 GA", "OpenJDK Runtime Environment (18+37) (build 18+37)", "OpenJDK 64-Bit Server VM (18+37, mixed mode, sharing, tiered, compressed oops, g1 gc, linux-amd64)", 18, 0, true, "", "18+37", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("#\n# A fatal error has been detected by the Java Runtime Environment:\n#\n#  SIGSEGV (0xb) at pc=0x00007f0000001234, pid=100, tid=101\n#\n")
			if c.jre != "" {
				b.WriteString("# JRE version: " + c.jre + "\n")
			}
			b.WriteString("# Java VM: " + c.vm + "\n#\n\n---------------  T H R E A D  ---------------\n\nCurrent thread (0x00007f0000010000):  JavaThread \"main\" [_thread_in_native, id=101]\n\n---------------  P R O C E S S  ---------------\n\n---------------  S Y S T E M  ---------------\n\nEND.\n")
			l := ParseBytes([]byte(b.String()))
			v := l.Header.Version
			if v.Major != c.major || v.Update != c.update || v.HasUpdate != c.hasUpdate || v.HotSpot != c.hotspot || v.JDK != c.jdk {
				t.Errorf("got major %d update %d (%v) hotspot %q jdk %q", v.Major, v.Update, v.HasUpdate, v.HotSpot, v.JDK)
			}
			flagged := strings.Contains(strings.Join(l.Parse.Notes, "\n"), "SUMMARY")
			if flagged != c.summaryMissingFlagged {
				t.Errorf("SUMMARY flagged missing: %v, want %v (notes %q)", flagged, c.summaryMissingFlagged, l.Parse.Notes)
			}
		})
	}
}

// The libc line's glibc version is a typed field.
func TestGlibcOf(t *testing.T) {
	for in, want := range map[string][2]int{
		"libc: glibc 2.35 NPTL 2.35 ": {2, 35},
		"libc:glibc 2.17 NPTL 2.17 ":  {2, 17},
		"libc: musl":                  {0, 0},
	} {
		g := glibcOf(in)
		if g.Major != want[0] || g.Minor != want[1] {
			t.Errorf("glibcOf(%q) = %d.%d, want %d.%d", in, g.Major, g.Minor, want[0], want[1])
		}
	}
}
