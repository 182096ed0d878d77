package fault

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/parse"
)

// parseFile parses a log with the project's parser.
func parseFile(t testing.TB, path string) *model.Log {
	t.Helper()
	l, err := parse.ParseFile(path)
	if err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return l
}

func testdata(name string) string { return filepath.Join("testdata", name) }

// pcInsn returns the decoded instruction at pc and checks there is exactly one.
func pcInsn(t *testing.T, a *Analysis) Instruction {
	t.Helper()
	var got []Instruction
	for _, d := range a.Decoded {
		if d.IsPC {
			got = append(got, d)
		}
	}
	if len(got) != 1 {
		t.Fatalf("want exactly one is_pc instruction, got %d: %+v", len(got), a.Decoded)
	}
	return got[0]
}

// reg returns the provenance entry of a register by its log name.
func reg(t *testing.T, a *Analysis, name string) RegisterUse {
	t.Helper()
	for _, r := range a.Registers {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no register %s in %+v", name, a.Registers)
	return RegisterUse{}
}

func hasEvidence(a *Analysis, sub string) bool {
	for _, e := range a.Evidence {
		if strings.Contains(e, sub) {
			return true
		}
	}
	return false
}

func notWritten(t *testing.T, r RegisterUse) {
	t.Helper()
	if w, known := r.Written(); !known || w {
		t.Errorf("%s: want not written before the fault (known), got written=%v known=%v (%s)", r.Name, w, known, r.WrittenBy)
	}
}
