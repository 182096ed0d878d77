package parse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/corpus"
)

func readCorpus(t testing.TB, name string) []byte {
	b, err := os.ReadFile(corpus.Log(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// CRLF input parses to the same model as LF input.
func TestCRLFSameAsLF(t *testing.T) {
	lf := readCorpus(t, "krashpad-dataset95.log")
	crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
	a, b := ParseBytes(lf), ParseBytes(crlf)
	if !b.Parse.CRLF || a.Parse.CRLF {
		t.Fatalf("CRLF flag: lf=%v crlf=%v", a.Parse.CRLF, b.Parse.CRLF)
	}
	a.Parse.Bytes, b.Parse.Bytes, b.Parse.CRLF = 0, 0, false
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		t.Error("CRLF parse differs from LF parse")
	}
}

// A report cut anywhere parses without panic and says it is cut.
func TestTruncatedAnywhere(t *testing.T) {
	full := readCorpus(t, "krashpad-dataset94.log")
	if l := ParseBytes(full); l.Parse.Truncated || !l.Parse.Complete {
		t.Fatalf("full log should be complete: %v", l.Parse.Notes)
	}
	step := len(full) / 300
	for cut := 1; cut < len(full)-10; cut += step {
		l := ParseBytes(full[:cut])
		if l.Parse.Complete {
			t.Fatalf("cut at %d of %d claims to be complete", cut, len(full))
		}
		if l.Parse.Kind == "hs_err" && !l.Parse.Truncated {
			t.Fatalf("cut at %d: hs_err but not truncated", cut)
		}
		if len(l.Parse.Notes) == 0 && l.Parse.Kind != "unknown" {
			t.Fatalf("cut at %d: no note says what is missing", cut)
		}
	}
}

// Secondary-error and timeout markers are recorded and parsing resumes with
// the next step's output.
func TestMarkersResume(t *testing.T) {
	in := strings.Join([]string{
		"#",
		"# A fatal error has been detected by the Java Runtime Environment:",
		"#",
		"#  SIGSEGV (0xb) at pc=0x00007f0000001000, pid=1, tid=2",
		"#",
		"---------------  T H R E A D  ---------------",
		"",
		"Native frames: (J=compiled Java code, j=interpreted, Vv=VM code, C=native code)",
		"C  [libfoo.so+0x10]  foo+0x10",
		"[error occurred during error reporting (printing native stack), id 0xb, SIGSEGV (0xb) at pc=0x00007f0000002000]",
		"",
		"Instructions: (pc=0x00007f0000001000)",
		"0x00007f0000001000:   [timeout occurred during error reporting in step \"printing registers\"] after 30 s.",
		"siginfo: si_signo: 11 (SIGSEGV), si_code: 1 (SEGV_MAPERR), si_addr: 0x0000000000000000",
		"------ Timeout during error reporting after 120 s. ------",
	}, "\n")
	l := ParseBytes([]byte(in))
	if len(l.Parse.Markers) != 3 {
		t.Fatalf("markers: %+v", l.Parse.Markers)
	}
	if l.Parse.Markers[0].Step != "printing native stack" || l.Parse.Markers[1].Step != "printing registers" || l.Parse.Markers[2].Kind != "report-timeout" {
		t.Errorf("markers: %+v", l.Parse.Markers)
	}
	if len(l.Thread.NativeFrames) != 1 || l.Thread.Siginfo == nil || !l.Parse.Truncated {
		t.Errorf("did not resume: frames=%d siginfo=%v truncated=%v", len(l.Thread.NativeFrames), l.Thread.Siginfo, l.Parse.Truncated)
	}
}

// Console output (the '#' header only) is recognised as such.
func TestConsoleHeaderOnly(t *testing.T) {
	full := string(readCorpus(t, "krashpad-dataset95.log"))
	header := full[:strings.Index(full, "---------------  S U M M A R Y")]
	l := ParseBytes([]byte("some earlier output\n" + header))
	if l.Parse.Kind != "console" || l.Header.Signal != "SIGSEGV" || l.Header.ProblematicFrame == nil {
		t.Errorf("console header: kind=%s signal=%s frame=%v", l.Parse.Kind, l.Header.Signal, l.Header.ProblematicFrame)
	}
}

// Two reports in one input: the first is parsed and the second is noted.
func TestConcatenatedReports(t *testing.T) {
	a := readCorpus(t, "krashpad-dataset95.log")
	b := readCorpus(t, "krashpad-dataset94.log")
	l := ParseBytes(append(append([]byte{}, a...), b...))
	if l.Header.Version.JDK != "25.0.1+8" || l.Parse.Reports < 2 {
		t.Errorf("jdk=%s reports=%d", l.Header.Version.JDK, l.Parse.Reports)
	}
	found := false
	for _, n := range l.Parse.Notes {
		found = found || strings.Contains(n, "several reports")
	}
	if !found {
		t.Errorf("no note about the second report: %v", l.Parse.Notes)
	}
}

// Lines longer than MaxLine are cut, counted, and do not disturb parsing.
func TestVeryLongLines(t *testing.T) {
	long := "jvm_args: " + strings.Repeat("-Dx=y ", (MaxLine/6)+1000)
	in := "VM Arguments:\n" + long + "\njava_command: Main\n"
	l := ParseBytes([]byte(in))
	if l.Parse.LongLines != 1 || l.Process.VMArguments.JavaCommand.Text != "java_command: Main" {
		t.Errorf("long=%d cmd=%q", l.Parse.LongLines, l.Process.VMArguments.JavaCommand.Text)
	}
}

// Binary garbage is skipped and counted; text around it still parses.
func TestBinaryGarbage(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	junk := make([]byte, 64<<10)
	rng.Read(junk)
	in := append([]byte("#  SIGSEGV (0xb) at pc=0x0000000000001000, pid=1, tid=2\n"), junk...)
	in = append(in, []byte("\nsiginfo: si_signo: 11 (SIGSEGV), si_code: 1 (SEGV_MAPERR), si_addr: 0x0000000000000008\n")...)
	l := ParseBytes(in)
	if l.Parse.BinaryLines == 0 || l.Thread.Siginfo == nil || l.Thread.Siginfo.Addr != 8 {
		t.Errorf("binary=%d siginfo=%v", l.Parse.BinaryLines, l.Thread.Siginfo)
	}
	if pure := ParseBytes(junk); pure.Parse.Kind != "unknown" {
		t.Errorf("random bytes recognised as %s", pure.Parse.Kind)
	}
}

// repeatReader yields a header and then the same block over and over, to
// stream a large input without holding it in memory.
type repeatReader struct {
	head, body []byte
	left       int64
	off        int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if len(r.head) > 0 {
		n := copy(p, r.head)
		r.head = r.head[n:]
		return n, nil
	}
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := copy(p, r.body[r.off:])
	if int64(n) > r.left {
		n = int(r.left)
	}
	r.off = (r.off + n) % len(r.body)
	r.left -= int64(n)
	return n, nil
}

// A large input is streamed in bounded memory. HSERR_BIG=1 makes it 1 GiB
// (by hand); CI streams 128 MiB.
func TestLargeInputBoundedMemory(t *testing.T) {
	size := int64(128 << 20)
	if os.Getenv("HSERR_BIG") != "" {
		size = 1 << 30
	}
	head := readCorpus(t, "krashpad-dataset95.log")
	head = head[:bytes.Index(head, []byte("Dynamic libraries:"))+len("Dynamic libraries:\n")]
	body := []byte("7fa395d9e000-7fa395e9e000 rw-p 00000000 00:00 0                          [stack:31389]\n")
	if testing.Short() {
		// just past the mapping cap, so the drop is still exercised
		size = int64(maxMappings+1000) * int64(len(body))
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	l, err := Parse(&repeatReader{head: head, body: body, left: size})
	if err != nil {
		t.Fatal(err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if l.Process.LibrariesDropped == 0 || len(l.Process.Libraries) != maxMappings {
		t.Errorf("libraries kept %d dropped %d", len(l.Process.Libraries), l.Process.LibrariesDropped)
	}
	live := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if live > 256<<20 {
		t.Errorf("heap grew by %d MiB for a %d MiB input", live>>20, size>>20)
	}
	t.Logf("%d MiB streamed, heap +%d MiB, %d mappings kept", size>>20, live>>20, len(l.Process.Libraries))
}

// Excerpts pasted into blogs and issues drop the "Registers:" heading and
// add callout marks after values; both still parse.
func TestPastedExcerpt(t *testing.T) {
	in := "#  SIGSEGV (0xb) at pc=0x00007f424226f40a, pid=28216, tid=139922878629632\n\n" +
		"RAX=0x00007f424226f8c2, RBX=0x00007f425579ed48, RCX=0x00007f424c44a7b0, RDX=0x00007f4242264590\n" +
		"RSP=0x00007f425579eae0, RBP=0x00007f425579eae0, RSI=0x00007f424c44a7d0, RDI=0x0000000000000000\n\n" +
		"siginfo: si_signo: 11 (SIGSEGV), si_code: 1 (SEGV_MAPERR), si_addr: 0xffffffffffffffff (2)\n"
	l := ParseBytes([]byte(in))
	if v, ok := l.Register("RDI"); !ok || v != 0 || l.Thread.Registers.Arch != "x86_64" {
		t.Errorf("registers without heading: %+v", l.Thread.Registers)
	}
	if si := l.Thread.Siginfo; si == nil || !si.HasAddr || si.Addr != ^uint64(0) {
		t.Errorf("si_addr with a trailing mark: %+v", si)
	}
	if l.Parse.UnknownCount != 0 {
		t.Errorf("unknown lines: %+v", l.Parse.Unknown)
	}
}

// The in-memory path (ParseBytes, used by triage) and the streaming path
// (Parse) give the same model, also for CRLF, a missing final newline and an
// over-long line.
func TestInMemorySameAsStreaming(t *testing.T) {
	inputs := [][]byte{
		[]byte("#  SIGSEGV (0xb) at pc=0x0, pid=1, tid=2\nVM Arguments:\njvm_args: " + strings.Repeat("x", MaxLine+10) + "\njava_command: M"),
		{},
	}
	for _, p := range corpus.Logs(t) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, b, bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")))
	}
	for i, in := range inputs {
		sameAsStreaming(t, fmt.Sprint("input ", i), in)
	}
}

// sameAsStreaming fails unless the in-memory and streaming parses of in are
// equal in every field, those JSON leaves out included.
func sameAsStreaming(t *testing.T, name string, in []byte) {
	t.Helper()
	a := ParseBytes(in)
	b, err := Parse(bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		ja, _ := json.MarshalIndent(a, "", " ")
		jb, _ := json.MarshalIndent(b, "", " ")
		t.Errorf("%s: in-memory and streaming parses differ (JSON equal: %v)", name, bytes.Equal(ja, jb))
	}
}

// Blocks kept as plain line lists are capped like every other list.
func TestLineListsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("Logging:\n")
	for i := 0; i < maxItems+100; i++ {
		b.WriteString(" #0: stdout all=warning uptime,level,tags\n")
	}
	l := ParseBytes([]byte(b.String()))
	if len(l.Process.Logging) != maxItems {
		t.Errorf("Logging kept %d lines, cap is %d", len(l.Process.Logging), maxItems)
	}
}
