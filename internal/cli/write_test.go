package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/term"
)

// An answer that could not be written is not a success: every command whose
// standard output is a full disk (/dev/full) exits 2 and says why.
func TestWriteErrorsExit2(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/dev/full is Linux's")
	}
	cases := [][]string{
		{"classes"},
		{"version"},
		{"explain", "--example"},
		{"explain", "--example", "--json"},
		{"explain", "--example", "--format", "markdown"},
		{"parse", "--example"},
		{"triage", "--db", ":memory:", "--no-progress", corpus.LogsDir(t)},
		{"doctor"},
	}
	for _, args := range cases {
		full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
		if err != nil {
			t.Skip(err)
		}
		var errb bytes.Buffer
		code := Execute(args, full, &errb)
		full.Close()
		if code != term.ExitUsage || !strings.Contains(errb.String(), "writing output") || !strings.Contains(errb.String(), "no space") {
			t.Errorf("hserr %s > /dev/full: exit %d, stderr %q", strings.Join(args, " "), code, errb.String())
		}
	}
}

func TestDoctorRejectsEmptyFlags(t *testing.T) {
	for _, args := range [][]string{{"doctor", "--pid", "0"}, {"doctor", "--pid", "-3"}, {"doctor", "--user", ""}, {"doctor", "--user", "  "}} {
		if code, _, errs := run(t, nil, args...); code != term.ExitUsage || errs == "" {
			t.Errorf("hserr %v: exit %d %q", args, code, errs)
		}
	}
}

// Files that are not crash logs are told apart by positive evidence, not by
// a '#': explain refuses them (exit 2) and triage skips them as "not an
// hs_err log", whatever '#' lines they hold.
func TestNonCrashTexts(t *testing.T) {
	dir := t.TempDir()
	texts := map[string]string{
		"build.sh":   "#!/bin/sh\n# build the thing\nset -e\n# A comment about fatal errors\nmake all\n",
		"README.md":  "# hserr\n\n## Usage\n\n# A fatal error has been mentioned here, nothing else.\n",
		"app.conf":   "# settings\nport=8080\n# Java VM settings\nxmx=1g\n",
		"random.bin": strings.Repeat("#\x07\x00\xff\xfe garbage ##\n", 200),
		"utf16.txt":  "\xff\xfe#\x00 \x00h\x00e\x00l\x00l\x00o\x00\n\x00",
	}
	for name, body := range texts {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		if code, _, errs := run(t, nil, "explain", p); code != term.ExitUsage || !strings.Contains(errs, "not an hs_err log") {
			t.Errorf("explain %s: exit %d, %q", name, code, errs)
		}
	}
	code, out, _ := run(t, nil, "triage", "--db", ":memory:", "--no-progress", "-o", "json", dir)
	if code != term.ExitOK {
		t.Errorf("triage over non-crash files found in a directory: exit %d", code)
	}
	if n := strings.Count(out, "not an hs_err log"); n != len(texts) {
		t.Errorf("%d of %d files skipped as not a crash log:\n%s", n, len(texts), out)
	}
}
