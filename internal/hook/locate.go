// Package hook is what `hserr hook` does when a dying JVM runs it through
// -XX:OnError: find the hs_err file that JVM just wrote, redact it, explain
// it and copy it into the local spool, all within a hard deadline (the JVM
// waits for its OnError commands with no timeout of its own).
package hook

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hserr/hserr/internal/doctor/procfs"
)

// Proc reads a process's facts; the default reads /proc, tests fake it.
type Proc interface {
	Cmdline(pid int) ([]byte, error)
	Environ(pid int) ([]byte, error)
	Cwd(pid int) (string, error)
	PPid(pid int) (int, error)
	Exe(pid int) (string, error)
}

// procFS is Proc on /proc.
type procFS struct{}

func (procFS) Cmdline(pid int) ([]byte, error) {
	return os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
}
func (procFS) Environ(pid int) ([]byte, error) {
	return os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
}
func (procFS) Cwd(pid int) (string, error) { return os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid)) }
func (procFS) Exe(pid int) (string, error) { return os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)) }
func (procFS) PPid(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	v, ok := procfs.ParseStatus(b)["PPid"]
	if !ok {
		return 0, fmt.Errorf("no PPid in /proc/%d/status", pid)
	}
	return strconv.Atoi(strings.TrimSpace(v))
}

// Candidates are the paths HotSpot tries for the hs_err file of pid, in its
// order (vmError.cpp, prepare_log_file): -XX:ErrorFile with %p and %%
// expanded (relative to the working directory), then hs_err_pid<pid>.log in
// the working directory, then in the temp directory.
func Candidates(p Proc, pid int, tmpDir string) []string {
	var out []string
	cwd, _ := p.Cwd(pid)
	argv := procfs.ParseCmdline(readOr(p.Cmdline(pid)))
	env := procfs.ParseEnviron(readOr(p.Environ(pid)))
	if pattern := procfs.ParseJVMArgs(argv, env).ErrorFile; pattern != "" {
		f := expandPID(pattern, pid)
		if !filepath.IsAbs(f) && cwd != "" {
			f = filepath.Join(cwd, f)
		}
		out = append(out, f)
	}
	name := fmt.Sprintf("hs_err_pid%d.log", pid)
	if cwd != "" {
		out = append(out, filepath.Join(cwd, name))
	}
	return append(out, filepath.Join(tmpDir, name))
}

// expandPID expands HotSpot's %p (the pid) and %% (a percent sign); other
// % sequences are kept as they are, as HotSpot does.
func expandPID(pattern string, pid int) string {
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		if pattern[i] == '%' && i+1 < len(pattern) {
			switch pattern[i+1] {
			case 'p':
				b.WriteString(strconv.Itoa(pid))
				i++
				continue
			case '%':
				b.WriteByte('%')
				i++
				continue
			}
		}
		b.WriteByte(pattern[i])
	}
	return b.String()
}

func readOr(b []byte, _ error) []byte { return b }

// Locate returns the first candidate that exists, with the list it tried.
func Locate(p Proc, pid int, tmpDir string) (string, []string, error) {
	cands := Candidates(p, pid, tmpDir)
	for _, c := range cands {
		if st, err := os.Stat(c); err == nil && st.Mode().IsRegular() {
			return c, cands, nil
		}
	}
	return "", cands, fmt.Errorf("no hs_err file for pid %d (tried %s)", pid, strings.Join(cands, ", "))
}

// ParentJVM finds the JVM among this process's ancestors (OnError runs its
// command through /bin/sh -c, so the JVM is usually the grandparent): the
// first whose executable is java. Pid 1 is a candidate too: in a container
// the JVM is often pid 1 of its PID namespace (the search used to stop
// before it, and a bare "hserr hook" found no JVM there). The search ends
// at PPid 0, which pid 1 has, and so has a process whose parent is outside
// its namespace.
func ParentJVM(p Proc, self int) (int, error) {
	pid := self
	for range 8 {
		pp, err := p.PPid(pid)
		if err != nil || pp <= 0 {
			break
		}
		if exe, err := p.Exe(pp); err == nil {
			if b := filepath.Base(exe); b == "java" || b == "java.exe" || b == "javaw.exe" {
				return pp, nil
			}
		}
		pid = pp
	}
	return 0, fmt.Errorf("no java process among the parents of pid %d: give the JVM's pid (-XX:OnError=\"hserr hook %%p\")", self)
}
