package rules

import "github.com/hserr/hserr/internal/model"

// Platforms is the set of operating systems a rule's reasoning holds on.
// A rule built on Linux mechanisms (mmap's MAP_FAILED, /proc, cgroups,
// glibc, POSIX signals) says nothing true about a Windows log, so Run does
// not apply it there. The zero value means every OS.
type Platforms uint8

const (
	OnLinux Platforms = 1 << iota
	OnMacOS
	OnWindows
	OnOtherUnix // Solaris, AIX, BSD
	// OnPOSIX is every OS with POSIX signals and mmap.
	OnPOSIX = OnLinux | OnMacOS | OnOtherUnix
	// OnX11 is every OS whose desktop is GTK/X11.
	OnX11 = OnLinux | OnOtherUnix
	onAll = OnPOSIX | OnWindows
)

// platformOf is the log's OS as a Platforms bit; 0 when the log does not say.
func platformOf(l *model.Log) Platforms {
	switch l.OS() {
	case "linux":
		return OnLinux
	case "macos":
		return OnMacOS
	case "windows":
		return OnWindows
	case "solaris", "aix", "bsd":
		return OnOtherUnix
	}
	return 0
}

// applies reports whether a rule for ps speaks about the log's OS. A log
// whose OS is unknown gets every rule: nothing rules one out.
func (ps Platforms) applies(l *model.Log) bool {
	os := platformOf(l)
	return ps == 0 || os == 0 || ps&os != 0
}

// byOS picks the text for the log's OS: linux, macOS, windows, and other
// (other Unix, or an unknown OS).
func byOS(l *model.Log, linux, macos, windows, other string) string {
	switch platformOf(l) {
	case OnLinux:
		return linux
	case OnMacOS:
		return macos
	case OnWindows:
		return windows
	}
	return other
}

// isX86 reports an x86 or x86-64 JVM: instruction bytes, prefixes and
// -XX:UseAVX mean something only there.
func isX86(l *model.Log) bool { a := l.CPU(); return a == model.ArchAMD64 || a == model.ArchX86 }

// byArch picks the text for the log's CPU family.
func byArch(l *model.Log, x86, aarch64, other string) string {
	switch {
	case isX86(l):
		return x86
	case l.CPU() == model.ArchAArch64:
		return aarch64
	}
	return other
}
