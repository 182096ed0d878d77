package triage

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mholt/archives"

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
	// first_added is when each run stored the log: two runs may straddle a
	// second, so it is left out of the comparison.
	added := regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,`)
	if !strings.HasPrefix(csvOut, "rank,") || added.ReplaceAllString(csvOut, "") != added.ReplaceAllString(aliasOut, "") {
		t.Errorf("-o csv and --csv differ:\n%s\n%s", csvOut, aliasOut)
	}
	dest := filepath.Join(t.TempDir(), "g.json")
	out, _, _ = runCmd(t, nil, "--db", store.Memory, "-o", "json", "--output-file", dest, dir)
	if b, err := os.ReadFile(dest); err != nil || !strings.Contains(string(b), `"kind": "triage-report"`) || out != "" {
		t.Errorf("--output-file: %v, stdout %q", err, out)
	}
}

func TestTableFitsTheTerminal(t *testing.T) {
	rows := [][]string{{"#", "COUNT", "GROUP"}, {"1", "12", "0123456789abcdef"}}
	if w := signatureWidth(rows, 0); w != defaultSigWidth {
		t.Errorf("off a terminal: %d", w)
	}
	// 1+2 + 5+2 + 16+2 = 28 columns used; 80 leaves 51 (one column spare)
	if w := signatureWidth(rows, 80); w != 51 {
		t.Errorf("80 columns: %d", w)
	}
	if w := signatureWidth(rows, 30); w != 20 {
		t.Errorf("a narrow terminal keeps 20: %d", w)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "hs_err_pid1.log"), readCorpus(t, "krashpad-dataset94.log"), 0o644)
	db, err := store.Open(store.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := Run(t.Context(), db, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, _ := BuildReport(db, res)
	var b strings.Builder
	rep.WriteTextWidth(&b, false, 0, 100)
	for _, line := range strings.Split(b.String(), "\n") {
		if n := len([]rune(line)); n > 100 {
			t.Errorf("a %d-column line on a 100-column terminal: %q", n, line)
		}
	}
	// groups carry what explain says, and their logs
	g := rep.Groups[0]
	if g.Cause == "" || len(g.Remedy) == 0 || len(g.Paths) != 1 || !strings.HasSuffix(g.Paths[0], "hs_err_pid1.log") {
		t.Errorf("group without cause, remedy or paths: %+v", g)
	}
}

// triage reads through the same input layer as explain: xz, zstd and bzip2
// logs and archives too, recognised by content.
func TestCompressedKinds(t *testing.T) {
	dir := t.TempDir()
	log := readCorpus(t, "krashpad-dataset94.log")
	for name, c := range map[string]archives.Compressor{"a.log.xz": archives.Xz{}, "b.log.zst": archives.Zstd{}, "c.log.bz2": archives.Bz2{}} {
		var b bytes.Buffer
		w, _ := c.OpenWriter(&b)
		w.Write(append(log, fmt.Sprintf("\n%s\n", name)...)) // three distinct logs
		w.Close()
		os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644)
	}
	out, errs, code := runCmd(t, nil, "--db", store.Memory, "-o", "json", dir)
	if rep := decode(t, out); code != term.ExitOK || rep.Run.Added != 3 {
		t.Errorf("exit %d, added %d, want 3: %s", code, rep.Run.Added, errs)
	}
}
