package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/jvmtest"
)

// TestRealCrashWatchedToServer: the path for JVMs that cannot run an
// -XX:OnError command (the Kubernetes sidecar of deploy/). `hserr watch`
// runs first; a real JVM then crashes with only -XX:ErrorFile pointing into
// the watched directory; watch takes the finished log (END.), redacts it,
// delivers it, and the server groups it. The log leaves the directory.
func TestRealCrashWatchedToServer(t *testing.T) {
	java := jvmtest.Java(t)
	bin := buildHserr(t)
	url := startServe(t, bin)
	crashDir, work := t.TempDir(), t.TempDir()

	var watchOut bytes.Buffer
	watch := exec.Command(bin, "watch", crashDir, "--spool", filepath.Join(work, "spool"),
		"--server", url, "--rescan", "1s")
	watch.Env = append(os.Environ(), "HSERR_TOKEN=", "NO_COLOR=1")
	watch.Stdout, watch.Stderr = &watchOut, &watchOut
	if err := watch.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		watch.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- watch.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			watch.Process.Kill()
			t.Error("watch did not stop on SIGINT")
		}
		t.Logf("watch said:\n%s", watchOut.String())
	}()

	src := jvmtest.WriteCrash(t, work)
	cmd := exec.Command(java, "-XX:-CreateCoredumpOnCrash", "-Xmx64m",
		"-XX:ErrorFile="+crashDir+"/hs_err_pid%p.log", "-Ddb.password=hunter2", src)
	cmd.Dir = work
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "SIGSEGV") {
		t.Fatalf("the JVM did not crash (%v):\n%s", err, out)
	}

	g := groupsJSON(t, url, 1)[0]
	v, _ := g["verdict"].(map[string]any)
	if g["count"] != float64(1) || v["class"] == nil || v["class"] == "" {
		t.Errorf("group %v", g)
	}
	if b, _ := json.Marshal(g); strings.Contains(string(b), "hunter2") {
		t.Error("a secret reached the server")
	}
	if left, _ := filepath.Glob(filepath.Join(crashDir, "hs_err_pid*.log")); len(left) != 0 {
		t.Errorf("the collected log is still in the watched directory: %v", left)
	}
}
