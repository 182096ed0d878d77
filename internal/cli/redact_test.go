package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/example"
)

// secretLog is the example log with secrets planted where real logs carry
// them.
func secretLog(t *testing.T) string {
	t.Helper()
	s := string(example.Log)
	s = strings.Replace(s, "\njvm_args: ", "\njvm_args: -Ddb.password=hunter2 ", 1)
	s = strings.Replace(s, "\nEnvironment Variables:\n", "\nEnvironment Variables:\nAPI_TOKEN=tok-123456\n", 1)
	s = strings.Replace(s, "\nDynamic libraries:\n", "\nDynamic libraries:\n7f0000000000-7f0000001000 r-xp 00000000 fd:01 1 /home/alice/lib/libx.so\n", 1)
	if !strings.Contains(s, "hunter2") || !strings.Contains(s, "tok-123456") || !strings.Contains(s, "alice") {
		t.Fatal("the example log lost a heading the test plants secrets under")
	}
	p := filepath.Join(t.TempDir(), "hs_err_pid1.log")
	os.WriteFile(p, []byte(s), 0o644)
	return p
}

func TestMarkdownRedactedByDefault(t *testing.T) {
	p := secretLog(t)
	code, out, _ := run(t, nil, "explain", "-o", "markdown", p)
	for _, s := range []string{"hunter2", "tok-123456", "alice"} {
		if strings.Contains(out, s) {
			t.Errorf("%q in the Markdown:\n%s", s, out)
		}
	}
	if code != 0 || !strings.Contains(out, "Redacted by hserr before pasting") {
		t.Errorf("exit %d, no redaction note:\n%s", code, out)
	}
	_, out, _ = run(t, nil, "explain", "-o", "markdown", "--no-redact", p)
	if strings.Contains(out, "Redacted by hserr") {
		t.Error("--no-redact still redacted")
	}
}

func TestRedactCommand(t *testing.T) {
	p := secretLog(t)
	code, out, errs := run(t, nil, "redact", p)
	orig, _ := os.ReadFile(p)
	if code != 0 || strings.Count(out, "\n") != strings.Count(string(orig), "\n") {
		t.Fatalf("exit %d; lines %d vs %d", code, strings.Count(out, "\n"), strings.Count(string(orig), "\n"))
	}
	for _, s := range []string{"hunter2", "tok-123456", "/home/alice"} {
		if strings.Contains(out, s) {
			t.Errorf("%q survived", s)
		}
	}
	if !strings.Contains(errs, "property") || !strings.Contains(errs, "environment") {
		t.Errorf("counts not reported: %q", errs)
	}
	if code, _, _ := run(t, nil, "redact", "--profile", "vendor", p); code != 2 {
		t.Errorf("bad profile: exit %d", code)
	}
}
