package cli

import (
	"bufio"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/term"
)

// TestMain lets a test run this binary as hserr itself (HSERR_AS_CLI=1), to
// send it real signals.
func TestMain(m *testing.M) {
	if os.Getenv("HSERR_AS_CLI") == "1" {
		os.Exit(Execute(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestInterruptKeepsStoredLogs: SIGINT in the middle of `hserr triage` ends
// it with exit 1, a message, the logs analysed so far stored, and the run
// left unfinished. The run is held open by standard input (a pipe nobody
// writes), so the signal is certain to arrive mid-run: one worker takes the
// directory in order, and the skip of its last file is printed after the
// three logs have reached the writer.
func TestInterruptKeepsStoredLogs(t *testing.T) {
	dir := t.TempDir()
	for i, name := range []string{"krashpad-dataset1.log", "krashpad-dataset2.log", "krashpad-dataset3.log"} {
		b, err := os.ReadFile(corpus.Log(t, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "hs_err_pid"+string(rune('1'+i))+".log"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "z-notes.txt"), []byte("not a crash log\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "triage.db")

	cmd := exec.Command(os.Args[0], "triage", "--db", db, "--jobs", "1", "--json", "--no-progress", dir, "-")
	cmd.Env = append(os.Environ(), "HSERR_AS_CLI=1")
	stdin, err := cmd.StdinPipe() // never written: "-" blocks the run
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	var errText strings.Builder
	for sc.Scan() {
		errText.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), "skipped") && strings.Contains(sc.Text(), "z-notes.txt") {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
		errText.WriteString(sc.Text() + "\n")
	}
	err = cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if code != term.ExitPartial || !strings.Contains(errText.String(), "interrupted after 4 inputs: the 3 logs stored so far are kept") {
		t.Fatalf("exit %d, stderr:\n%s", code, errText.String())
	}

	sdb, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var logs, unfinished int
	if err := sdb.QueryRow(`SELECT COUNT(*) FROM logs`).Scan(&logs); err != nil {
		t.Fatal(err)
	}
	if err := sdb.QueryRow(`SELECT COUNT(*) FROM runs WHERE finished_at IS NULL`).Scan(&unfinished); err != nil {
		t.Fatal(err)
	}
	if logs != 3 || unfinished != 1 {
		t.Fatalf("%d logs stored, %d unfinished runs; want 3 and 1", logs, unfinished)
	}
}
