package triage

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/store"
)

// hostile is a frame name that tries everything a log can carry to a
// terminal or a spreadsheet: an OSC title, a screen clear, BEL, CR, and a
// formula prefix.
const hostile = "=HYPERLINK(\"http://x\")\x1b]0;pwned\x07\x1b[2J\rinit"

func hostileDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	log := strings.ReplaceAll(string(example.Log), "init_header", hostile)
	log = strings.Replace(log, "\nHost: ", "\nHost: =1+2 ", 1)
	if err := os.WriteFile(filepath.Join(dir, "hs_err_pid1.log"), []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	// a file name that is itself an attack, and is skipped (not a log)
	if err := os.WriteFile(filepath.Join(dir, "notes\x1b]0;t\x07.txt"), []byte("just notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func assertNoControls(t *testing.T, what, s string) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			t.Errorf("%s carries control byte %#x at %d:\n%q", what, c, i, s)
			return
		}
	}
}

func TestHostileTextTableAndSkips(t *testing.T) {
	out, errs, _ := runCmd(t, nil, "--db", store.Memory, "--limit", "0", hostileDir(t))
	assertNoControls(t, "the table", out)
	assertNoControls(t, "the skip lines on stderr", errs)
	if !strings.Contains(out, `\x1b]0;pwned\x07`) || !strings.Contains(out, `notes\x1b]0;t\x07.txt`) {
		t.Errorf("escapes not shown visibly:\n%s", out)
	}
}

func TestHostileCSV(t *testing.T) {
	out, _, _ := runCmd(t, nil, "--db", store.Memory, "--csv", hostileDir(t))
	assertNoControls(t, "the CSV", out)
	rows, err := csv.NewReader(bytes.NewReader([]byte(out))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "'=1+2") {
		t.Errorf("the formula host is missing or not neutralised:\n%s", out)
	}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell starts a formula: %q", cell)
			}
		}
	}
}

func TestInterruptedMessages(t *testing.T) {
	tot := Totals{Seen: 10, Added: 4}
	if m := interrupted(tot, store.Memory).Error(); strings.Contains(m, "run again") || !strings.Contains(m, "gone") {
		t.Errorf(":memory: %q", m)
	}
	if m := interrupted(tot, "/var/lib/x.db").Error(); !strings.Contains(m, "kept in /var/lib/x.db") {
		t.Errorf("file: %q", m)
	}
}
