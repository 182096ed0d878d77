package hook

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/jvmtest"
	"github.com/hserr/hserr/internal/spool"
)

// hookTimeout is the hook's --timeout in TestPID1CrashesInAContainer: the
// longest the hook may hold the dying JVM.
const hookTimeout = 4 * time.Second

// In a container the JVM is often pid 1: every crash writes
// hs_err_pid1.log into the same working directory, over the previous one.
// A real JVM runs as pid 1 of a new PID namespace with its own /proc and
// crashes three times in one directory: twice with -XX:OnError="<hserr>
// hook %p", once with a bare "hook" that must find the JVM among its
// parents although it is pid 1. Each time the hook must find
// /proc/1/cwd/hs_err_pid1.log, print its one line, spool the log under its
// own content hash (a later crash does not replace an earlier one), and let
// the JVM go well within its deadline.
func TestPID1CrashesInAContainer(t *testing.T) {
	java := jvmtest.Java(t)
	unshare := needPIDNamespace(t)
	dir := t.TempDir()
	bin := jvmtest.BuildHserr(t, dir)
	src := jvmtest.WriteCrash(t, dir)
	work, spoolDir := filepath.Join(dir, "work"), filepath.Join(dir, "spool")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(work, "hs_err_pid1.log")

	runs := []struct{ name, hookArgs string }{
		{"pid", " hook %p"},
		{"pid again", " hook %p"},
		{"parents", " hook"},
	}
	lines := map[string]string{} // marker -> the hook's line
	for i, r := range runs {
		// the marker lands in the log's jvm_args: each crash's log is
		// different, and tells which crash a spooled log came from
		marker := fmt.Sprintf("-Dhserr.test.crash=%d", i+1)
		cmd := exec.Command(unshare, "--pid", "--fork", "--mount-proc",
			java, "-XX:-CreateCoredumpOnCrash", "-Xmx64m",
			fmt.Sprintf("-XX:OnError=%s%s --spool %s --timeout %s", bin, r.hookArgs, spoolDir, hookTimeout),
			marker, src)
		cmd.Dir = work
		start := time.Now()
		out, _ := cmd.CombinedOutput() // the JVM dies: an error is expected
		end := time.Now()
		st, err := os.Stat(logPath)
		if err != nil {
			t.Fatalf("%s: the JVM (pid 1) wrote no %s: %v\n%s", r.name, logPath, err, out)
		}
		// HotSpot closes the log before it runs OnError: from its last
		// write to the JVM's exit is how long the hook held the JVM
		held := end.Sub(st.ModTime())
		if held > hookTimeout {
			t.Errorf("%s: the hook held the JVM %s, past its %s deadline", r.name, held.Round(time.Millisecond), hookTimeout)
		}
		line := lastLine(string(out), "hserr: ")
		want := "hserr: JVM 1 crashed: "
		if !strings.HasPrefix(line, want) || !strings.Contains(line, "; log spooled as ") ||
			!strings.HasSuffix(line, "(from "+logPath+")") {
			t.Fatalf("%s: want a line %q... (from %s) in the JVM's output:\n%s", r.name, want, logPath, out)
		}
		if n := strings.Count("\n"+string(out), "\nhserr: "); n != 1 {
			t.Errorf("%s: %d hook lines, want one:\n%s", r.name, n, out)
		}
		lines[marker] = line
		t.Logf("%s: JVM ran %s, hook held it %s: %s", r.name, end.Sub(start).Round(time.Millisecond), held.Round(time.Millisecond), line)
	}

	sp, err := spool.Open(spoolDir, spool.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	ents, err := sp.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != len(runs) {
		t.Fatalf("the spool holds %d crashes, want %d (one per crash): %+v", len(ents), len(runs), ents)
	}
	seen := map[string]bool{}
	for _, e := range ents {
		if seen[e.SHA256] {
			t.Errorf("%s spooled twice", e.SHA256)
		}
		seen[e.SHA256] = true
		if e.PID != 1 || e.Source != logPath || !e.LogKept || e.Class == "" {
			t.Errorf("record %+v: want pid 1, from %s, log kept, a verdict", e.Record, logPath)
		}
		b, err := os.ReadFile(e.LogPath)
		if err != nil {
			t.Fatal(err)
		}
		var marker string
		for m := range lines {
			if strings.Contains(string(b), m) {
				marker = m
			}
		}
		if marker == "" {
			t.Errorf("spooled log %s is from none of the crashes", e.SHA256[:12])
			continue
		}
		if !strings.Contains(lines[marker], "log spooled as "+e.SHA256[:12]+" ") {
			t.Errorf("crash %s spooled as %s, its line says: %s", marker, e.SHA256[:12], lines[marker])
		}
		delete(lines, marker)
	}
	if len(lines) != 0 {
		t.Errorf("crashes missing from the spool: %v", lines)
	}
	// the premise: the JVM's own directory kept only the last crash
	if b, _ := os.ReadFile(logPath); !strings.Contains(string(b), fmt.Sprintf("-Dhserr.test.crash=%d", len(runs))) {
		t.Errorf("%s is not the last crash's log", logPath)
	}
}

// needPIDNamespace skips unless this process can run a program as pid 1
// of a new PID namespace with its own /proc (root and util-linux unshare),
// and returns unshare's path.
func needPIDNamespace(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to make a PID namespace (unshare --pid --mount-proc)")
	}
	unshare, err := exec.LookPath("unshare")
	if err != nil {
		t.Skip("no unshare on PATH (util-linux)")
	}
	out, err := exec.Command(unshare, "--pid", "--fork", "--mount-proc", "/bin/sh", "-c", "echo $$").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skipf("PID namespaces unavailable here: unshare --pid --fork --mount-proc: %v %s", err, out)
	}
	return unshare
}
