package rules

import (
	"strings"
	"testing"
)

// linuxOnly are words that belong to Linux (or glibc) alone: a finding about
// a Windows or macOS log that uses them explains the wrong system.
var linuxOnly = map[string][]string{
	"windows": {"MAP_FAILED", "mmap", "errno", "memfd", "hserr doctor", "/proc", "LD_PRELOAD", "sysctl", "ulimit", "cgroup", "glibc", "addr2line", "/tmp", "/sys/", "SELinux", "execstack", "fc-cache", "GDK_BACKEND", "SIGSEGV", "SIGBUS", "MALLOC_PERTURB_", "MALLOC_CHECK_"},
	"macos":   {"memfd", "hserr doctor", "/proc", "LD_PRELOAD", "sysctl vm.", "cgroup", "glibc", "addr2line", "/sys/", "SELinux", "execstack", "MALLOC_CHECK_", "GLIBC_TUNABLES", "MALLOC_PERTURB_"},
}

// Every rule speaks of the OS its log is from: each registry case, moved to
// Windows and to macOS, must not produce Linux-only words.
func TestFindingsSpeakTheLogsOS(t *testing.T) {
	for _, c := range registry {
		for osName, words := range linuxOnly {
			l := *c.log
			l.Header.Version.OS = osName
			l.Header.Version.Platform = map[string]string{"windows": "windows-amd64", "macos": "bsd-aarch64"}[osName]
			for _, f := range Run(NewPass(&l), []*Rule{c.rule}) {
				txt := text(f)
				for _, w := range words {
					if strings.Contains(txt, w) {
						t.Errorf("%s/%s on %s: %s (%s) says %q:\n%s", c.wantClass(), c.name, osName, f.Class, f.Role, w, txt)
					}
				}
			}
		}
	}
}

// x86Only are words about x86 instructions and flags: a remedy for an
// aarch64 log that uses them speaks of another CPU.
var x86Only = []string{"UseAVX", "AVX-512", "-march=native", "ud2", "VEX/EVEX"}

// Every rule speaks of the CPU its log is from: each registry case, moved
// to aarch64, must not explain or remedy with x86-only words.
func TestFindingsSpeakTheLogsCPU(t *testing.T) {
	for _, c := range registry {
		l := *c.log
		l.Header.Version.Arch, l.Header.Version.Platform = "aarch64", "linux-aarch64"
		for _, f := range Run(NewPass(&l), []*Rule{c.rule}) {
			txt := f.Summary + "\n" + strings.Join(f.Remedy, "\n")
			for _, w := range x86Only {
				if strings.Contains(txt, w) {
					t.Errorf("%s/%s on aarch64: %s says %q:\n%s", c.wantClass(), c.name, f.Class, w, txt)
				}
			}
		}
	}
}
