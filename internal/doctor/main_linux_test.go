package doctor

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/term"
)

// Tests that need a different mount namespace, MDWE or another user
// re-execute this test binary as a "scenario" child: the host is never
// changed, and everything the child mounts disappears with it.
const scenarioEnv = "HSERR_DOCTOR_TEST_SCENARIO"

// scenario is what the child sets up before running doctor.
type scenario struct {
	Mode string // "run" (Go API), "command" (cobra), "pidtarget" (set up, then exec Exec)
	// NoexecTmp mounts noexec tmpfs over /tmp, /var/tmp and /dev/shm.
	NoexecTmp bool
	// ExecDir mounts an exec-capable tmpfs owned by nobody at /tmp/exec.
	ExecDir bool
	// MDWE sets PR_MDWE_REFUSE_EXEC_GAIN, so anonymous W+X is refused and
	// libffi has to use temp files (as under systemd MemoryDenyWriteExecute).
	MDWE    bool
	User    string
	Env     []string // Options.Env for "run"
	Args    []string // command arguments for "command"
	SetEnv  map[string]string
	Exec    []string // argv for "pidtarget"
	CoreMax uint64   // RLIMIT_CORE soft and hard limit for "pidtarget"
	// Seccomp installs a filter: memfd_secret -> ENOSYS, memfd_create -> EPERM.
	Seccomp bool
	// Files are written after the mounts are set up (path -> content).
	Files map[string]string
}

type scenarioResult struct {
	Report    Report   `json:"report"`
	Err       string   `json:"err"`
	Code      int      `json:"code"`
	Stdout    string   `json:"stdout"`
	Leftovers []string `json:"leftovers"`
}

func TestMain(m *testing.M) {
	if code, ok := ProbeChild(); ok {
		os.Exit(code) // this test binary was re-executed as a probe child
	}
	if spec := os.Getenv(scenarioEnv); spec != "" {
		os.Exit(scenarioChild(spec))
	}
	os.Exit(m.Run())
}

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: creates mount namespaces and switches users (CI runs as root)")
	}
}

// scenarioCmd prepares the child in a new mount namespace.
func scenarioCmd(t *testing.T, s scenario) *exec.Cmd {
	t.Helper()
	spec, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/proc/self/exe", "-test.run=^$")
	cmd.Env = append(os.Environ(), scenarioEnv+"="+string(spec))
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS, Pdeathsig: syscall.SIGKILL}
	return cmd
}

// runScenario runs a "run" or "command" scenario and decodes its result.
func runScenario(t *testing.T, s scenario) scenarioResult {
	t.Helper()
	needRoot(t)
	cmd := scenarioCmd(t, s)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("scenario child: %v\n%s", err, stderr.String())
	}
	var res scenarioResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("scenario output: %v\n%s\n%s", err, out, stderr.String())
	}
	return res
}

func scenarioChild(spec string) int {
	var s scenario
	if err := json.Unmarshal([]byte(spec), &s); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	if err := setUp(s); err != nil {
		fmt.Fprintln(os.Stderr, "setup:", err)
		return 3
	}
	var res scenarioResult
	switch s.Mode {
	case "pidtarget":
		if s.CoreMax != 0 {
			lim := unix.Rlimit{Cur: s.CoreMax, Max: s.CoreMax}
			if err := unix.Setrlimit(unix.RLIMIT_CORE, &lim); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 3
			}
		}
		path, err := exec.LookPath(s.Exec[0])
		if err == nil {
			fmt.Println("ready")
			err = syscall.Exec(path, s.Exec, append(os.Environ(), s.Env...))
		}
		fmt.Fprintln(os.Stderr, "exec:", err)
		return 3
	case "command":
		for k, v := range s.SetEnv {
			os.Setenv(k, v)
		}
		var out bytes.Buffer
		cmd := testCommand()
		cmd.SetArgs(s.Args)
		cmd.SetOut(&out)
		cmd.SetErr(&out)
		cmd.SilenceErrors = true
		err := cmd.Execute()
		res.Code, res.Stdout = term.Code(err), out.String()
		if err != nil {
			res.Err = err.Error()
		}
	default:
		rep, err := Run(context.Background(), Options{User: s.User, Env: s.Env})
		res.Report = rep
		if err != nil {
			res.Err = err.Error()
		}
	}
	res.Leftovers = leftovers()
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		return 3
	}
	return 0
}

func setUp(s scenario) error {
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make / private: %w", err)
	}
	if s.NoexecTmp {
		for _, dir := range []string{"/tmp", "/var/tmp", "/dev/shm"} {
			if err := unix.Mount("tmpfs", dir, "tmpfs", unix.MS_NOEXEC|unix.MS_NOSUID|unix.MS_NODEV, "mode=1777"); err != nil {
				return fmt.Errorf("mount noexec tmpfs on %s: %w", dir, err)
			}
		}
		// A directory on the noexec /tmp that nobody owns: writable, not exec-capable.
		if err := os.Mkdir("/tmp/noexec-dir", 0o700); err != nil {
			return err
		}
		if err := os.Chown("/tmp/noexec-dir", 65534, 65534); err != nil {
			return err
		}
	}
	if s.ExecDir {
		if err := os.MkdirAll("/tmp/exec", 0o755); err != nil {
			return err
		}
		if err := unix.Mount("tmpfs", "/tmp/exec", "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=0700,uid=65534,gid=65534"); err != nil {
			return fmt.Errorf("mount exec tmpfs: %w", err)
		}
	}
	for p, content := range s.Files {
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	if s.Seccomp {
		if err := denyMemfd(); err != nil {
			return fmt.Errorf("seccomp: %w", err)
		}
	}
	if s.MDWE {
		if err := unix.Prctl(unix.PR_SET_MDWE, unix.PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0); err != nil {
			return fmt.Errorf("PR_SET_MDWE: %w", err)
		}
	}
	return nil
}

// denyMemfd installs a seccomp filter on all threads that answers
// memfd_secret with ENOSYS (what an old or unconfigured kernel says) and
// memfd_create with EPERM (a container profile).
func denyMemfd() error {
	ld := func(off uint32) unix.SockFilter {
		return unix.SockFilter{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: off}
	}
	jeq := func(k uint32, jt uint8) unix.SockFilter {
		return unix.SockFilter{Code: unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K, K: k, Jt: jt}
	}
	ret := func(k uint32) unix.SockFilter { return unix.SockFilter{Code: unix.BPF_RET | unix.BPF_K, K: k} }
	prog := []unix.SockFilter{
		ld(0), // seccomp_data.nr
		jeq(uint32(sysMemfdSecret), 2),
		jeq(unix.SYS_MEMFD_CREATE, 2),
		ret(unix.SECCOMP_RET_ALLOW),
		ret(unix.SECCOMP_RET_ERRNO | uint32(unix.ENOSYS)),
		ret(unix.SECCOMP_RET_ERRNO | uint32(unix.EPERM)),
	}
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	_, _, e := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&fprog)))
	if e != 0 {
		return e
	}
	return nil
}

// leftovers lists what is in the scratch tmpfs mounts besides what setUp
// created: a probe that leaves a file behind shows up here.
func leftovers() []string {
	var out []string
	for _, dir := range []string{"/tmp", "/var/tmp", "/dev/shm", "/tmp/exec"} {
		var st unix.Statfs_t
		if unix.Statfs(dir, &st) != nil || uint32(st.Type) != unix.TMPFS_MAGIC {
			continue // only our scratch tmpfs mounts are known to start empty
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			if p != "/tmp/exec" && p != "/tmp/noexec-dir" {
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}

// mustCheck returns a check by id or fails the test.
func mustCheck(t *testing.T, rep Report, id string) Check {
	t.Helper()
	c, ok := rep.Find(id)
	if !ok {
		t.Fatalf("no check %s in report", id)
	}
	return c
}

// expect asserts a check's status and that its observed text contains
// each of the given fragments.
func expect(t *testing.T, rep Report, id string, st Status, contains ...string) Check {
	t.Helper()
	c := mustCheck(t, rep, id)
	if c.Status != st {
		t.Errorf("%s: status %s, want %s (observed: %s)", id, c.Status, st, c.Observed)
	}
	for _, s := range contains {
		if !strings.Contains(c.Observed, s) {
			t.Errorf("%s: observed %q lacks %q", id, c.Observed, s)
		}
	}
	return c
}

// testCommand is doctor's command as cli builds it (the flags and the run
// are doctor's; the cobra command around them is cli's, whose own test
// covers the help text and the argument checks).
func testCommand() *cobra.Command {
	var fl Flags
	c := &cobra.Command{Use: "doctor", Args: cobra.NoArgs, SilenceUsage: true,
		RunE: func(cmd *cobra.Command, _ []string) error { return Execute(cmd.Context(), &fl, cmd) }}
	BindFlags(c, &fl)
	return c
}
