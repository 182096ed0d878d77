package parse

import (
	"os"
	"strings"
	"testing"
)

// A console header pasted without its '#' prefixes is a partial log: the
// signal, pc, frame and JDK are read, and quoted lines keep their pasted text.
func TestHashlessConsoleHeader(t *testing.T) {
	src, err := os.ReadFile("testdata/hashless-console.txt")
	if err != nil {
		t.Fatal(err)
	}
	l := ParseBytes(src)
	h := l.Header
	if l.Parse.Kind != "console" || h.Signal != "SIGSEGV" || !h.HasPC || h.PC != 0x00007f3a1c0d2e64 || h.Version.Major != 17 || !h.InNative {
		t.Fatalf("kind %q signal %q pc %#x (%v) major %d in-native %v", l.Parse.Kind, h.Signal, h.PC, h.HasPC, h.Version.Major, h.InNative)
	}
	if f := h.ProblematicFrame; f == nil || f.Library != "librocksdbjni5040108181873856658.so" || f.Text != "C  [librocksdbjni5040108181873856658.so+0x3e1a4]  rocksdb::DBImpl::Get()+0x64" {
		t.Fatalf("frame %+v", f)
	}
	lines := strings.Split(string(src), "\n")
	for _, ln := range []struct {
		n    int
		text string
	}{{h.ErrorLine.N, h.ErrorLine.Text}, {h.JREVersion.N, h.JREVersion.Text}, {h.JavaVM.N, h.JavaVM.Text}} {
		if ln.n == 0 || lines[ln.n-1] != ln.text {
			t.Errorf("line %d quoted as %q, pasted as %q", ln.n, ln.text, lines[max(ln.n-1, 0)])
		}
	}
	// the banner phrase inside prose is not a header
	if l := ParseBytes([]byte("We saw: A fatal error has been detected by the Java Runtime Environment:\n SIGSEGV (0xb) at pc=0x1, pid=1, tid=2\n")); l.Parse.Kind != "unknown" {
		t.Errorf("prose read as %q", l.Parse.Kind)
	}
}

// A console header quoted with indentation keeps its '#'s after the
// indent: it is read, and quoted as pasted.
func TestIndentedConsoleHeader(t *testing.T) {
	src, err := os.ReadFile("testdata/indented-console.txt")
	if err != nil {
		t.Fatal(err)
	}
	l := ParseBytes(src)
	h := l.Header
	if l.Parse.Kind != "console" || h.Signal != "EXCEPTION_ACCESS_VIOLATION" || h.PC != 0x00000226bc5dcf4f || h.Version.Major != 17 || h.ProblematicFrame == nil || h.ProblematicFrame.Kind != "J" {
		t.Fatalf("kind %q signal %q pc %#x major %d frame %+v", l.Parse.Kind, h.Signal, h.PC, h.Version.Major, h.ProblematicFrame)
	}
	lines := strings.Split(string(src), "\n")
	if h.ErrorLine.N == 0 || lines[h.ErrorLine.N-1] != h.ErrorLine.Text {
		t.Errorf("error line quoted as %q", h.ErrorLine.Text)
	}
}
