package procfs

import (
	"strconv"
	"strings"
)

// Mount is one line of /proc/<pid>/mountinfo (proc(5)).
type Mount struct {
	ID         int      `json:"id"`
	Parent     int      `json:"parent"`
	Root       string   `json:"root"`        // root of the mount within its filesystem
	MountPoint string   `json:"mount_point"` // relative to the reading process's root
	Options    []string `json:"options"`     // per-mount options: rw, noexec, nosuid...
	FSType     string   `json:"fs_type"`
	Source     string   `json:"source"`
	SuperOpts  []string `json:"super_options"`
}

// Has reports whether the per-mount options contain opt (e.g. "noexec").
func (m Mount) Has(opt string) bool {
	for _, o := range m.Options {
		if o == opt {
			return true
		}
	}
	return false
}

// ParseMountinfo parses mountinfo text. Lines with too few fields or without
// the " - " separator are skipped.
func ParseMountinfo(data []byte) []Mount {
	var out []Mount
	for _, line := range strings.Split(string(data), "\n") {
		if m, ok := parseMountLine(line); ok {
			out = append(out, m)
		}
	}
	return out
}

func parseMountLine(line string) (Mount, bool) {
	fields := strings.Fields(line)
	// Optional fields end at a lone "-"; at least 6 fields precede it and 3
	// follow (fstype, source, super options).
	sep := -1
	for i := 6; i < len(fields); i++ {
		if fields[i] == "-" {
			sep = i
			break
		}
	}
	if sep < 0 || len(fields) < sep+3 {
		return Mount{}, false
	}
	id, err1 := strconv.Atoi(fields[0])
	parent, err2 := strconv.Atoi(fields[1])
	if err1 != nil || err2 != nil {
		return Mount{}, false
	}
	m := Mount{
		ID:         id,
		Parent:     parent,
		Root:       Unescape(fields[3]),
		MountPoint: Unescape(fields[4]),
		Options:    strings.Split(fields[5], ","),
		FSType:     fields[sep+1],
		Source:     Unescape(fields[sep+2]),
	}
	if len(fields) > sep+3 {
		m.SuperOpts = strings.Split(fields[sep+3], ",")
	}
	return m, true
}

// Unescape undoes the kernel's octal escaping of space, tab, newline and
// backslash (\040, \011, \012, \134) in mount paths.
func Unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+4 <= len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ByID returns the mount with the given mount ID (as reported by statx
// STATX_MNT_ID), if present.
func ByID(mounts []Mount, id int) (Mount, bool) {
	for _, m := range mounts {
		if m.ID == id {
			return m, true
		}
	}
	return Mount{}, false
}

// FSTypeMounted reports whether any mount has the given filesystem type.
func FSTypeMounted(mounts []Mount, fstype string) (Mount, bool) {
	for _, m := range mounts {
		if m.FSType == fstype {
			return m, true
		}
	}
	return Mount{}, false
}
