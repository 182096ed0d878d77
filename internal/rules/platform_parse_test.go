package rules

import (
	"strings"
	"testing"
)

// The rules speak of the log's OS and CPU, so a header pasted with a cut,
// padded or comma-less platform must still give them (parse/header.go).
func TestPastedPlatformStrings(t *testing.T) {
	for _, c := range []struct{ vm, os, arch string }{
		{"OpenJDK 64-Bit Server VM Zulu11.43+55-CA (11.0.9.1+1-LTS, mixed mode, tiered, compressed oops, g1 gc, windows-am", "windows", "amd64"},
		{"Java HotSpot(TM) 64-Bit Server VM (20.45-b01 mixed mode linux-     amd64 compressed oops)", "linux", "amd64"},
		{"Java HotSpot(TM) Client VM (24.65-b04 mixed mode, sharing windows-x86 )", "windows", "x86"},
		{"OpenJDK 64-Bit Server VM (17.0.2+8, mixed mode, tiered, compressed oops, g1 gc, linux-a", "linux", "a"},
	} {
		text := strings.Join([]string{"#", "# A fatal error has been detected by the Java Runtime Environment:", "#",
			"#  SIGSEGV (0xb) at pc=0x00007f0000001234, pid=1, tid=2", "#", "# Java VM: " + c.vm, "#"}, "\n")
		l := raw(text)
		if l.OS() != c.os || l.Arch() != c.arch {
			t.Errorf("%q: os %q arch %q, want %q %q", c.vm, l.OS(), l.Arch(), c.os, c.arch)
		}
	}
}
