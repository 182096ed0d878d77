package doctor

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/hserr/hserr/docs/schema"
)

// The first seed's host: W+X refused, /tmp, /var/tmp and /dev/shm noexec,
// no HOME, nothing set, probed as the service user.
func TestNamespaceAllNoexecServiceUser(t *testing.T) {
	res := runScenario(t, scenario{Mode: "run", NoexecTmp: true, MDWE: true, User: "nobody", Env: []string{"PATH=/usr/bin"}})
	if res.Err != "" {
		t.Fatal(res.Err)
	}
	rep := res.Report
	if !strings.Contains(rep.Context.ProbesRun, "re-executed as uid 65534") {
		t.Errorf("probes not run as nobody: %q", rep.Context.ProbesRun)
	}
	anon := expect(t, rep, "exec.anon-wx", Fail)
	if anon.Errno != "EACCES" {
		t.Errorf("exec.anon-wx errno %q, want EACCES (MDWE)", anon.Errno)
	}
	expect(t, rep, "exec.mdwe", Fail, "PR_MDWE_REFUSE_EXEC_GAIN")

	for _, id := range []string{"libffi.tmp.tmp", "libffi.tmp.var-tmp", "libffi.tmp.dev-shm"} {
		c := expect(t, rep, id, Warn, "noexec", "EPERM")
		if c.Dir == nil || !c.Dir.Noexec || c.Dir.ExecOK || !c.Dir.Writable || c.Dir.FSType != "tmpfs" {
			t.Errorf("%s: dir probe %+v", id, c.Dir)
		}
		if s := c.Dir.failedStep(); s == nil || !strings.HasPrefix(s.Call, "mmap(PROT_READ|PROT_EXEC") || s.Errno != "EPERM" {
			t.Errorf("%s: failing step %+v, want the PROT_EXEC mmap with EPERM", id, s)
		}
	}
	expect(t, rep, "libffi.tmp.HOME", Skip, "not set")
	expect(t, rep, "libffi.tmp.LIBFFI_TMPDIR", Skip, "not set")
	expect(t, rep, "libffi.tmp.mounts", Warn, "no mount is writable")
	expect(t, rep, "libffi.tmp.memfd", Pass)

	jna := expect(t, rep, "libffi.jna", Fail, "closure allocation fails", "anonymous W+X: EACCES")
	if !strings.Contains(jna.Remedy, "LIBFFI_TMPDIR=") || !strings.Contains(jna.Remedy, "nobody") {
		t.Errorf("libffi.jna remedy does not say what to set for whom: %q", jna.Remedy)
	}
	legacy := expect(t, rep, "libffi.jna-legacy", Fail)
	if !strings.Contains(legacy.Why, "SIGSEGV in ffi_prep_closure_loc") || !strings.Contains(legacy.Remedy, "TMPDIR=") {
		t.Errorf("legacy why/remedy: %q / %q", legacy.Why, legacy.Remedy)
	}
	expect(t, rep, "libffi.system", Pass, "memfd_create")
	expect(t, rep, "jvm.java.io.tmpdir", Warn, "noexec")
	if !rep.Failed() {
		t.Error("report not failed")
	}
	if len(res.Leftovers) != 0 {
		t.Errorf("probes left files behind: %v", res.Leftovers)
	}
}

func TestNamespaceLibffiTmpdirExecCapable(t *testing.T) {
	res := runScenario(t, scenario{Mode: "run", NoexecTmp: true, ExecDir: true, MDWE: true, User: "nobody",
		Env: []string{"LIBFFI_TMPDIR=/tmp/exec"}})
	if res.Err != "" {
		t.Fatal(res.Err)
	}
	rep := res.Report
	expect(t, rep, "libffi.tmp.LIBFFI_TMPDIR", Pass, "/tmp/exec", "exec OK")
	expect(t, rep, "libffi.jna", Pass, "$LIBFFI_TMPDIR=/tmp/exec")
	// libffi 3.2.1/3.3 does not read LIBFFI_TMPDIR: it only gets there
	// through its scan of writable mounts.
	expect(t, rep, "libffi.jna-legacy", Pass, "writable mount /tmp/exec")
	if len(res.Leftovers) != 0 {
		t.Errorf("probes left files behind: %v", res.Leftovers)
	}
}

func TestNamespaceLibffiTmpdirNoexec(t *testing.T) {
	res := runScenario(t, scenario{Mode: "run", NoexecTmp: true, MDWE: true, User: "nobody",
		Env: []string{"LIBFFI_TMPDIR=/tmp/noexec-dir"}})
	if res.Err != "" {
		t.Fatal(res.Err)
	}
	rep := res.Report
	c := expect(t, rep, "libffi.tmp.LIBFFI_TMPDIR", Warn, "/tmp/noexec-dir", "noexec", "EPERM")
	if c.Errno != "EPERM" || !strings.Contains(c.Remedy, "noexec") {
		t.Errorf("errno %q remedy %q", c.Errno, c.Remedy)
	}
	if !c.Dir.Writable {
		t.Error("nobody-owned dir reported not writable")
	}
	expect(t, rep, "libffi.jna", Fail, "$LIBFFI_TMPDIR=/tmp/noexec-dir: no")
}

// Root finds an exec-capable mount in libffi's last-resort scan where the
// service user finds none: why "it works as root".
func TestNamespaceRootFindsAMount(t *testing.T) {
	res := runScenario(t, scenario{Mode: "run", NoexecTmp: true, MDWE: true, Env: []string{}})
	if res.Err != "" {
		t.Fatal(res.Err)
	}
	rep := res.Report
	expect(t, rep, "context.user", Warn, "root")
	expect(t, rep, "libffi.tmp.mounts", Pass, "exec OK")
	expect(t, rep, "libffi.jna", Pass, "writable mount")
}

// Without W+X restrictions libffi never needs a temp file, however bad
// the temp dirs are.
func TestNamespaceAnonymousMemoryWins(t *testing.T) {
	res := runScenario(t, scenario{Mode: "run", NoexecTmp: true, User: "nobody", Env: []string{}})
	if res.Err != "" {
		t.Fatal(res.Err)
	}
	rep := res.Report
	expect(t, rep, "exec.anon-wx", Pass)
	expect(t, rep, "libffi.jna", Pass, "anonymous W+X memory")
	expect(t, rep, "libffi.tmp.tmp", Warn, "EPERM")
}

// The cobra command end to end: --json, --user, exit code 1 on a failed
// check; HOME comes from the user's passwd entry.
func TestNamespaceCommandJSON(t *testing.T) {
	res := runScenario(t, scenario{Mode: "command", NoexecTmp: true, MDWE: true,
		Args: []string{"--json", "--user", "nobody"}, SetEnv: map[string]string{"LIBFFI_TMPDIR": "/tmp/noexec-dir"}})
	if res.Code != 1 {
		t.Errorf("exit code %d, want 1 (%s)", res.Code, res.Err)
	}
	if err := schema.Validate(schema.Doctor, []byte(res.Stdout), true); err != nil {
		t.Errorf("--json output does not match docs/schema/doctor.schema.json: %v", err)
	}
	var rep Report
	if err := json.Unmarshal([]byte(res.Stdout), &rep); err != nil {
		t.Fatalf("--json output: %v\n%s", err, res.Stdout)
	}
	expect(t, rep, "libffi.jna", Fail)
	expect(t, rep, "libffi.tmp.HOME", Warn, "/nonexistent", "does not exist")
	expect(t, rep, "libffi.tmp.LIBFFI_TMPDIR", Warn, "/tmp/noexec-dir")
}

func TestNamespaceCommandText(t *testing.T) {
	res := runScenario(t, scenario{Mode: "command", NoexecTmp: true, MDWE: true,
		Args: []string{"--user", "nobody"}, SetEnv: map[string]string{"NO_COLOR": "1"}})
	if res.Code != 1 {
		t.Errorf("exit code %d, want 1", res.Code)
	}
	for _, want := range []string{"libffi.jna ", "FAIL", "What to do:", "remedy: set LIBFFI_TMPDIR=", "EPERM (operation not permitted)"} {
		if !strings.Contains(res.Stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, res.Stdout)
		}
	}
	if strings.Contains(res.Stdout, "\x1b[") {
		t.Error("colour in non-terminal output")
	}
}
