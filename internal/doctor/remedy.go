package doctor

import (
	"path"
	"strings"
)

func cleanPath(p string) string { return path.Clean(p) }

// dirRemedy says how to fix a directory that failed its exec probe, from
// the step that failed.
func dirRemedy(d *DirProbe) string {
	switch {
	case !d.Exists && d.ProbedAt == "":
		return "create it (owned by the service user) on a mount without noexec, or point the setting elsewhere."
	case d.Noexec:
		mp := d.MountPoint
		if mp == "" {
			mp = d.Path
		}
		return "the mount " + mp + " is noexec: use a directory on another mount, or `mount -o remount,exec " + mp + "` (and drop noexec from /etc/fstab)."
	case d.ReadOnly:
		return "the mount is read-only: use a writable directory."
	case !d.Writable:
		return "not writable by this user: chown it to the service user or choose a directory it owns."
	case strings.HasPrefix(d.Errno, "EACCES"):
		return "EACCES on mmap(PROT_EXEC) with no noexec mount means an LSM denial: SELinux (file execute on the directory's type) or AppArmor (missing 'm' permission)."
	}
	return "choose another directory."
}
