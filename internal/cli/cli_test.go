package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/term"
)

func run(t *testing.T, stdin []byte, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if stdin != nil {
		f := filepath.Join(t.TempDir(), "stdin")
		if err := os.WriteFile(f, stdin, 0o644); err != nil {
			t.Fatal(err)
		}
		in, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		old := os.Stdin
		os.Stdin = in
		defer func() { os.Stdin = old }()
	}
	var out, errb bytes.Buffer
	code = Execute(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExplainExample(t *testing.T) {
	code, out, _ := run(t, nil, "explain", "--example")
	if code != term.ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"VERDICT", "init_header", "SIGSEGV", "17.0.15"} {
		if !strings.Contains(out, want) {
			t.Errorf("explain --example output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour written to a non-terminal")
	}
}

func TestExplainJSONFromStdin(t *testing.T) {
	code, out, _ := run(t, example.Log, "explain", "-", "--json")
	if code != term.ExitOK {
		t.Fatalf("exit %d", code)
	}
	var r struct {
		Verdict struct {
			Class      string  `json:"class"`
			Confidence float64 `json:"confidence"`
			Evidence   []struct {
				Line int    `json:"line"`
				Text string `json:"text"`
			} `json:"evidence"`
		} `json:"verdict"`
		Findings []json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if r.Verdict.Class == "" || len(r.Verdict.Evidence) == 0 || r.Verdict.Confidence <= 0 {
		t.Errorf("verdict incomplete: %+v", r.Verdict)
	}
	for _, e := range r.Verdict.Evidence {
		lines := strings.Split(string(example.Log), "\n")
		if e.Line < 1 || e.Line > len(lines) || lines[e.Line-1] != e.Text {
			t.Errorf("evidence line %d %q is not the log's line", e.Line, e.Text)
		}
	}
}

func TestMarkdownFormat(t *testing.T) {
	code, out, _ := run(t, nil, "explain", "--example", "--format", "markdown")
	if code != 0 || !strings.Contains(out, "#") || !strings.Contains(out, "```") {
		t.Errorf("exit %d, markdown:\n%s", code, out)
	}
	code, _, errOut := run(t, nil, "explain", "--example", "--format", "yaml")
	if code != term.ExitUsage || !strings.Contains(errOut, "-o must be one of") {
		t.Errorf("bad format: exit %d %q", code, errOut)
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	notLog := filepath.Join(dir, "notes.txt")
	os.WriteFile(notLog, []byte("hello\nworld\n"), 0o644)
	full := corpus.Log(t, "krashpad-dataset94.log")
	data, _ := os.ReadFile(full)
	cut := filepath.Join(dir, "cut.log")
	os.WriteFile(cut, data[:len(data)/2], 0o644)
	frag := corpus.Log(t, "krashpad-dataset25.log")

	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"parse", full}, term.ExitOK, ""},
		{[]string{"explain", full}, term.ExitOK, ""},
		// a verdict was produced: 0; partial input is said in the output
		{[]string{"explain", cut}, term.ExitOK, ""},
		{[]string{"parse", frag}, term.ExitOK, ""},
		{[]string{"explain", "--strict", cut}, term.ExitPartial, "partial"},
		{[]string{"parse", "--strict", frag}, term.ExitPartial, "partial"},
		// one unusable input among good ones: the good ones are explained, exit 2
		{[]string{"explain", "-q", full, notLog}, term.ExitUsage, "not an hs_err log"},
		{[]string{"explain", notLog}, term.ExitUsage, "not an hs_err log"},
		{[]string{"explain", filepath.Join(dir, "missing.log")}, term.ExitUsage, "no such file"},
		{[]string{"explain", dir}, term.ExitUsage, "directory"},
		{[]string{"explain", "-o", "yaml", full}, term.ExitUsage, "-o must be"},
		{[]string{"explain", "--nope"}, term.ExitUsage, "unknown flag"},
		{[]string{"explain", "--example", full}, term.ExitUsage, "--example takes no FILE"},
	}
	for _, c := range cases {
		code, _, errOut := run(t, nil, c.args...)
		if code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("%v: exit %d stderr %q, want %d and %q", c.args, code, errOut, c.code, c.msg)
		}
	}
}

// --unstable-model still prints the whole model, for debugging the parser.
func TestParseUnstableModel(t *testing.T) {
	code, out, _ := run(t, nil, "parse", "--example", "--unstable-model")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"parse", "header", "summary", "thread", "process", "system"} {
		if _, ok := m[k]; !ok {
			t.Errorf("parse --unstable-model lacks %q", k)
		}
	}
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := run(t, nil, "--version")
	if code != 0 || !strings.HasPrefix(out, "hserr version ") {
		t.Errorf("--version: %d %q", code, out)
	}
	code, out, _ = run(t, nil, "explain", "--help")
	if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "--json") {
		t.Errorf("explain --help: %d %q", code, out)
	}
	code, out, _ = run(t, nil, "completion", "bash")
	if code != 0 || !strings.Contains(out, "bash completion") {
		t.Errorf("completion: %d", code)
	}
}
