package hook

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type fakeProc struct {
	cmdline, environ map[int]string
	cwd, exe         map[int]string
	ppid             map[int]int
}

func (f fakeProc) Cmdline(pid int) ([]byte, error) { return []byte(f.cmdline[pid]), nil }
func (f fakeProc) Environ(pid int) ([]byte, error) { return []byte(f.environ[pid]), nil }
func (f fakeProc) Cwd(pid int) (string, error)     { return f.cwd[pid], nil }
func (f fakeProc) Exe(pid int) (string, error) {
	if e, ok := f.exe[pid]; ok {
		return e, nil
	}
	return "", errors.New("no exe")
}
func (f fakeProc) PPid(pid int) (int, error) {
	if p, ok := f.ppid[pid]; ok {
		return p, nil
	}
	return 0, errors.New("no such process")
}

func TestCandidatesFollowHotSpot(t *testing.T) {
	p := fakeProc{
		cmdline: map[int]string{42: "java\x00-XX:ErrorFile=logs/hs_err_%p_%%.log\x00-jar\x00app.jar\x00"},
		environ: map[int]string{42: "PATH=/bin\x00"},
		cwd:     map[int]string{42: "/srv/app"},
	}
	got := Candidates(p, 42, "/tmp")
	want := []string{"/srv/app/logs/hs_err_42_%.log", "/srv/app/hs_err_pid42.log", "/tmp/hs_err_pid42.log"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
	// the ErrorFile may come from JAVA_TOOL_OPTIONS
	p.cmdline[42] = "java\x00-jar\x00app.jar\x00"
	p.environ[42] = "JAVA_TOOL_OPTIONS=-XX:ErrorFile=/var/log/hs_err_pid%p.log\x00"
	if got := Candidates(p, 42, "/tmp"); got[0] != "/var/log/hs_err_pid42.log" {
		t.Errorf("JAVA_TOOL_OPTIONS: %q", got)
	}
}

func TestLocateTakesTheFirstThatExists(t *testing.T) {
	dir := t.TempDir()
	tmp := t.TempDir()
	os.WriteFile(filepath.Join(tmp, "hs_err_pid7.log"), []byte("x"), 0o644)
	p := fakeProc{cmdline: map[int]string{}, environ: map[int]string{}, cwd: map[int]string{7: dir}}
	got, tried, err := Locate(p, 7, tmp)
	if err != nil || got != filepath.Join(tmp, "hs_err_pid7.log") || len(tried) != 2 {
		t.Errorf("%q %q %v", got, tried, err)
	}
	if _, _, err := Locate(p, 8, tmp); err == nil || !strings.Contains(err.Error(), "hs_err_pid8.log") {
		t.Errorf("missing log: %v", err)
	}
}

func TestParentJVM(t *testing.T) {
	// hook (100) <- sh -c (99) <- java (98) <- init
	p := fakeProc{ppid: map[int]int{100: 99, 99: 98, 98: 1}, exe: map[int]string{99: "/bin/dash", 98: "/usr/lib/jvm/java-17/bin/java"}}
	if pid, err := ParentJVM(p, 100); err != nil || pid != 98 {
		t.Errorf("%d %v", pid, err)
	}
	p.exe[98] = "/usr/bin/python3"
	if _, err := ParentJVM(p, 100); err == nil {
		t.Error("found a JVM among no JVMs")
	}
	// in a container: hook (3) <- sh -c (2) <- java, pid 1 of the namespace
	p = fakeProc{ppid: map[int]int{3: 2, 2: 1, 1: 0}, exe: map[int]string{2: "/bin/dash", 1: "/usr/lib/jvm/java-17/bin/java"}}
	if pid, err := ParentJVM(p, 3); err != nil || pid != 1 {
		t.Errorf("pid-1 JVM: %d %v", pid, err)
	}
	p.exe[1] = "/sbin/init"
	if _, err := ParentJVM(p, 3); err == nil {
		t.Error("took init for a JVM")
	}
}

func TestExpandPID(t *testing.T) {
	for in, want := range map[string]string{"hs_err_pid%p.log": "hs_err_pid5.log", "a%%b%p%q": "a%b5%q", "%": "%", "plain": "plain"} {
		if got := expandPID(in, 5); got != want {
			t.Errorf("expandPID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDeadline(t *testing.T) {
	slow := fakeProc{cmdline: map[int]string{}, environ: map[int]string{}, cwd: map[int]string{}}
	start := time.Now()
	_, err := Run(context.Background(), Options{PID: 9, SpoolDir: t.TempDir(), Timeout: time.Nanosecond, Proc: slowProc{slow}})
	if err == nil || !strings.Contains(err.Error(), "deadline") || time.Since(start) > 2*time.Second {
		t.Errorf("err %v after %s", err, time.Since(start))
	}
}

// slowProc answers only after the deadline has passed.
type slowProc struct{ fakeProc }

func (s slowProc) Cwd(pid int) (string, error) { time.Sleep(200 * time.Millisecond); return "", nil }
