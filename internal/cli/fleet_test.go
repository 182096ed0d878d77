package cli

import (
	"bufio"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/jvmtest"
)

// startServe runs the built binary's `serve` on a free loopback port and
// returns its URL; the server is stopped at the end of the test.
func startServe(t *testing.T, bin string, extra ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	args := append([]string{"serve", "--listen", addr, "--db", "sqlite:" + filepath.Join(t.TempDir(), "s.db")}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "HSERR_TOKEN=", "HSERR_READ_TOKEN=", "HSERR_DB_URL=")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	scheme := "http"
	if slices.Contains(extra, "--tls-cert") {
		scheme = "https"
	}
	if err != nil || !strings.Contains(line, "listening on "+scheme+"://"+addr) {
		t.Fatalf("serve said %q (%v)", line, err)
	}
	return scheme + "://" + addr
}

func buildHserr(t *testing.T) string { return jvmtest.BuildHserr(t, t.TempDir()) }

// groupsJSON polls `hserr groups -o json` until want groups are explained.
func groupsJSON(t *testing.T, url string, want int) []map[string]any {
	return groupsUntil(t, url, func(gs []map[string]any) bool { return len(gs) >= want })
}

// groupsUntil polls `hserr groups -o json` until ok says the answer is
// the one expected (the worker processes in the background).
func groupsUntil(t *testing.T, url string, ok func([]map[string]any) bool) []map[string]any {
	t.Helper()
	var gs []map[string]any
	for range 100 {
		code, out, errs := run(t, nil, "groups", "--server", url, "-o", "json")
		if code != 0 {
			t.Fatalf("groups: exit %d: %s", code, errs)
		}
		gs = nil
		if err := json.Unmarshal([]byte(out), &gs); err != nil {
			t.Fatalf("groups -o json: %v\n%s", err, out)
		}
		if ok(gs) {
			return gs
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("groups never as expected: %v", gs)
	return nil
}

// TestFleetEndToEnd: serve (the built binary) on loopback; send back-fills a
// planted log (once sent, then had); groups lists it explained; a hook whose
// server is down keeps the log in the spool, and watch --once delivers it
// when the server is up.
func TestFleetEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildHserr(t)
	url := startServe(t, bin)
	t.Setenv("HSERR_SERVER", "")
	t.Setenv("HSERR_TOKEN", "")
	p := secretLog(t)
	code, out, errs := run(t, nil, "send", "--server", url, p)
	if code != 0 || !strings.Contains(out, ": sent (") {
		t.Fatalf("send: exit %d\n%s%s", code, out, errs)
	}
	if _, out, _ = run(t, nil, "send", "--server", url, p); !strings.Contains(out, ": had (") {
		t.Errorf("second send: %s", out)
	}
	g := groupsJSON(t, url, 1)[0]
	for _, k := range []string{"id", "signature", "verdict", "count", "hosts", "first_seen", "last_seen", "jdks", "status"} {
		if _, ok := g[k]; !ok {
			t.Errorf("group lacks %q: %v", k, g)
		}
	}
	if v, _ := g["verdict"].(map[string]any); v["class"] == "" || g["count"] != float64(1) {
		t.Errorf("group %v", g)
	}
	if _, out, _ := run(t, nil, "groups", "--server", url); !strings.Contains(out, "1 crash(es) on 1 host(s)") {
		t.Errorf("groups text:\n%s", out)
	}

	// the hook, with the server down
	spoolDir := t.TempDir()
	pid, logDir := sleeper(t)
	crash := strings.Replace(string(example.Log), "\njvm_args: ", "\njvm_args: -Dother=1 ", 1)
	os.WriteFile(filepath.Join(logDir, "hs_err_pid"+strconv.Itoa(pid)+".log"), []byte(crash), 0o644)
	_, out, _ = run(t, nil, "hook", strconv.Itoa(pid), "--spool", spoolDir, "--server", "http://127.0.0.1:1", "--timeout", "3s")
	if !strings.Contains(out, "not delivered (kept in the spool)") {
		t.Fatalf("hook with the server down: %s", out)
	}
	// watch delivers the spool once the server is there
	_, out, errs = run(t, nil, "watch", "--once", "--spool", spoolDir, "--server", url, t.TempDir())
	if !strings.Contains(out, "delivered (sent)") {
		t.Fatalf("watch --once: %s%s", out, errs)
	}
	if ents, _ := filepath.Glob(filepath.Join(spoolDir, "*.log")); len(ents) != 0 {
		t.Errorf("still spooled: %v", ents)
	}
	groupsUntil(t, url, func(gs []map[string]any) bool { return len(gs) == 1 && gs[0]["count"] == float64(2) })
	// resolved; the hook, with the server up, delivers at once, and the
	// group regresses
	id, _ := g["id"].(string)
	if _, out, _ := run(t, nil, "groups", "status", "--server", url, id, "resolved", "--version", "9.9"); !strings.Contains(out, "resolved 9.9") {
		t.Errorf("groups status: %s", out)
	}
	time.Sleep(2 * time.Millisecond) // received after the resolution
	pid2, logDir2 := sleeper(t)
	crash2 := crash + "\n"
	os.WriteFile(filepath.Join(logDir2, "hs_err_pid"+strconv.Itoa(pid2)+".log"), []byte(crash2), 0o644)
	if _, out, _ = run(t, nil, "hook", strconv.Itoa(pid2), "--spool", spoolDir, "--server", url); !strings.Contains(out, "delivered (sent)") {
		t.Errorf("hook with the server up: %s", out)
	}
	groupsUntil(t, url, func(gs []map[string]any) bool {
		return len(gs) == 1 && gs[0]["status"] == "regressed" && gs[0]["count"] == float64(3)
	})
	if _, out, _ := run(t, nil, "groups", "reprocess", "--server", url); !strings.Contains(out, "3 reports queued") {
		t.Errorf("reprocess: %s", out)
	}
	groupsUntil(t, url, func(gs []map[string]any) bool { return len(gs) == 1 && gs[0]["count"] == float64(3) })
}

// sleeper starts a process whose working directory is a fresh directory,
// standing in for a crashed JVM (the hook reads its /proc entry).
func sleeper(t *testing.T) (int, string) {
	t.Helper()
	dir := t.TempDir()
	c := exec.Command("sleep", "60")
	c.Dir = dir
	if err := c.Start(); err != nil {
		t.Skip("no sleep:", err)
	}
	t.Cleanup(func() { c.Process.Kill(); c.Wait() })
	return c.Process.Pid, dir
}

func TestServeRefusesBadFlags(t *testing.T) {
	if code, _, _ := run(t, nil, "serve", "--db", "mysql://x"); code != 2 {
		t.Errorf("bad --db: exit %d", code)
	}
	if code, _, _ := run(t, nil, "serve", "--tls-cert", "c.pem"); code != 2 {
		t.Errorf("cert without key: exit %d", code)
	}
	t.Setenv("HSERR_SERVER", "")
	if code, _, _ := run(t, nil, "send", "x.log"); code != 2 {
		t.Errorf("send without a server: exit %d", code)
	}
	if code, _, _ := run(t, nil, "groups"); code != 2 {
		t.Errorf("groups without a server: exit %d", code)
	}
}

// TestRealCrashReachesServer: a real JVM crashes with
// -XX:OnError="<hserr> hook %p --server URL"; its report arrives in the
// running server, redacted and explained.
func TestRealCrashReachesServer(t *testing.T) {
	java := jvmtest.Java(t)
	bin := buildHserr(t)
	url := startServe(t, bin)
	dir := t.TempDir()
	src := jvmtest.WriteCrash(t, dir)
	cmd := exec.Command(java, "-XX:-CreateCoredumpOnCrash", "-Xmx64m",
		"-XX:ErrorFile="+dir+"/hs_err_pid%p.log",
		"-XX:OnError="+bin+" hook %p --spool "+filepath.Join(dir, "spool")+" --server "+url,
		"-Ddb.password=hunter2", src)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HSERR_TOKEN=")
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "delivered (sent)") {
		t.Fatalf("the hook did not deliver:\n%s", out)
	}
	g := groupsJSON(t, url, 1)[0]
	v, _ := g["verdict"].(map[string]any)
	if g["count"] != float64(1) || v["class"] == "" || v["class"] == nil {
		t.Errorf("group %v", g)
	}
	if b, _ := json.Marshal(g); strings.Contains(string(b), "hunter2") {
		t.Error("a secret reached the server")
	}
	t.Logf("%s: %v", g["id"], v)
}

// TestSendBackfill: send takes a directory (and archives, through the same
// input layer as explain); --no-redact gets the report quarantined by the
// server, whose stats count every report in one state.
func TestSendBackfill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	url := startServe(t, buildHserr(t))
	t.Setenv("HSERR_TOKEN", "")
	dir := t.TempDir()
	for i := range 3 {
		os.WriteFile(filepath.Join(dir, "hs_err_pid"+strconv.Itoa(100+i)+".log"), []byte(string(example.Log)+strings.Repeat("\n", i+1)), 0o644)
	}
	t.Setenv("HSERR_SERVER", url)
	code, out, errs := run(t, nil, "send", "--app-version", "7.1", dir)
	if code != 0 || strings.Count(out, ": sent (") != 3 {
		t.Fatalf("send DIR: exit %d\n%s%s", code, out, errs)
	}
	if code, out, _ = run(t, nil, "send", "--no-redact", secretLog(t)); code != 0 {
		t.Fatalf("send --no-redact: %s", out)
	}
	g := groupsUntil(t, url, func(gs []map[string]any) bool { return len(gs) == 1 && gs[0]["count"] == float64(3) })[0]
	if v, _ := g["app_versions"].([]any); len(v) != 1 || v[0] != "7.1" {
		t.Errorf("app versions %v", g["app_versions"])
	}
	resp, err := http.Get(url + "/v1/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st struct {
		Reports map[string]int `json:"reports"`
	}
	json.NewDecoder(resp.Body).Decode(&st)
	if st.Reports["processed"] != 3 || st.Reports["quarantined"] != 1 {
		t.Errorf("stats %v", st.Reports)
	}

	// a file that is no crash log is not sent, and a directory without
	// hs_err files is said: both a failure (exit 1), nothing silent
	junk := filepath.Join(t.TempDir(), "Sleep.java")
	os.WriteFile(junk, []byte("public class Sleep { }\n"), 0o644)
	code, out, errs = run(t, nil, "send", junk, t.TempDir())
	if code != 1 || !strings.Contains(errs, "not an hs_err log") || !strings.Contains(errs, "no hs_err* file in this directory") || strings.Contains(out, "sent") {
		t.Errorf("junk and an empty directory: exit %d\n%s%s", code, out, errs)
	}
}
