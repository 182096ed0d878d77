package doctor

import (
	"bytes"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/hserr/hserr/internal/doctor/procfs"
)

// checkMemfdSecret runs the whole sequence a JVM using memfd_secret makes
// (memfd_secret, ftruncate, mmap, write, read back, munmap) and names each
// step's errno.
func (r *run) checkMemfdSecret() Check {
	c := Check{ID: "memfd.secret", Title: "memfd_secret (secret memory, Linux 5.14+)"}
	if sysMemfdSecret == 0 {
		c.Status, c.Observed = Skip, "memfd_secret is not wired on "+runtime.GOARCH
		return c
	}
	c.Steps, c.Status = memfdSecretSequence(), Pass
	failed := -1
	for i, s := range c.Steps {
		if !s.OK {
			failed = i
			break
		}
	}
	if failed < 0 {
		c.Observed = fmt.Sprintf("syscall %d: all %d steps succeeded", sysMemfdSecret, len(c.Steps))
		return c
	}
	s := c.Steps[failed]
	c.Status, c.Errno, c.Error = Warn, s.Errno, s.Error
	c.Observed = fmt.Sprintf("syscall %d: %s failed: %s (%s)", sysMemfdSecret, s.Call, s.Errno, s.Error)
	c.Why = "only matters to code that asks for secret memory (e.g. via FFM or JNA); without it such code must fall back to ordinary memory."
	switch s.Errno {
	case "ENOSYS":
		reason, remedy := r.secretmemENOSYS()
		c.Observed += "; " + reason
		c.Remedy = remedy
	case "EAGAIN":
		c.Observed += "; RLIMIT_MEMLOCK " + procfs.FormatLimit(r.cx.Limits[procfs.LimitMemlock].Soft) + " bytes"
		c.Remedy = "secret pages are locked: raise the memlock limit (ulimit -l, systemd LimitMEMLOCK=)."
	case "EPERM":
		c.Remedy = "EPERM on memfd_secret usually comes from a seccomp profile (container runtimes): allow syscall 447."
	case "EMFILE", "ENFILE":
		c.Remedy = "out of file descriptors: raise the open files limit."
	default:
		c.Remedy = "see memfd_secret(2) for " + s.Errno + "."
	}
	return c
}

func memfdSecretSequence() []Step {
	var steps []Step
	fd, _, e := unix.Syscall(sysMemfdSecret, unix.O_CLOEXEC, 0, 0)
	steps = append(steps, step("memfd_secret(O_CLOEXEC)", errOrNil(e), fmt.Sprintf("fd %d", int(fd))))
	if e != 0 {
		return steps
	}
	defer unix.Close(int(fd))
	page := unix.Getpagesize()
	err := unix.Ftruncate(int(fd), int64(page))
	steps = append(steps, step(fmt.Sprintf("ftruncate(%d)", page), err, ""))
	if err != nil {
		return steps
	}
	mem, err := unix.Mmap(int(fd), 0, page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
	steps = append(steps, step("mmap(PROT_READ|PROT_WRITE, MAP_SHARED)", err, ""))
	if err != nil {
		return steps
	}
	want := []byte("hserr doctor secret")
	err = touch(func() { copy(mem, want) })
	steps = append(steps, step("write to mapping", err, ""))
	if err == nil {
		var got []byte
		err = touch(func() { got = bytes.Clone(mem[:len(want)]) })
		if err == nil && !bytes.Equal(got, want) {
			err = fmt.Errorf("read back %q, want %q", got, want)
		}
		steps = append(steps, step("read back", err, ""))
	}
	steps = append(steps, step("munmap", unix.Munmap(mem), ""))
	return steps
}

// touch runs f, turning a fault on the mapping (SIGBUS when the kernel
// cannot back a secret page) into an error instead of a crash.
func touch(f func()) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("fault: %v", p)
		}
	}()
	f()
	return nil
}

func errOrNil(e syscall.Errno) error {
	if e == 0 {
		return nil
	}
	return e
}

// secretmemENOSYS explains ENOSYS: kernel too old, disabled on the command
// line, off by default before 6.5 (commit b758fe6df50d), or not built in.
func (r *run) secretmemENOSYS() (reason, remedy string) {
	release := r.cx.Info.Kernel // uname -r, read when the context was resolved
	major, minor := kernelVersion(release)
	cmdline, _ := r.root.readTrimmed("/proc/cmdline")
	param := ""
	for _, f := range strings.Fields(cmdline) {
		if strings.HasPrefix(f, "secretmem.enable=") {
			param = strings.TrimPrefix(f, "secretmem.enable=")
		}
	}
	older := func(a, b int) bool { return major < a || (major == a && minor < b) }
	switch {
	case older(5, 14):
		return "kernel " + release + " predates memfd_secret (5.14)", "upgrade the kernel to 5.14+ (6.5+ enables it by default)."
	case param == "0" || param == "n" || param == "N":
		return "secretmem.enable=" + param + " on the kernel command line", "remove secretmem.enable=" + param + " from the boot parameters (grubby --update-kernel=ALL --remove-args=secretmem.enable) and reboot."
	case older(6, 5) && param == "":
		return "kernel " + release + ": secretmem is off by default before 6.5 and secretmem.enable=1 is not on the command line",
			"boot with secretmem.enable=1 (grubby --update-kernel=ALL --args=secretmem.enable=1) or upgrade to 6.5+."
	}
	on := "on by default since 6.5"
	if param != "" {
		on = "secretmem.enable=" + param
	}
	return "kernel " + release + " (" + on + "): built without CONFIG_SECRETMEM, no direct-map support " +
			"(arm64 needs rodata=full), or a seccomp filter answers ENOSYS",
		"use a kernel built with CONFIG_SECRETMEM=y; check /proc/<pid>/status Seccomp for a filter."
}

// kernelVersion parses "6.5.0-foo" into 6, 5; 0, 0 when unparsable.
func kernelVersion(release string) (major, minor int) {
	fmt.Sscanf(release, "%d.%d", &major, &minor)
	return major, minor
}

func (r *run) checkMemfdNoexec() Check {
	c := Check{ID: "memfd.noexec", Title: "vm.memfd_noexec (Linux 6.3+)"}
	v, err := r.root.readTrimmed("/proc/sys/vm/memfd_noexec")
	if err != nil {
		c.setErr(err)
		c.Status, c.Observed = Skip, "no /proc/sys/vm/memfd_noexec (kernel older than 6.3)"
		return c
	}
	c.Observed = "vm.memfd_noexec = " + v
	switch v {
	case "0":
		c.Status = Pass
	case "1":
		c.Status = Pass
		c.Observed += " (memfds without flags are sealed non-executable; mmap PROT_EXEC is still allowed, see libffi.tmp.memfd)"
	default:
		c.Status = Warn
		c.Why = "on 6.3-6.5 kernels 2 rejects memfd_create without MFD_NOEXEC_SEAL (EACCES), which is what libffi 3.4 calls; later kernels only reject MFD_EXEC."
		c.Remedy = "sysctl -w vm.memfd_noexec=1 (it is per pid namespace, set it in the namespace the JVM runs in)."
	}
	return c
}
