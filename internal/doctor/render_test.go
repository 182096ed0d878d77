package doctor

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hserr/hserr/docs/schema"
)

func TestWriteText(t *testing.T) {
	rep := Report{
		Context: ContextInfo{OS: "linux", Arch: "amd64", Kernel: "6.1.0", ProbesRun: "in-process as uid 0"},
		Checks: []Check{
			{ID: "a.pass", Status: Pass, Observed: "fine"},
			{ID: "b.fail", Title: "B", Status: Fail, Observed: "evil\x1b[31m\nline", Why: "because", Remedy: "do X"},
			{ID: "c.skip", Status: Skip, Observed: "n/a", Why: "not shown"},
		},
	}
	rep.Summary = summarize(rep.Checks)
	var b strings.Builder
	WriteText(&b, rep, false)
	out := b.String()
	for _, want := range []string{"a.pass  PASS  fine", `FAIL  evil\x1b[31m\nline`, "FAIL b.fail: B", "why:    because", "remedy: do X", "1 pass, 0 warn, 1 fail, 1 skip"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") || strings.Contains(out, "not shown") {
		t.Errorf("escape or skip reason leaked:\n%s", out)
	}
	if !rep.Failed() {
		t.Error("Failed() false with a failing check")
	}
	b.Reset()
	WriteText(&b, rep, true)
	if !strings.Contains(b.String(), "\x1b[31;1mFAIL\x1b[0m") {
		t.Errorf("no colour when asked:\n%q", b.String())
	}
}

// --json is the contract: every field of a report, nil slices included,
// validates against docs/schema/doctor.schema.json (closed: no
// undocumented field), and arrays are never null.
func TestWriteJSONValidates(t *testing.T) {
	rep := Report{
		Context: ContextInfo{OS: "linux", Arch: "amd64", Kernel: "6.1.0", PID: 42, Command: "java", Root: "/proc/42/root",
			User: "elastic", UID: 1000, GID: 1000, ProbesRun: "re-executed as uid 1000"},
		Checks: []Check{
			{ID: "a.pass", Title: "A", Status: Pass, Observed: "fine"},
			{ID: "b.fail", Title: "B", Status: Fail, Observed: "noexec", Errno: "EPERM", Error: "operation not permitted",
				Why: "because", Remedy: "do X", Steps: []Step{{Call: "mmap", OK: false, Errno: "EPERM", Error: "denied"}},
				Dir: &DirProbe{Path: "/tmp/x", ProbedAt: "/tmp", Exists: true, IsDir: true, Writable: true, FSType: "tmpfs",
					MountPoint: "/tmp", MountOptions: []string{"rw", "noexec"}, Noexec: true, FreeBytes: 1 << 20,
					Method: "O_TMPFILE", Steps: []Step{{Call: "open", OK: true, Result: "fd 3"}}, Errno: "EPERM", Error: "denied"}},
			{ID: "c.skip", Title: "C", Status: Skip, Observed: "n/a", Dir: &DirProbe{Path: "/nowhere"}},
		},
	}
	rep.Summary = summarize(rep.Checks)
	var b strings.Builder
	if err := WriteJSON(&b, rep); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(schema.Doctor, []byte(b.String()), true); err != nil {
		t.Errorf("%v\n%s", err, b.String())
	}
	if strings.Contains(b.String(), "null") {
		t.Errorf("null in the output:\n%s", b.String())
	}
	b.Reset()
	if err := WriteJSON(&b, Report{}); err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(schema.Doctor, []byte(b.String()), true); err != nil {
		t.Errorf("empty report: %v\n%s", err, b.String())
	}
}

// Values from the host (a TMPDIR, a process's command line) reach the
// terminal with their control characters visible, never as raw BEL or ESC.
func TestTextEscapesHostValues(t *testing.T) {
	rep := Report{Context: ContextInfo{OS: "linux", Arch: "amd64", Kernel: "6.1\x1b[2J", PID: 7, Command: "java\a -jar x"},
		Checks: []Check{{ID: "libffi.tmp.TMPDIR", Status: Warn, Title: "t\x1b]0;title\a", Observed: "$TMPDIR=/tmp/\a\x1b]0;x\a: does not exist", Why: "w\r", Remedy: "r\x00"}}}
	var b bytes.Buffer
	WriteText(&b, rep, false)
	out := b.String()
	for _, c := range []string{"\x07", "\x1b", "\x00", "\r"} {
		if strings.Contains(out, c) {
			t.Errorf("raw %q in doctor text:\n%s", c, out)
		}
	}
	if !strings.Contains(out, `$TMPDIR=/tmp/\x07\x1b]0;x\x07`) {
		t.Errorf("the TMPDIR value is not shown escaped:\n%s", out)
	}
}
