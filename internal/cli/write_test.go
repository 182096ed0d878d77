package cli

import (
	"bytes"
	"os"
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
