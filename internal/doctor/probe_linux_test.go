package doctor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/doctor/procfs"
	"github.com/hserr/hserr/internal/term"
)

func hostProber(t *testing.T) *prober {
	t.Helper()
	root, err := openRoot("/")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(root.close)
	mi, _ := os.ReadFile("/proc/self/mountinfo")
	return newProber(root, procfs.ParseMountinfo(mi))
}

func TestDirProbeHost(t *testing.T) {
	dir := t.TempDir()
	p := hostProber(t)
	d := p.dir(dir)
	if !d.Exists || !d.IsDir || !d.Writable || d.FSType == "" || d.MountPoint == "" {
		t.Errorf("probe of %s: %+v", dir, d)
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	if noexec := st.Flags&stNoexec != 0; d.ExecOK == noexec {
		t.Errorf("ExecOK=%v but the mount's noexec=%v", d.ExecOK, noexec)
	}
	if d.Method != "O_TMPFILE" {
		t.Errorf("method %q", d.Method)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("probe left %v in %s", entries, dir)
	}

	missing := p.dir(filepath.Join(dir, "missing"))
	if missing.Exists || missing.Errno != "ENOENT" {
		t.Errorf("missing dir: %+v", missing)
	}
	anc := p.dirOrAncestor(filepath.Join(dir, "a", "b"))
	if anc.Exists || anc.ProbedAt != dir || anc.ExecOK != d.ExecOK {
		t.Errorf("ancestor probe: %+v", anc)
	}
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if f := p.dir(file); !f.Exists || f.IsDir || f.Errno != "ENOTDIR" {
		t.Errorf("file probed as dir: %+v", f)
	}
	if rel := p.dir("relative/dir"); rel.Exists || rel.Error == "" {
		t.Errorf("relative path: %+v", rel)
	}
}

// With no user.home, no passwd home and no $HOME (a --pid target whose uid
// is not in /etc/passwd), ~/.cache/JNA/temp and ~/.javacpp/cache are
// relative paths: the checks fall back to java.io.tmpdir instead of
// looking for their ancestors forever.
func TestUnknownHomeFallsBack(t *testing.T) {
	p := hostProber(t)
	r := &run{cx: &probeContext{JVMUser: "svc"}, root: p.root, probe: p}
	done := make(chan []Check, 1)
	go func() { done <- r.jvmChecks() }()
	var checks []Check
	select {
	case checks = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("jvmChecks did not return in 10s with no home directory")
	}
	rep := Report{Checks: checks}
	for id, want := range map[string]string{
		"jvm.jna":         "falls back to java.io.tmpdir: /tmp",
		"jvm.lib.javacpp": "uses ${java.io.tmpdir}/.javacpp-<user>/cache: /tmp/.javacpp-svc/cache",
	} {
		if c := mustCheck(t, rep, id); !strings.Contains(c.Observed, want) {
			t.Errorf("%s: observed %q lacks %q", id, c.Observed, want)
		}
	}
}

// selinuxFixture is a run whose root holds a fake selinuxfs at
// /sys/fs/selinux with the given files (enforce, booleans/<name>), read
// through the same root-relative reads used for /proc/PID/root.
func selinuxFixture(t *testing.T, files map[string]string) (r *run, write func(name, v string)) {
	t.Helper()
	base := t.TempDir()
	sel := filepath.Join(base, "sys/fs/selinux")
	if err := os.MkdirAll(filepath.Join(sel, "booleans"), 0o755); err != nil {
		t.Fatal(err)
	}
	write = func(name, v string) {
		if err := os.WriteFile(filepath.Join(sel, name), []byte(v), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, v := range files {
		write(name, v)
	}
	root, err := openRoot(base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(root.close)
	mounts := procfs.ParseMountinfo([]byte("30 22 0:27 / /sys/fs/selinux rw,nosuid,noexec,relatime - selinuxfs selinuxfs rw\n"))
	r = &run{cx: &probeContext{Mounts: mounts, Label: map[string]string{"current": "system_u:system_r:init_t:s0"}}, root: root}
	r.sel = r.selinux()
	return r, write
}

// SELinux detection and booleans read from a fake selinuxfs tree.
func TestSELinuxFromFixture(t *testing.T) {
	r, write := selinuxFixture(t, map[string]string{
		"enforce":                      "1",
		"booleans/deny_execmem":        "1 1",
		"booleans/selinuxuser_execmod": "0 1",
		"booleans/httpd_execmem":       "garbage",
	})
	if !r.sel.present || r.sel.mount != "/sys/fs/selinux" || r.sel.mode != "enforcing" {
		t.Fatalf("selinux state %+v", r.sel)
	}
	c := r.checkSELinux()
	if c.Status != Warn || !strings.Contains(c.Observed, "init_t") || !strings.Contains(c.Why, "permissive") {
		t.Errorf("exec.selinux: %+v", c)
	}
	b := r.checkSELinuxBooleans()
	if b.Status != Fail || !strings.Contains(b.Observed, "deny_execmem=1") || !strings.Contains(b.Observed, "selinuxuser_execmod=0 (pending 1)") ||
		strings.Contains(b.Observed, "httpd_execmem") {
		t.Errorf("booleans: %+v", b)
	}
	write("enforce", "0")
	r.sel = r.selinux()
	if b := r.checkSELinuxBooleans(); b.Status != Pass || r.sel.mode != "permissive" {
		t.Errorf("permissive: mode %s, %+v", r.sel.mode, b)
	}
	// libffi does not care about the mode: anonymous W+X is still skipped.
	if a := r.anonForLibffi(); !a.Skipped {
		t.Errorf("anon not skipped under permissive SELinux: %+v", a)
	}
}

// The verdict comes from the boolean table: a boolean marked Fails at its
// bad value fails the check, whatever its name; the others are only listed.
func TestSELinuxBooleansFromTable(t *testing.T) {
	files := map[string]string{"enforce": "1", "booleans/deny_execmem": "0 0", "booleans/httpd_execmem": "0 0"}
	r, _ := selinuxFixture(t, files)
	if b := r.checkSELinuxBooleans(); b.Status != Pass || b.Observed != "deny_execmem=0, httpd_execmem=0" {
		t.Errorf("defaults: %+v", b)
	}
	old := selinuxBooleans
	t.Cleanup(func() { selinuxBooleans = old })
	selinuxBooleans = []selinuxBoolean{
		{Name: "deny_execmem", Bad: 1, Fails: true, Why: "w1"},
		{Name: "httpd_execmem", Bad: 0, Fails: true, Why: "w2", Otherwise: "o2"},
	}
	b := r.checkSELinuxBooleans()
	if b.Status != Fail || b.Why != "httpd_execmem=0 w2." || b.Remedy != "setsebool -P httpd_execmem 1 (or o2)." {
		t.Errorf("table-driven failure: %+v", b)
	}
}

// memfd_secret blocked the way old kernels and container profiles block
// it, memfd_create refused: each errno is named, libffi falls through.
func TestNamespaceSeccompMemfd(t *testing.T) {
	if runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64" {
		t.Skip("filter written for amd64/arm64 syscall numbers")
	}
	res := runScenario(t, scenario{Mode: "run", Seccomp: true, Env: []string{}})
	if res.Err != "" {
		t.Fatal(res.Err)
	}
	rep := res.Report
	s := expect(t, rep, "memfd.secret", Warn, "memfd_secret(O_CLOEXEC) failed: ENOSYS", "seccomp filter answers ENOSYS")
	if len(s.Steps) != 1 || s.Steps[0].Errno != "ENOSYS" || s.Remedy == "" {
		t.Errorf("memfd.secret steps %+v remedy %q", s.Steps, s.Remedy)
	}
	m := expect(t, rep, "libffi.tmp.memfd", Warn, "memfd_create(MFD_CLOEXEC): EPERM")
	if !strings.Contains(m.Remedy, "seccomp") {
		t.Errorf("memfd remedy %q", m.Remedy)
	}
	expect(t, rep, "exec.seccomp", Warn, "Seccomp: 2 (filter)")
	expect(t, rep, "libffi.system", Pass, "anonymous W+X memory")
}

func TestMemfdSecretSequenceHost(t *testing.T) {
	if sysMemfdSecret == 0 {
		t.Skip("no memfd_secret on " + runtime.GOARCH)
	}
	steps := memfdSecretSequence()
	want := []string{"memfd_secret", "ftruncate", "mmap", "write", "read back", "munmap"}
	if steps[0].OK && len(steps) != len(want) {
		t.Fatalf("steps %+v", steps)
	}
	for i, s := range steps {
		if !strings.HasPrefix(s.Call, want[i]) {
			t.Errorf("step %d is %q, want %s", i, s.Call, want[i])
		}
		if !s.OK && (s.Errno == "" && !strings.Contains(s.Error, "fault")) {
			t.Errorf("failed step without errno: %+v", s)
		}
	}
}

// The ENOSYS explanation uses the kernel release resolved with the
// context and the target root's /proc/cmdline.
func TestSecretmemENOSYSReasons(t *testing.T) {
	base := t.TempDir()
	if err := os.MkdirAll(filepath.Join(base, "proc"), 0o755); err != nil {
		t.Fatal(err)
	}
	root, err := openRoot(base)
	if err != nil {
		t.Fatal(err)
	}
	defer root.close()
	for _, tc := range []struct{ kernel, cmdline, reason string }{
		{"5.10.0-28-amd64", "ro quiet", "kernel 5.10.0-28-amd64 predates memfd_secret"},
		{"6.1.0-18-amd64", "ro secretmem.enable=0", "secretmem.enable=0 on the kernel command line"},
		{"6.1.0-18-amd64", "ro quiet", "kernel 6.1.0-18-amd64: secretmem is off by default before 6.5"},
		{"6.1.0-18-amd64", "secretmem.enable=1", "kernel 6.1.0-18-amd64 (secretmem.enable=1): built without CONFIG_SECRETMEM"},
		{"6.18.44", "", "kernel 6.18.44 (on by default since 6.5)"},
	} {
		if err := os.WriteFile(filepath.Join(base, "proc/cmdline"), []byte(tc.cmdline+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		r := &run{cx: &probeContext{Info: ContextInfo{Kernel: tc.kernel}}, root: root}
		if reason, remedy := r.secretmemENOSYS(); !strings.HasPrefix(reason, tc.reason) || remedy == "" {
			t.Errorf("%s, %q: reason %q, remedy %q; want reason %q...", tc.kernel, tc.cmdline, reason, remedy, tc.reason)
		}
	}
}

func TestKernelVersion(t *testing.T) {
	for in, want := range map[string][2]int{"6.5.0-1-amd64": {6, 5}, "5.14": {5, 14}, "garbage": {0, 0}, "": {0, 0}} {
		if a, b := kernelVersion(in); a != want[0] || b != want[1] {
			t.Errorf("kernelVersion(%q) = %d.%d", in, a, b)
		}
	}
}

// Every check on this host has a valid status, and every warn/fail says
// why and what to do.
func TestCommandHostJSONInvariants(t *testing.T) {
	var out bytes.Buffer
	cmd := testCommand()
	cmd.SetArgs([]string{"--json"})
	cmd.SetOut(&out)
	err := cmd.Execute()
	var rep Report
	if jerr := json.Unmarshal(out.Bytes(), &rep); jerr != nil {
		t.Fatalf("json: %v\n%s", jerr, out.String())
	}
	if wantCode := map[bool]int{true: 1, false: 0}[rep.Failed()]; term.Code(err) != wantCode {
		t.Errorf("exit code %d with %d failures", term.Code(err), rep.Summary.Fail)
	}
	seen := map[string]bool{}
	for _, c := range rep.Checks {
		if seen[c.ID] {
			t.Errorf("duplicate id %s", c.ID)
		}
		seen[c.ID] = true
		switch c.Status {
		case Pass, Skip, Info:
		case Warn, Fail:
			if c.Why == "" || c.Remedy == "" {
				t.Errorf("%s is %s without why/remedy", c.ID, c.Status)
			}
		default:
			t.Errorf("%s: status %q", c.ID, c.Status)
		}
		if c.Observed == "" || c.Title == "" {
			t.Errorf("%s: empty observed/title", c.ID)
		}
	}
	if len(rep.Checks) < 40 {
		t.Errorf("only %d checks", len(rep.Checks))
	}
}

func TestCommandUsage(t *testing.T) {
	for _, args := range [][]string{{"extra-arg"}, {"--pid", "x"}, {"--nope"}} {
		cmd := testCommand()
		cmd.SetArgs(args)
		cmd.SetOut(&bytes.Buffer{})
		cmd.SetErr(&bytes.Buffer{})
		if err := cmd.Execute(); term.Code(err) != term.ExitUsage {
			t.Errorf("%v: exit %d (%v), want 2", args, term.Code(err), err)
		}
	}
}

// Killing doctor mid-probe, the harshest interrupt, leaves no file behind:
// probe files are O_TMPFILE (never named) or unlinked right after creation.
func TestKillLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	if err := killMidProbe(t, dir, "loop"); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind after SIGKILL: %v", entries)
	}
}

// killMidProbe is only evidence when the child really was probing when it
// was killed: a child that stops after one pass must be caught.
func TestKillMidProbeNoticesEarlyExit(t *testing.T) {
	err := killMidProbe(t, t.TempDir(), "once")
	if err == nil || !strings.Contains(err.Error(), "before its second probe pass") {
		t.Fatalf("a child that exited early was not noticed: %v", err)
	}
}

// killMidProbe runs TestProbeLoopHelper with LIBFFI_TMPDIR=dir and kills it
// with SIGKILL as soon as it starts its second probe pass, after checking
// that the first pass probed dir. It fails unless the child was still
// running, and was ended by that SIGKILL: a child that died or exited
// early proves nothing about what a kill leaves behind.
func killMidProbe(t *testing.T, dir, mode string) error {
	t.Helper()
	cmd := exec.Command("/proc/self/exe", "-test.run=^TestProbeLoopHelper$")
	cmd.Env = append(os.Environ(), "HSERR_DOCTOR_LOOP="+mode, "LIBFFI_TMPDIR="+dir, "TMPDIR="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	lines := make(chan string)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	probed, timeout := false, time.After(30*time.Second)
	for {
		var line string
		var ok bool
		select {
		case line, ok = <-lines:
		case <-timeout:
			return fmt.Errorf("child did not reach its second probe pass in 30s")
		}
		if !ok {
			err := cmd.Wait()
			return fmt.Errorf("child exited before its second probe pass (probed %s: %v): %v", dir, probed, err)
		}
		switch {
		case line == "probed "+dir+": exec OK":
			probed = true
		case line == "pass 2" && probed:
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				return err
			}
			for range lines { // drain until the pipe closes
			}
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				return fmt.Errorf("child after SIGKILL: %v", err)
			}
			if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				return fmt.Errorf("child was not ended by the SIGKILL but %v: it had stopped probing", err)
			}
			return nil
		}
	}
}

// TestProbeLoopHelper runs doctor's probes in a loop until killed; it only
// runs as killMidProbe's child. It prints "pass N" before each pass and,
// after the first, what the LIBFFI_TMPDIR probe found. HSERR_DOCTOR_LOOP
// "once" stops after one pass, the early exit killMidProbe must notice.
func TestProbeLoopHelper(t *testing.T) {
	mode := os.Getenv("HSERR_DOCTOR_LOOP")
	if mode == "" {
		t.Skip("helper for TestKillLeavesNothing")
	}
	for pass := 1; ; pass++ {
		fmt.Println("pass", pass)
		rep, err := Run(context.Background(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if pass == 1 {
			c, _ := rep.Find("libffi.tmp.LIBFFI_TMPDIR")
			if c.Dir != nil && c.Dir.ExecOK {
				fmt.Printf("probed %s: exec OK\n", c.Dir.Path)
			}
		}
		if mode == "once" {
			return
		}
	}
}

// checkLib knows no library by name: a property naming a file and the
// default directories come from the table entry.
func TestCheckLibFromTableEntry(t *testing.T) {
	p := hostProber(t)
	home, tmp := t.TempDir(), t.TempDir()
	cx := &probeContext{JVMUser: "svc", JVM: procfs.JVMArgs{Props: map[string]string{
		"java.io.tmpdir": tmp, "user.home": home, "x.lib": "/usr/lib/x/libx.so"}}}
	r := &run{cx: cx, root: p.root, probe: p}
	lib := nativeLib{ID: "x", Name: "X", Props: []string{"x.lib"}, PropIsFile: true, Remedy: "-Dx.lib=<file>",
		Defaults: []string{"~/.x/cache", "${java.io.tmpdir}/.x-<user>"}}
	if c := r.checkLib(lib); !strings.HasPrefix(c.Observed, "-Dx.lib: /usr/lib/x (") {
		t.Errorf("file property: observed %q, want its directory /usr/lib/x", c.Observed)
	}
	delete(cx.JVM.Props, "x.lib")
	want := "x.lib not set; uses ~/.x/cache: " + home + "/.x/cache (missing"
	if c := r.checkLib(lib); !strings.HasPrefix(c.Observed, want) {
		t.Errorf("writable first default: observed %q, want %q...", c.Observed, want)
	}
	cx.JVM.Props["user.home"] = "/proc/sys" // not writable, even by root: the last default is used
	want = "x.lib not set; uses ${java.io.tmpdir}/.x-<user>: " + tmp + "/.x-svc (missing"
	if c := r.checkLib(lib); !strings.HasPrefix(c.Observed, want) {
		t.Errorf("fallback default: observed %q, want %q...", c.Observed, want)
	}
	lib.Defaults = nil
	if c := r.checkLib(lib); !strings.HasPrefix(c.Observed, "x.lib not set; uses java.io.tmpdir: "+tmp+" [") {
		t.Errorf("no defaults: observed %q", c.Observed)
	}
}

// nofile is judged by its hard limit (HotSpot raises soft to hard), nproc
// by its soft one. Below what any JVM needs is a warning; below only what a
// known service needs is a warning where that service runs (es) and
// information elsewhere.
func TestLimitChecks(t *testing.T) {
	un := int64(procfs.Unlimited)
	for _, tc := range []struct {
		rc         rlimitCheck
		soft, hard int64
		es         bool
		want       Status
	}{
		{nofileLimit, 1024, 65535, false, Pass},
		{nofileLimit, 70000, 65534, false, Info},
		{nofileLimit, 70000, 65534, true, Warn},
		{nofileLimit, 1024, 1024, false, Warn},
		{nofileLimit, 1024, un, true, Pass},
		{nprocLimit, 4096, 4096, true, Pass},
		{nprocLimit, 4095, un, false, Info},
		{nprocLimit, 4095, un, true, Warn},
		{nprocLimit, 512, un, false, Warn},
		{nprocLimit, un, 10, true, Pass},
	} {
		cx := &probeContext{Limits: map[string]procfs.Limit{tc.rc.Limit: {Soft: tc.soft, Hard: tc.hard}}}
		if tc.es {
			cx.JVM.Props = map[string]string{"es.path.home": "/usr/share/elasticsearch"}
		}
		r := &run{cx: cx}
		c := r.checkLimit(tc.rc)
		if c.Status != tc.want || c.ID != tc.rc.ID {
			t.Errorf("%s soft %d hard %d es %v: %s %s, want %s", tc.rc.ID, tc.soft, tc.hard, tc.es, c.ID, c.Status, tc.want)
		}
		if c.Status == Warn && !strings.Contains(c.Remedy, tc.rc.Systemd+"=") {
			t.Errorf("%s remedy %q", c.ID, c.Remedy)
		}
		if c.Status == Warn && tc.es && !strings.Contains(c.Why, "Elasticsearch runs here") {
			t.Errorf("%s: the warning does not say whose requirement it is: %q", c.ID, c.Why)
		}
	}
}

func TestDetectWorkload(t *testing.T) {
	for cmd, want := range map[string]string{
		"/usr/share/elasticsearch/jdk/bin/java -Xms1g org.elasticsearch.bootstrap.Elasticsearch -d": "Elasticsearch",
		"java -cp x org.opensearch.bootstrap.OpenSearch":                                            "OpenSearch",
		"java -jar app.jar": "",
	} {
		w := detectWorkload(&probeContext{Info: ContextInfo{Command: cmd}})
		if got := ""; w != nil {
			got = w.Name
			if got != want {
				t.Errorf("%q: %q, want %q", cmd, got, want)
			}
		} else if want != "" {
			t.Errorf("%q: no workload, want %q", cmd, want)
		}
	}
}
