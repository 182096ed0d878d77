package triage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/store"
	"github.com/hserr/hserr/internal/term"
)

// Files found in a directory that are not crash logs are expected: the run
// exits 0 and says how many it skipped. The same file named on the command
// line is a problem: exit 1.
func TestSkipsThatAreNoProblem(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "hs_err_pid1.log"), readCorpus(t, "krashpad-dataset94.log"), 0o644)
	readme := filepath.Join(dir, "README.txt")
	os.WriteFile(readme, []byte("crash logs of the build farm\n"), 0o644)
	out, _, code := runCmd(t, nil, "--db", store.Memory, dir)
	if code != term.ExitOK || !strings.Contains(out, "1 skipped") || !strings.Contains(out, "README.txt") {
		t.Errorf("directory with a README: exit %d\n%s", code, out)
	}
	if _, _, code := runCmd(t, nil, "--db", store.Memory, readme); code != term.ExitPartial {
		t.Errorf("a named non-log: exit %d, want 1", code)
	}
}

func TestDefaultDatabaseLocation(t *testing.T) {
	state := t.TempDir()
	t.Setenv("HSERR_DB", "")
	t.Setenv("XDG_STATE_HOME", state)
	p, err := databasePath("")
	if err != nil || p != filepath.Join(state, "hserr", "triage.db") {
		t.Errorf("XDG_STATE_HOME: %q %v", p, err)
	}
	if st, err := os.Stat(filepath.Join(state, "hserr")); err != nil || !st.IsDir() {
		t.Error("the state directory was not created")
	}
	t.Setenv("HSERR_DB", "/tmp/team.db")
	if p, _ := databasePath(""); p != "/tmp/team.db" {
		t.Errorf("HSERR_DB: %q", p)
	}
	if p, _ := databasePath(store.Memory); p != store.Memory {
		t.Errorf("--db wins: %q", p)
	}
	// a run with no --db writes nothing into the working directory
	log := readCorpus(t, "krashpad-dataset94.log") // before leaving the repository
	wd := t.TempDir()
	t.Chdir(wd)
	t.Setenv("HSERR_DB", "")
	if _, errs, code := runCmd(t, log); code != term.ExitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if ents, _ := os.ReadDir(wd); len(ents) != 0 {
		t.Errorf("files left in the working directory: %v", ents)
	}
	if _, err := os.Stat(filepath.Join(state, "hserr", "triage.db")); err != nil {
		t.Errorf("no database in the state directory: %v", err)
	}
}

func TestOutputFormats(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "hs_err_pid1.log"), readCorpus(t, "krashpad-dataset94.log"), 0o644)
	out, _, code := runCmd(t, nil, "--db", store.Memory, "-o", "html", dir)
	if code != 0 || !strings.HasPrefix(strings.TrimSpace(out), "<!DOCTYPE html>") {
		t.Errorf("-o html: exit %d %.80q", code, out)
	}
	csvOut, _, _ := runCmd(t, nil, "--db", store.Memory, "-o", "csv", dir)
	aliasOut, _, _ := runCmd(t, nil, "--db", store.Memory, "--csv", dir)
	if !strings.HasPrefix(csvOut, "rank,") || csvOut != aliasOut {
		t.Errorf("-o csv and --csv differ:\n%s\n%s", csvOut, aliasOut)
	}
	dest := filepath.Join(t.TempDir(), "g.json")
	out, _, _ = runCmd(t, nil, "--db", store.Memory, "-o", "json", "--output-file", dest, dir)
	if b, err := os.ReadFile(dest); err != nil || !strings.Contains(string(b), `"kind": "triage-report"`) || out != "" {
		t.Errorf("--output-file: %v, stdout %q", err, out)
	}
}
