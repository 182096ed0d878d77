package doctor

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/hserr/hserr/internal/doctor/procfs"
)

// statfs f_flags bits (kernel fs/statfs.c flags_by_mnt); x/sys only names
// the MS_* mount flags, which have the same values.
const (
	stRdonly = 0x1
	stNoexec = 0x8
)

// prober runs directory probes inside one root and caches them: several
// checks often look at the same directory (/tmp, java.io.tmpdir...).
type prober struct {
	root   fsRoot
	mounts []procfs.Mount
	cache  map[string]*DirProbe
}

func newProber(root fsRoot, mounts []procfs.Mount) *prober {
	return &prober{root: root, mounts: mounts, cache: map[string]*DirProbe{}}
}

// dir probes an existing directory. A missing directory is reported as such
// (Exists false) without probing elsewhere; see dirOrAncestor.
func (p *prober) dir(dir string) *DirProbe {
	dir = path.Clean(dir)
	if d, ok := p.cache[dir]; ok {
		return d
	}
	d := &DirProbe{Path: dir}
	p.cache[dir] = d
	p.probe(d, dir)
	return d
}

// dirOrAncestor probes dir, or when it does not exist, the nearest existing
// ancestor: a directory created there later lands on the same mount. A
// relative path (a home directory that is unknown) has no ancestor to probe.
func (p *prober) dirOrAncestor(dir string) *DirProbe {
	d := p.dir(dir)
	if d.Exists || !path.IsAbs(dir) {
		return d
	}
	for a := path.Dir(path.Clean(dir)); ; a = path.Dir(a) {
		if ad := p.dir(a); ad.Exists && ad.IsDir {
			cp := *ad
			cp.Path, cp.ProbedAt, cp.Exists = path.Clean(dir), a, false
			return &cp
		}
		if a == "/" {
			return d
		}
	}
}

func (p *prober) probe(d *DirProbe, dir string) {
	if !path.IsAbs(dir) {
		d.Errno, d.Error = "", "not an absolute path"
		return
	}
	dfd, err := p.root.open(dir, unix.O_PATH|unix.O_DIRECTORY, 0)
	if err != nil {
		d.Steps = append(d.Steps, step("open "+dir, err, ""))
		d.Errno, d.Error = errnoOf(err)
		d.Exists = !errors.Is(err, unix.ENOENT)
		return
	}
	defer unix.Close(dfd)
	d.Exists, d.IsDir = true, true
	p.describeMount(d, dfd)
	// access(2) through the fd's magic link checks the directory itself with
	// the probe user's real uid, like libffi's access(mnt_dir, W_OK).
	d.Writable = unix.Access(fmt.Sprintf("/proc/self/fd/%d", dfd), unix.W_OK) == nil
	p.execProbe(d, dfd)
}

// describeMount fills mount facts from fstatfs and the target's mountinfo
// (matched by mount ID, so bind mounts and namespaces cannot confuse it).
func (p *prober) describeMount(d *DirProbe, dfd int) {
	var st unix.Statfs_t
	if unix.Fstatfs(dfd, &st) == nil {
		d.Noexec = st.Flags&stNoexec != 0
		d.ReadOnly = st.Flags&stRdonly != 0
		d.FreeBytes = st.Bavail * uint64(st.Bsize)
		d.FSType = fsTypeName(int64(st.Type))
	}
	var stx unix.Statx_t
	if unix.Statx(dfd, "", unix.AT_EMPTY_PATH, unix.STATX_MNT_ID, &stx) == nil && stx.Mask&unix.STATX_MNT_ID != 0 {
		if m, ok := procfs.ByID(p.mounts, int(stx.Mnt_id)); ok {
			d.MountPoint, d.MountOptions, d.FSType = m.MountPoint, m.Options, m.FSType
		}
	}
}

// execProbe mirrors libffi's open_temp_exec_file_dir + dlmmap_locked:
// O_TMPFILE (falling back to a named file on EINVAL/EISDIR/EOPNOTSUPP),
// then mapExecPage.
//
// Nothing can be left behind, even if we are killed mid-probe: an O_TMPFILE
// file never has a name, and the fallback file is unlinked right after it
// is created, before anything else is done with it.
func (p *prober) execProbe(d *DirProbe, dfd int) {
	fd, method, steps, err := openTemp(dfd)
	d.Method, d.Steps = method, append(d.Steps, steps...)
	if err != nil {
		d.Errno, d.Error = errnoOf(err)
		return
	}
	defer unix.Close(fd)
	steps, err = mapExecPage(fd)
	d.Steps = append(d.Steps, steps...)
	if err != nil {
		d.Errno, d.Error = errnoOf(err)
		return
	}
	d.ExecOK = true
}

// mapExecPage maps one page executable and unmaps it again, recording each
// call. With fd -1 it asks for what HotSpot's code cache and libffi's first
// attempt ask for: anonymous PROT_READ|PROT_WRITE|PROT_EXEC memory.
// Otherwise it does what libffi does with a temp file (dlmmap_locked):
// write one page to fd and map it PROT_READ|PROT_EXEC, MAP_SHARED. The
// error is that of the write or mmap; a failed munmap is only recorded.
func mapExecPage(fd int) ([]Step, error) {
	page := unix.Getpagesize()
	prot, flags, call := unix.PROT_READ|unix.PROT_WRITE|unix.PROT_EXEC, unix.MAP_PRIVATE|unix.MAP_ANON,
		"mmap(PROT_READ|PROT_WRITE|PROT_EXEC, MAP_PRIVATE|MAP_ANONYMOUS)"
	var steps []Step
	if fd >= 0 {
		prot, flags, call = unix.PROT_READ|unix.PROT_EXEC, unix.MAP_SHARED, "mmap(PROT_READ|PROT_EXEC, MAP_SHARED)"
		_, err := unix.Write(fd, make([]byte, page))
		steps = append(steps, step(fmt.Sprintf("write(%d bytes)", page), err, ""))
		if err != nil {
			return steps, err
		}
	}
	mem, err := unix.Mmap(fd, 0, page, prot, flags)
	steps = append(steps, step(call, err, ""))
	if err != nil {
		return steps, err
	}
	return append(steps, step("munmap", unix.Munmap(mem), "")), nil
}

func openTemp(dfd int) (fd int, method string, steps []Step, err error) {
	fd, err = unix.Openat(dfd, ".", unix.O_TMPFILE|unix.O_RDWR|unix.O_EXCL|unix.O_CLOEXEC, 0o700)
	steps = append(steps, step("open(O_TMPFILE)", err, ""))
	if err == nil {
		return fd, "O_TMPFILE", steps, nil
	}
	if !errors.Is(err, unix.EINVAL) && !errors.Is(err, unix.EISDIR) && !errors.Is(err, unix.EOPNOTSUPP) {
		return -1, "O_TMPFILE", steps, err
	}
	var rnd [6]byte
	_, _ = rand.Read(rnd[:])
	name := "hserr-doctor-" + hex.EncodeToString(rnd[:])
	fd, err = unix.Openat(dfd, name, unix.O_CREAT|unix.O_EXCL|unix.O_RDWR|unix.O_CLOEXEC, 0o700)
	steps = append(steps, step("open(O_CREAT|O_EXCL) "+name, err, ""))
	if err != nil {
		return -1, "mkostemp+unlink", steps, err
	}
	uerr := unix.Unlinkat(dfd, name, 0)
	steps = append(steps, step("unlink "+name, uerr, ""))
	return fd, "mkostemp+unlink", steps, nil
}

// fsTypeName names common statfs f_type magics (linux/magic.h).
func fsTypeName(t int64) string {
	switch uint32(t) {
	case unix.TMPFS_MAGIC:
		return "tmpfs"
	case unix.EXT4_SUPER_MAGIC:
		return "ext4"
	case unix.XFS_SUPER_MAGIC:
		return "xfs"
	case unix.BTRFS_SUPER_MAGIC:
		return "btrfs"
	case unix.OVERLAYFS_SUPER_MAGIC:
		return "overlay"
	case unix.NFS_SUPER_MAGIC:
		return "nfs"
	case unix.PROC_SUPER_MAGIC:
		return "proc"
	case unix.SYSFS_MAGIC:
		return "sysfs"
	case unix.SELINUX_MAGIC:
		return "selinuxfs"
	}
	return fmt.Sprintf("0x%x", uint32(t))
}

// describe renders a probe for the Observed column.
func (d *DirProbe) describe() string {
	var b strings.Builder
	b.WriteString(d.Path)
	switch {
	case d.ProbedAt != "":
		fmt.Fprintf(&b, " (missing; would be created under %s)", d.ProbedAt)
	case !d.Exists:
		b.WriteString(": does not exist")
		if d.Errno != "" && d.Errno != "ENOENT" {
			fmt.Fprintf(&b, " or cannot be reached: %s (%s)", d.Errno, d.Error)
		}
		return b.String()
	case d.Errno != "" && d.FSType == "":
		fmt.Fprintf(&b, ": %s (%s)", d.Errno, d.Error)
		return b.String()
	}
	fmt.Fprintf(&b, " [%s", d.FSType)
	if d.MountPoint != "" {
		fmt.Fprintf(&b, " on %s", d.MountPoint)
	}
	if d.Noexec {
		b.WriteString(", noexec")
	}
	if d.ReadOnly {
		b.WriteString(", ro")
	}
	if !d.Writable {
		b.WriteString(", not writable")
	}
	b.WriteString("]")
	if d.ExecOK {
		b.WriteString(" exec OK")
	} else if s := d.failedStep(); s != nil {
		fmt.Fprintf(&b, " %s: %s (%s)", s.Call, s.Errno, s.Error)
	}
	return b.String()
}

func (d *DirProbe) failedStep() *Step {
	for i := range d.Steps {
		if !d.Steps[i].OK {
			return &d.Steps[i]
		}
	}
	return nil
}
