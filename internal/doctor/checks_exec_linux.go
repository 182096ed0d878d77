package doctor

import (
	"errors"
	"fmt"
	"path"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/hserr/hserr/internal/doctor/procfs"
)

// selinuxState is what libffi and the kernel see of SELinux.
type selinuxState struct {
	present bool   // libffi's own test: /selinux is selinuxfs, or a selinuxfs mount
	how     string // which of the two matched
	mount   string // selinuxfs mount point
	mode    string // enforcing / permissive / unknown
}

func (r *run) checkAnonWX() Check {
	c := Check{ID: "exec.anon-wx", Title: "anonymous W+X memory (HotSpot code cache, libffi closures)"}
	steps, err := mapExecPage(-1)
	c.Steps = steps
	r.anonWX = err
	if err == nil {
		c.Status, c.Observed = Pass, "mmap(RWX, anonymous) succeeded"
		return c
	}
	c.setErr(err)
	c.Status = Fail
	c.Observed = "mmap(RWX, anonymous): " + errnoText(err)
	c.Why = "HotSpot maps its JIT code cache read-write-execute; when that is refused the JVM dies at start " +
		"(\"Failed to mark memory page as executable\" or os::commit_memory ... errno=1). libffi then needs an exec-capable temp file."
	switch {
	case errors.Is(err, unix.EACCES):
		c.Remedy = "EACCES comes from an LSM or MDWE: see exec.mdwe and exec.selinux. For SELinux allow execmem " +
			"for the service's domain (setsebool -P deny_execmem 0, or a policy module granting process execmem)."
	case errors.Is(err, unix.EPERM):
		c.Remedy = "EPERM comes from a seccomp W^X filter (systemd MemoryDenyWriteExecute=yes) or PaX MPROTECT: " +
			"set MemoryDenyWriteExecute=no in the unit, or `paxctl -m` on the java binary."
	default:
		c.Remedy = "unexpected errno: check RLIMIT_AS/RLIMIT_DATA and vm.overcommit settings."
	}
	if r.cx.Info.PID != 0 {
		c.Observed += " (probed in hserr's process; run hserr inside the service's unit to see its seccomp/MDWE)"
	}
	return c
}

func (r *run) checkMDWE() Check {
	c := Check{ID: "exec.mdwe", Title: "kernel memory-deny-write-execute (prctl PR_GET_MDWE)"}
	v, err := unix.PrctlRetInt(unix.PR_GET_MDWE, 0, 0, 0, 0)
	c.Steps = []Step{step("prctl(PR_GET_MDWE)", err, fmt.Sprint(v))}
	switch {
	case errors.Is(err, unix.EINVAL):
		c.setErr(err)
		c.Status, c.Observed = Skip, "prctl(PR_GET_MDWE): EINVAL: kernel older than 6.3 has no MDWE"
	case err != nil:
		c.setErr(err)
		c.Status, c.Observed = Skip, "prctl(PR_GET_MDWE): "+errnoText(err)
	case v&unix.PR_MDWE_REFUSE_EXEC_GAIN != 0:
		c.Status = Fail
		c.Observed = fmt.Sprintf("MDWE flags 0x%x: PR_MDWE_REFUSE_EXEC_GAIN set (inherited over fork and exec)", v)
		c.Why = "new W+X mappings are refused with EACCES: HotSpot's code cache cannot be mapped. " +
			"File-backed PROT_READ|PROT_EXEC mappings (libffi's temp-file route, static trampolines) still work."
		c.Remedy = "MDWE cannot be cleared once set: start the JVM from a parent that does not set it " +
			"(in systemd, MemoryDenyWriteExecute=no)."
	default:
		c.Status, c.Observed = Pass, fmt.Sprintf("MDWE flags 0x%x: not set", v)
	}
	if r.cx.Info.PID != 0 {
		c.Observed += " (hserr's own process: MDWE of another process is not visible in /proc)"
	}
	return c
}

// selinux applies libffi's selinux_enabled_check (closures.c, unchanged
// 3.2.1..HEAD): statfs("/selinux") has SELINUX_MAGIC, or /proc/mounts lists
// a selinuxfs. The enforce mode does not matter to libffi.
func (r *run) selinux() selinuxState {
	var s selinuxState
	if fd, err := r.root.open("/selinux", unix.O_PATH, 0); err == nil {
		var st unix.Statfs_t
		if unix.Fstatfs(fd, &st) == nil && uint32(st.Type) == unix.SELINUX_MAGIC {
			s.present, s.how, s.mount = true, "/selinux is a selinuxfs", "/selinux"
		}
		unix.Close(fd)
	}
	if m, ok := procfs.FSTypeMounted(r.cx.Mounts, "selinuxfs"); ok {
		if !s.present {
			s.present, s.how = true, "selinuxfs mounted on "+m.MountPoint
		}
		if s.mount == "" {
			s.mount = m.MountPoint
		}
	}
	s.mode = "unknown"
	if s.mount != "" {
		if v, err := r.root.readTrimmed(path.Join(s.mount, "enforce")); err == nil {
			if m, ok := parseSELinuxEnforce(v); ok {
				s.mode = m
			}
		}
	}
	return s
}

func (r *run) checkSELinux() Check {
	c := Check{ID: "exec.selinux", Title: "SELinux (libffi's own detection)"}
	s := r.sel
	if !s.present {
		c.Status, c.Observed = Pass, "not present: no selinuxfs at /selinux or in the mount table"
		return c
	}
	c.Observed = fmt.Sprintf("present (%s), mode %s", s.how, s.mode)
	if l := r.cx.Label["current"]; l != "" {
		c.Observed += ", process label " + l
	}
	c.Status = Warn
	c.Why = "libffi never tries anonymous W+X memory when it sees selinuxfs, even in permissive mode: every closure " +
		"needs a temp file it can map PROT_EXEC (see libffi.*). Enforcing policy may also deny execute on tmp_t/user_home_t files."
	c.Remedy = "make sure libffi.jna passes: set LIBFFI_TMPDIR to a directory the service user can write and execute from. " +
		"Denials are logged as AVC in /var/log/audit/audit.log (ausearch -m avc -ts recent)."
	return c
}

func (r *run) checkSELinuxBooleans() Check {
	c := Check{ID: "exec.selinux-booleans", Title: "SELinux booleans about executable memory"}
	if !r.sel.present || r.sel.mount == "" {
		c.Status, c.Observed = Skip, "SELinux not present"
		return c
	}
	var seen, whys, remedies []string
	for _, b := range selinuxBooleans {
		v, err := r.root.readTrimmed(path.Join(r.sel.mount, "booleans", b.Name))
		if err != nil {
			continue // boolean not defined by this policy
		}
		cur, pending, ok := parseSELinuxBool(v)
		if !ok {
			continue
		}
		txt := fmt.Sprintf("%s=%d", b.Name, cur)
		if pending != cur {
			txt += fmt.Sprintf(" (pending %d)", pending)
		}
		seen = append(seen, txt)
		if cur == b.Bad && b.Fails {
			why, remedy := b.failure()
			whys, remedies = append(whys, why), append(remedies, remedy)
		}
	}
	if len(seen) == 0 {
		c.Status, c.Observed = Skip, "no relevant booleans readable under "+r.sel.mount+"/booleans"
		return c
	}
	c.Observed = strings.Join(seen, ", ")
	if len(whys) > 0 && r.sel.mode == "enforcing" {
		c.Status = Fail
		c.Why, c.Remedy = strings.Join(whys, " "), strings.Join(remedies, " ")
		return c
	}
	c.Status = Pass
	return c
}

func (r *run) checkAppArmor() Check {
	c := Check{ID: "exec.apparmor", Title: "AppArmor confinement"}
	v, err := r.root.readTrimmed("/sys/module/apparmor/parameters/enabled")
	if err != nil || v != "Y" {
		c.Status, c.Observed = Pass, "AppArmor not enabled"
		return c
	}
	label := r.cx.Label["apparmor"]
	if label == "" {
		c.Status, c.Observed = Skip, "AppArmor enabled; process label not readable"
		return c
	}
	c.Observed = "label " + label
	if label == "unconfined" {
		c.Status = Pass
		return c
	}
	c.Status = Warn
	c.Why = "a profile without the 'm' (mmap PROT_EXEC) permission on /tmp/** or the JNA cache breaks System.load " +
		"of unpacked .so files and libffi's temp-file closures with EACCES."
	c.Remedy = "add e.g. `owner /var/lib/<app>/tmp/** rwm,` to the profile, or point LIBFFI_TMPDIR and the library dirs " +
		"at a path the profile already allows with 'm'; denials appear as apparmor=\"DENIED\" in the kernel log."
	return c
}

func (r *run) checkSeccomp() Check {
	c := Check{ID: "exec.seccomp", Title: "seccomp mode"}
	mode, ok := r.cx.Status["Seccomp"]
	if !ok {
		c.Status, c.Observed = Skip, "no Seccomp field in /proc/<pid>/status"
		return c
	}
	switch mode {
	case "0":
		c.Status, c.Observed = Pass, "Seccomp: 0 (disabled)"
	case "1":
		c.Status, c.Observed = Warn, "Seccomp: 1 (strict)"
	default:
		c.Status = Warn
		c.Observed = "Seccomp: 2 (filter), filters: " + r.cx.Status["Seccomp_filters"]
	}
	if c.Status == Warn {
		c.Why = "a seccomp filter can refuse W+X mmap (systemd MemoryDenyWriteExecute), memfd_create or memfd_secret " +
			"with EPERM or ENOSYS; the memory probes here only show the filter hserr itself runs under."
		c.Remedy = "inspect the unit: systemctl show <unit> -p MemoryDenyWriteExecute -p SystemCallFilter; " +
			"drop MemoryDenyWriteExecute=yes and ~memfd_create from SystemCallFilter for JVM services."
	}
	return c
}

func (r *run) checkPaX() Check {
	c := Check{ID: "exec.pax", Title: "PaX MPROTECT"}
	v, ok := r.cx.Status["PaX"]
	if !ok {
		c.Status, c.Observed = Skip, "no PaX line in /proc/<pid>/status (not a grsecurity/PaX kernel)"
		return c
	}
	c.Observed = "PaX: " + v
	r.paxMprotect = strings.Contains(v, "M")
	if !r.paxMprotect {
		c.Status = Pass
		return c
	}
	c.Status = Fail
	c.Why = "MPROTECT forbids W+X memory: HotSpot cannot map its code cache, libffi 3.4.4+ goes straight to temp files."
	c.Remedy = "paxctl -m (or setfattr -n user.pax.flags -v m) on the java binary."
	return c
}
