package doctor

import (
	"strings"
	"testing"
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
	for _, want := range []string{"a.pass  PASS  fine", "FAIL  evil [31m line", "FAIL b.fail: B", "why:    because", "remedy: do X", "1 pass, 0 warn, 1 fail, 1 skip"} {
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
