package triage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hserr/hserr/docs/schema"
	hscorpus "github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/store"
	"github.com/hserr/hserr/internal/term"
)

// triage --json is the contract: the schema validates it (closed: no
// undocumented field) with groups, skips and, on a second run into the
// same database, duplicates.
func TestJSONValidates(t *testing.T) {
	in := t.TempDir()
	logs := hscorpus.Logs(t)
	for _, p := range logs[:min(12, len(logs))] {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, filepath.Base(p)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(in, "notes.txt"), []byte("not a crash log\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "t.db")
	for run := 1; run <= 2; run++ {
		out, errs, code := runCmd(t, nil, "--db", db, "--json", in)
		if code != term.ExitOK || !strings.Contains(errs, "notes.txt") { // notes.txt is skipped, and said, but is no problem
			t.Fatalf("run %d: exit %d: %s", run, code, errs)
		}
		if err := schema.Validate(schema.Triage, []byte(out), true); err != nil {
			t.Errorf("run %d: %v\n%s", run, err, out)
		}
		rep := decode(t, out)
		if len(rep.Groups) == 0 || len(rep.Skipped) == 0 || (run == 2 && rep.Run.Duplicates == 0) {
			t.Errorf("run %d does not exercise groups, skips and duplicates: %+v", run, rep.Run)
		}
	}
}

// An empty database still gives a valid document: arrays, not nulls.
func TestJSONEmptyValidates(t *testing.T) {
	out, errs, code := runCmd(t, nil, "--db", store.Memory, "--json", t.TempDir())
	if code == term.ExitUsage {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if err := schema.Validate(schema.Triage, []byte(out), true); err != nil {
		t.Errorf("%v\n%s", err, out)
	}
}
