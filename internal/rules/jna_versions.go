package rules

import (
	"regexp"
	"strconv"
	"strings"
)

// Which libffi each JNA release bundles, and what that libffi does when it
// needs executable memory (environment-knowledge.md §1.5, §2.1, §2.2).
// This is data; jna.go reasons with it.

type jnaRelease struct {
	upTo          [3]int // last JNA version of the range
	libffi        string
	libffiTmpdir  bool // LIBFFI_TMPDIR compiled in (libffi >= 3.4.0)
	checksClosure bool // registerMethod throws instead of crashing (JNA >= 5.10, PR #1378)
}

var jnaReleases = []jnaRelease{
	{[3]int{4, 1, 0}, "3.0.13", false, false},
	{[3]int{5, 6, 0}, "3.2.1", false, false},
	{[3]int{5, 9, 0}, "3.3", false, false},
	{[3]int{5, 12, 1}, "3.4.2", true, true},
	{[3]int{999, 0, 0}, "3.4.4", true, true},
}

// lastUnchecked is the newest JNA range whose registerMethod does not check
// the closure allocation: the one a crash in ffi_prep_closure_loc proves.
func lastUnchecked() jnaRelease {
	var r jnaRelease
	for _, x := range jnaReleases {
		if !x.checksClosure {
			r = x
		}
	}
	return r
}

// libffiCandidates is the temp-file search order of libffi's closure
// allocator on Linux; JNA's build has no memfd_create (env-knowledge §2.2).
func libffiCandidates(tmpdirAware bool) []string {
	c := []string{"$TMPDIR", "/tmp", "/var/tmp", "/dev/shm", "$HOME", "every writable, exec mount in /etc/mtab and /proc/mounts"}
	if tmpdirAware {
		return append([]string{"$LIBFFI_TMPDIR"}, c...)
	}
	return c
}

var jnaJarRe = regexp.MustCompile(`jna-(\d+)\.(\d+)\.(\d+)(?:[-.][\w.]*)?\.jar`)

// parseJNAVersion finds "jna-X.Y.Z.jar" in s.
func parseJNAVersion(s string) ([3]int, string, bool) {
	m := jnaJarRe.FindStringSubmatch(s)
	if m == nil {
		return [3]int{}, "", false
	}
	var v [3]int
	for i := 0; i < 3; i++ {
		v[i], _ = strconv.Atoi(m[i+1])
	}
	return v, strings.Join(m[1:4], "."), true
}

func lessEq(a, b [3]int) bool {
	for i := 0; i < 3; i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return true
}

func jnaReleaseFor(v [3]int) jnaRelease {
	for _, r := range jnaReleases {
		if lessEq(v, r.upTo) {
			return r
		}
	}
	return jnaReleases[len(jnaReleases)-1]
}
