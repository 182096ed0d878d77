package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hserr/hserr/docs/schema"
	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/term"
)

// What the commands print with --json is the contract: the schema
// validates it (closed: no undocumented field), for a whole log and for a
// cut one, whose exit code is 1 but whose output is just as valid.
func TestJSONOutputsValidate(t *testing.T) {
	data, err := os.ReadFile(corpus.Log(t, "krashpad-dataset94.log"))
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.log")
	if err := os.WriteFile(cut, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		schema string
		code   int
		args   []string
	}{
		{schema.Explain, term.ExitOK, []string{"explain", "--example", "--json"}},
		{schema.Explain, term.ExitOK, []string{"explain", "--example", "--format", "json"}},
		{schema.Explain, term.ExitOK, []string{"explain", cut, "--json"}},
		{schema.Explain, term.ExitPartial, []string{"explain", cut, "-o", "json", "--strict"}},
		{schema.Parse, term.ExitOK, []string{"parse", "--example", "--json"}},
		{schema.Parse, term.ExitOK, []string{"parse", cut, "--json"}},
	} {
		code, out, errOut := run(t, nil, c.args...)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d: %s", c.args, code, c.code, errOut)
		}
		if err := schema.Validate(c.schema, []byte(out), true); err != nil {
			t.Errorf("%v: %v", c.args, err)
		}
	}
}

// The header facts scripts read are in parse --json.
func TestParseJSONSummary(t *testing.T) {
	_, out, _ := run(t, nil, "parse", "--example", "--json")
	for _, want := range []string{`"kind": "parse-summary"`, `"schema_version": "1"`, `"signal": "SIGSEGV"`,
		`"arch": "amd64"`, `"jdk": "17.0.15+6"`, `"problematic_frame": "C  [libexample.so+0x1114]  init_header+0x4"`,
		`"state": "present"`, `"native_frames": `} {
		if !strings.Contains(out, want) {
			t.Errorf("parse --json lacks %s:\n%s", want, out)
		}
	}
}
