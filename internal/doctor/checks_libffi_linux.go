package doctor

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sys/unix"
)

// libffiChecks probes every temp-file candidate once, reports each, then
// says where each libffi flavour ends up.
func (r *run) libffiChecks() []Check {
	var out []Check
	cands := map[string]candidate{}
	add := func(c Check, cand candidate) {
		cands[cand.Key] = cand
		out = append(out, c)
	}
	add(r.candMemfd())
	for _, env := range []string{candLibffiTmpdir, candTmpdir} {
		add(r.candEnv(env))
	}
	for _, dir := range []string{candTmp, candVarTmp, candDevShm} {
		add(r.candDir(dir))
	}
	add(r.candEnv(candHome))
	add(r.candMounts())

	anon := r.anonForLibffi()
	for _, f := range flavours {
		out = append(out, r.verdict(f, anon, cands))
	}
	return out
}

func candID(key string) string {
	return "libffi.tmp." + strings.Trim(strings.ReplaceAll(key, "/", "-"), "-")
}

// candMemfd mirrors open_temp_exec_file_memfd: memfd_create("libffi",
// MFD_CLOEXEC), grow it, map it PROT_READ|PROT_EXEC.
func (r *run) candMemfd() (Check, candidate) {
	c := Check{ID: candID(candMemfd), Title: "libffi 3.4+ candidate 1: memfd_create"}
	cand := candidate{Key: candMemfd, Label: "memfd_create", Set: true}
	fd, err := unix.MemfdCreate("hserr-doctor", unix.MFD_CLOEXEC)
	c.Steps = append(c.Steps, step("memfd_create(MFD_CLOEXEC)", err, ""))
	if err == nil {
		defer unix.Close(fd)
		var steps []Step
		steps, err = mapExecPage(fd)
		c.Steps = append(c.Steps, steps...)
	}
	if err == nil {
		cand.OK = true
		c.Status, c.Observed = Pass, "memfd_create + mmap(PROT_EXEC) succeeded"
		return c, cand
	}
	c.setErr(err)
	c.Status = Warn
	c.Observed = c.Steps[len(c.Steps)-1].Call + ": " + errnoText(err)
	c.Why = "system libffi 3.4+ tries a memfd before any directory; JNA's bundled libffi never does."
	switch {
	case errors.Is(err, unix.EACCES):
		c.Remedy = "vm.memfd_noexec=2 on a 6.3-6.5 kernel rejects memfd_create without MFD_NOEXEC_SEAL: set it to 0 or 1 (see memfd.noexec)."
	case errors.Is(err, unix.EPERM), errors.Is(err, unix.ENOSYS):
		c.Remedy = "a seccomp filter blocks memfd_create (systemd SystemCallFilter=~memfd_create): allow it for the service."
	default:
		c.Remedy = "libffi moves on to LIBFFI_TMPDIR; make that candidate work instead."
	}
	return c, cand
}

// candEnv is a candidate named by an environment variable of the target.
func (r *run) candEnv(name string) (Check, candidate) {
	c := Check{ID: candID(name), Title: "libffi candidate $" + name}
	v, set := r.cx.env(name)
	cand := candidate{Key: name, Label: "$" + name, Set: set}
	if !set {
		c.Status, c.Observed = Skip, "$"+name+" is not set: libffi skips it"
		return c, cand
	}
	cand.Label = "$" + name + "=" + v
	return r.candProbe(c, cand, v)
}

func (r *run) candDir(dir string) (Check, candidate) {
	c := Check{ID: candID(dir), Title: "libffi candidate " + dir}
	return r.candProbe(c, candidate{Key: dir, Label: dir, Set: true}, dir)
}

func (r *run) candProbe(c Check, cand candidate, dir string) (Check, candidate) {
	d := r.probe.dir(dir)
	c.Dir = d
	c.Observed = d.describe()
	if strings.HasPrefix(cand.Label, "$") {
		c.Observed = "$" + cand.Key + "=" + c.Observed
	}
	c.Errno, c.Error = d.Errno, d.Error
	cand.OK = d.ExecOK
	if d.ExecOK {
		c.Status = Pass
		return c, cand
	}
	c.Status = Warn
	c.Why = "libffi cannot use " + cand.Label + " for executable closure pages and moves on to the next candidate."
	c.Remedy = dirRemedy(d)
	return c, cand
}

// candMounts mirrors open_temp_exec_file_mnt: every mount without ro or
// noexec whose mount point passes access(W_OK), in mount-table order, until
// one can be mapped PROT_EXEC. As root almost any rw mount qualifies; a
// service user usually has none.
func (r *run) candMounts() (Check, candidate) {
	c := Check{ID: candID(candMounts), Title: "libffi last resort: writable mounts (/etc/mtab, /proc/mounts)"}
	cand := candidate{Key: candMounts, Label: "writable mount", Set: true}
	var tried []string
	seen := map[string]bool{}
	for _, m := range r.cx.Mounts {
		// Stacked mounts repeat a mount point; libffi probes the top one each time.
		if m.Has("ro") || m.Has("noexec") || seen[m.MountPoint] {
			continue
		}
		seen[m.MountPoint] = true
		d := r.probe.dir(m.MountPoint)
		if !d.Writable {
			continue
		}
		if d.ExecOK {
			cand.OK, cand.Label = true, "writable mount "+m.MountPoint
			c.Dir = d
			c.Status = Pass
			c.Observed = d.describe()
			if len(tried) > 0 {
				c.Observed += " (after " + strings.Join(tried, ", ") + " failed)"
			}
			return c, cand
		}
		tried = append(tried, m.MountPoint)
	}
	c.Status = Warn
	c.Observed = "no mount is writable by this user, mounted without noexec/ro, and exec-capable"
	if len(tried) > 0 {
		c.Observed += "; tried " + strings.Join(tried, ", ")
	}
	c.Why = "this is libffi's last resort; when it fails too, closure allocation fails."
	c.Remedy = "do not rely on it: set LIBFFI_TMPDIR (see libffi.jna)."
	return c, cand
}

// anonForLibffi is libffi's first step in dlmmap: anonymous W+X memory,
// unless SELinux is seen or PaX MPROTECT is on.
func (r *run) anonForLibffi() anonState {
	switch {
	case r.sel.present:
		return anonState{Skipped: true, Why: "SELinux present (" + r.sel.how + ")"}
	case r.paxMprotect:
		return anonState{Skipped: true, Why: "PaX MPROTECT"}
	case r.anonWX == nil:
		return anonState{OK: true}
	}
	name, _ := errnoOf(r.anonWX)
	return anonState{
		Errno:    name,
		Fallback: errors.Is(r.anonWX, unix.EPERM) || errors.Is(r.anonWX, unix.EACCES),
	}
}

func (r *run) verdict(f flavour, anon anonState, cands map[string]candidate) Check {
	c := Check{ID: f.ID, Title: f.Title}
	d := decide(f, anon, cands)
	prefix := ""
	if anon.Skipped {
		prefix = "no anonymous W+X attempt (" + anon.Why + "); "
	}
	if d.OK {
		c.Status = Pass
		c.Observed = prefix + "closures would use " + d.Route
		return c
	}
	c.Status = Fail
	c.Observed = prefix + "no candidate works (" + strings.Join(d.Tried, "; ") + "): closure allocation fails"
	c.Why = "ffi_closure_alloc returns NULL -> " + f.Failure + "."
	c.Remedy = r.libffiRemedy(f)
	return c
}

// libffiRemedy names the exact setting: LIBFFI_TMPDIR for 3.4-based
// builds, TMPDIR (their first candidate) for 3.2.1/3.3.
func (r *run) libffiRemedy(f flavour) string {
	dir := r.suggestDir()
	user := r.cx.Info.User
	if user == "" {
		user = fmt.Sprint(r.cx.Info.UID)
	}
	set := "LIBFFI_TMPDIR"
	if !f.LibffiTmpdir {
		set = "TMPDIR"
	}
	s := fmt.Sprintf("set %s=%s in the JVM's environment (systemd: Environment=%s=%s), a directory owned by %s on a mount without noexec",
		set, dir, set, dir, user)
	if strings.Contains(dir, "<") {
		s += fmt.Sprintf(": install -d -o %s -m 700 %s", user, dir)
	}
	if !f.LibffiTmpdir {
		s += "; better, upgrade JNA to 5.10+ (reads LIBFFI_TMPDIR and throws instead of crashing)"
	}
	if r.sel.present {
		s += "; under enforcing SELinux the directory's type must allow execute for the service domain"
	}
	return s + "."
}

// suggestDir names an exec-capable directory the probe user can already
// write, if any probe found one; otherwise a placeholder to create.
func (r *run) suggestDir() string {
	for _, k := range []string{candLibffiTmpdir, candTmpdir, candTmp, candVarTmp, candDevShm, candHome} {
		v := k
		if !strings.HasPrefix(k, "/") {
			v = r.cx.Env[k]
		}
		if v == "" {
			continue
		}
		if d, ok := r.probe.cache[cleanPath(v)]; ok && d.ExecOK && d.Writable {
			return d.Path
		}
	}
	return "/var/lib/<app>/tmp"
}
