package parse_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/parse"
)

// allowedUnknown lists the corpus lines no grammar should take, with why.
// Everything else in the corpus must be recognised.
var allowedUnknown = map[string]map[int]string{
	// krashpad's anonymiser appended a signature after the last line.
	"krashpad-dataset23.log": {394: "MGM was here!"},
	// the fragment starts inside the Top of Stack dump, without its heading.
	"krashpad-dataset6.log": {1: "", 2: "", 3: "", 4: "", 5: "", 6: "", 7: "", 8: "", 9: "", 10: ""},
}

func TestCorpusParsesWithoutUnknownLines(t *testing.T) {
	manifest := corpus.Manifest(t)
	for _, path := range corpus.Logs(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			if _, ok := manifest[name]; !ok {
				t.Errorf("%s has no source in manifest.tsv", name)
			}
			l, err := parse.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if l.Parse.Kind == "unknown" {
				t.Fatalf("not recognised as an hs_err log: %v", l.Parse.Notes)
			}
			for _, u := range l.Parse.Unknown {
				if _, ok := allowedUnknown[name][u.N]; !ok {
					t.Errorf("unrecognised line %d in %s/%s: %q", u.N, u.Section, u.Block, u.Text)
				}
			}
			if _, err := json.Marshal(l); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestCorpusFacts checks values the parser must get right on logs of
// different JDK versions and platforms, read off the files by hand.
func TestCorpusFacts(t *testing.T) {
	type want struct {
		kind, signal, platform, jdk, topSym, topLib, thread string
		major, frames                                       int
		siAddr                                              uint64
		regs, insBytes, libs                                int
	}
	cases := map[string]want{
		"krashpad-dataset95.log": {kind: "hs_err", signal: "SIGSEGV", platform: "linux-amd64", jdk: "25.0.1+8", major: 25, topSym: "Unsafe_GetByte", topLib: "libjvm.so", thread: "main", frames: 12, siAddr: 0, regs: 38, insBytes: 512, libs: 187},
		"krashpad-dataset82.log": {kind: "hs_err", signal: "EXCEPTION_ACCESS_VIOLATION", platform: "windows-amd64", jdk: "11.0.8+10", major: 11, topLib: "jvm.dll", frames: 15, libs: 80},
		"krashpad-dataset33.log": {kind: "hs_err", signal: "SIGSEGV", platform: "linux-ppc64le", jdk: "8.0_272-b10", major: 8, frames: 12},
		"krashpad-dataset42.log": {kind: "hs_err", platform: "solaris-sparc", jdk: "8.0_231-b11", major: 8, frames: 17},
		"krashpad-dataset16.log": {kind: "hs_err", signal: "SIGILL", platform: "linux-amd64", jdk: "12.0.1+12", major: 12, frames: 1},
		// a fragment: the version comes from its vm_info line
		"krashpad-dataset6.log": {kind: "fragment", platform: "linux-amd64", jdk: "1.8.0_262-b10", major: 8, frames: 5},
	}
	for name, w := range cases {
		t.Run(name, func(t *testing.T) {
			l, err := parse.ParseFile(corpus.Log(t, name))
			if err != nil {
				t.Fatal(err)
			}
			v := l.Header.Version
			check := func(what string, got, want any) {
				t.Helper()
				if got != want {
					t.Errorf("%s = %v, want %v", what, got, want)
				}
			}
			check("kind", l.Parse.Kind, w.kind)
			check("signal", l.Header.Signal, w.signal)
			check("platform", v.Platform, w.platform)
			check("jdk", v.JDK, w.jdk)
			check("major", v.Major, w.major)
			check("native frames", len(l.Thread.NativeFrames), w.frames)
			if w.topSym != "" || w.topLib != "" {
				f, ok := l.TopFrame()
				if !ok {
					t.Fatal("no top frame")
				}
				if w.topSym != "" {
					check("top symbol", f.Symbol, w.topSym)
				}
				check("top library", f.Library, w.topLib)
			}
			if w.thread != "" {
				check("thread", l.Thread.Current.Name, w.thread)
			}
			if w.regs > 0 {
				check("registers", len(l.Thread.Registers.Regs), w.regs)
			}
			if w.insBytes > 0 {
				check("instruction bytes", len(l.Thread.Instructions.Bytes), w.insBytes)
			}
			if w.libs > 0 {
				check("libraries", len(l.Process.Libraries), w.libs)
			}
		})
	}
}

// Every line kept verbatim, every event's raw line and every mapping's text
// is the log's line at the number the model gives: evidence quoted from
// them is exact.
func TestCorpusLineNumbersExact(t *testing.T) {
	for _, path := range corpus.Logs(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
		at := func(n int) string {
			if n < 1 || n > len(lines) {
				return "<no such line>"
			}
			return lines[n-1]
		}
		l := parse.ParseBytes(data)
		name := filepath.Base(path)
		for _, b := range l.Blocks {
			for i, s := range b.Lines {
				if got := at(b.First + i); got != s {
					t.Errorf("%s block %q line %d: kept %q, log has %q", name, b.Heading, b.First+i, s, got)
					break
				}
			}
		}
		for _, el := range l.Process.Events {
			for _, e := range el.Events {
				if at(e.Line) != e.Raw {
					t.Errorf("%s event at %d: raw %q, log has %q", name, e.Line, e.Raw, at(e.Line))
				}
			}
		}
		for _, m := range l.Process.Libraries {
			if at(m.Line) != m.Text {
				t.Errorf("%s mapping at %d: %q, log has %q", name, m.Line, m.Text, at(m.Line))
			}
		}
	}
}
