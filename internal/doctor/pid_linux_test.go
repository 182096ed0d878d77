package doctor

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// startTarget starts a process in its own mount namespace (noexec tmpfs
// over /tmp, /var/tmp, /dev/shm) and returns its pid once it is set up.
func startTarget(t *testing.T, s scenario) int {
	t.Helper()
	needRoot(t)
	s.Mode, s.NoexecTmp = "pidtarget", true
	cmd := scenarioCmd(t, s)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	ready := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		ready <- line
	}()
	select {
	case line := <-ready:
		if strings.TrimSpace(line) != "ready" {
			t.Fatalf("target did not start: %q", line)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("target did not start in 10s")
	}
	// The exec happens right after "ready"; wait until /proc shows it.
	want := s.Exec[len(s.Exec)-1]
	for i := 0; i < 200; i++ {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", cmd.Process.Pid))
		if strings.Contains(string(b), want) {
			return cmd.Process.Pid
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("target never exec'd")
	return 0
}

func hostTmpIsExec(t *testing.T) {
	t.Helper()
	var st unix.Statfs_t
	if err := unix.Statfs("/tmp", &st); err != nil || st.Flags&stNoexec != 0 {
		t.Skip("host /tmp is noexec: cannot tell the target's namespace from ours")
	}
}

// --pid sees the target's environment, its -D properties (here from
// JAVA_TOOL_OPTIONS), its mount namespace and its limits, not ours.
func TestPIDNamespaceEnvironLimits(t *testing.T) {
	hostTmpIsExec(t)
	pid := startTarget(t, scenario{
		Exec:    []string{"sleep", "30"},
		Env:     []string{"LIBFFI_TMPDIR=/tmp/noexec-dir", "JAVA_TOOL_OPTIONS=-Djna.tmpdir=/var/tmp/jna"},
		CoreMax: 4096,
	})
	for _, user := range []string{"", "nobody"} {
		t.Run("user="+user, func(t *testing.T) {
			rep, err := Run(context.Background(), Options{PID: pid, User: user})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Context.PID != pid || rep.Context.Root != fmt.Sprintf("/proc/%d/root", pid) || !strings.Contains(rep.Context.Command, "sleep 30") {
				t.Errorf("context %+v", rep.Context)
			}
			c := expect(t, rep, "libffi.tmp.LIBFFI_TMPDIR", Warn, "$LIBFFI_TMPDIR=/tmp/noexec-dir", "noexec", "EPERM")
			if c.Dir.MountPoint != "/tmp" || c.Dir.FSType != "tmpfs" {
				t.Errorf("mount not resolved in the target's namespace: %+v", c.Dir)
			}
			expect(t, rep, "libffi.tmp.tmp", Warn, "tmpfs on /tmp, noexec")
			expect(t, rep, "jvm.jna", Fail, "jna.tmpdir", "/var/tmp/jna", "noexec")
			expect(t, rep, "hotspot.core", Pass, "ulimit -c soft 4096 hard 4096")
			// Named after the JVM's owner, whoever probes; the target's /tmp is a fresh tmpfs.
			expect(t, rep, "hotspot.hsperfdata", Pass, "/tmp/hsperfdata_root does not exist yet")
			if user == "nobody" && !strings.Contains(rep.Context.ProbesRun, "uid 65534") {
				t.Errorf("probes: %q", rep.Context.ProbesRun)
			}
		})
	}
}

const sleepJava = `public class Sleep {
    public static void main(String[] args) throws Exception { Thread.sleep(30_000); }
}
`

// A real JVM: -D properties and -XX:ErrorFile from its command line.
func TestPIDRealJava(t *testing.T) {
	java := "/usr/bin/java"
	if _, err := os.Stat(java); err != nil {
		t.Skip("no java at /usr/bin/java")
	}
	hostTmpIsExec(t)
	pid := startTarget(t, scenario{
		Files: map[string]string{"/var/tmp/Sleep.java": sleepJava},
		Exec: []string{java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
			"-Djna.tmpdir=/tmp/jna", "-Dorg.xerial.snappy.tempdir=/dev/shm/snappy",
			"-XX:ErrorFile=/var/tmp/hs_err_%p.log", "/var/tmp/Sleep.java"},
	})
	rep, err := Run(context.Background(), Options{PID: pid})
	if err != nil {
		t.Fatal(err)
	}
	expect(t, rep, "jvm.jna", Fail, "jna.tmpdir", "/tmp/jna", "noexec")
	expect(t, rep, "jvm.lib.snappy", Fail, "-Dorg.xerial.snappy.tempdir", "/dev/shm/snappy", "noexec")
	expect(t, rep, "jvm.lib.netty", Warn, "uses java.io.tmpdir")
	expect(t, rep, "hotspot.hs_err", Pass, fmt.Sprintf("-XX:ErrorFile: /var/tmp/hs_err_%d.log", pid))
}

func TestPIDErrors(t *testing.T) {
	if _, err := Run(context.Background(), Options{PID: -3}); err == nil {
		t.Error("negative pid accepted")
	}
	if _, err := Run(context.Background(), Options{PID: 1 << 30}); err == nil || !strings.Contains(err.Error(), "no such process") {
		t.Errorf("missing pid: %v", err)
	}
	if _, err := Run(context.Background(), Options{User: "no-such-user-hserr"}); err == nil || !strings.Contains(err.Error(), "no such user") {
		t.Errorf("unknown user: %v", err)
	}
}
