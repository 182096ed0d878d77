package parse

import (
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/example"
)

// Logs passed on by other tools carry a decoration before every line; the
// report underneath is read as if pasted bare.
func TestPastePrefixes(t *testing.T) {
	lines := strings.Split(strings.TrimRight(string(example.Log), "\n"), "\n")
	for name, deco := range map[string]func(i int) string{
		"docker --timestamps": func(i int) string { return "2026-11-23T09:45:56." + strings.Repeat("1", 9) + "Z " },
		"CRI":                 func(i int) string { return "2026-11-23T09:45:56.123456789+00:00 stdout F " },
		"build log":           func(i int) string { return "09:34:10  BOOT JDK: " },
		"MacPorts":            func(i int) string { return ":info:build " },
	} {
		var b strings.Builder
		for i, l := range lines {
			b.WriteString(deco(i) + l + "\n")
		}
		l := ParseBytes([]byte(b.String()))
		if l.Parse.Kind != "hs_err" || l.Header.Signal != "SIGSEGV" || l.Header.Version.Major != 17 || len(l.Thread.NativeFrames) == 0 {
			t.Errorf("%s: kind %s, signal %q, JDK %d, %d frames", name, l.Parse.Kind, l.Header.Signal, l.Header.Version.Major, len(l.Thread.NativeFrames))
		}
	}
	// a text that only mentions a time is not taken for a decorated log
	if l := ParseBytes([]byte("10:00:00 the build started\n10:00:05 it finished\n")); l.Parse.Kind != "unknown" {
		t.Errorf("plain timestamped text read as %s", l.Parse.Kind)
	}
}

// A log that went through a Markdown converter (underscores and brackets
// escaped) reads as the log itself.
func TestMarkdownEscapedPaste(t *testing.T) {
	esc := strings.NewReplacer("_", `\_`, "[", `\[`, "]", `\]`, "*", `\*`).Replace(string(example.Log))
	esc = strings.ReplaceAll(esc, "\n#", "\n\\#")
	l := ParseBytes([]byte(esc))
	if l.Header.Signal != "SIGSEGV" || l.Thread.Siginfo == nil || len(l.Thread.NativeFrames) == 0 || l.Thread.Current == nil || l.Thread.Current.State != "_thread_in_native" {
		t.Errorf("kind %s signal %q siginfo %v frames %d", l.Parse.Kind, l.Header.Signal, l.Thread.Siginfo != nil, len(l.Thread.NativeFrames))
	}
}

func TestMacOSCrashReportIsForeign(t *testing.T) {
	l := ParseBytes([]byte("Process:               java [4242]\nPath:                  /usr/bin/java\nIncident Identifier: 1234-5678\nException Type:        EXC_BAD_ACCESS (SIGSEGV)\nCrashed Thread:        0  Dispatch queue: com.apple.main-thread\n"))
	if l.Parse.Kind != "foreign" || l.Parse.ForeignRuntime != "macOS" {
		t.Errorf("kind %s runtime %q", l.Parse.Kind, l.Parse.ForeignRuntime)
	}
}

func TestMacOSBinaryImagesFragment(t *testing.T) {
	l := ParseBytes([]byte("    sp: 0x000000016b2b3be0   pc: 0x00000001910a5f14 cpsr: 0x20001000\n\nBinary Images:\n       0x1060b4000 -        0x1060e3fff libglfw.dylib (*) <7abd7665> /tmp/libglfw.dylib\n"))
	if l.Parse.Kind != "foreign" || l.Parse.ForeignRuntime != "macOS" {
		t.Errorf("kind %s runtime %q", l.Parse.Kind, l.Parse.ForeignRuntime)
	}
}
