package doctor

import (
	"path"
	"strings"

	"github.com/hserr/hserr/internal/doctor/procfs"
)

// probeContext is everything the probes need to describe the target's view.
// The parent resolves it (as root if need be) and hands it to the probe
// process as JSON, so a probe re-executed as a service user does not need
// rights on the target process.
type probeContext struct {
	Info   ContextInfo             `json:"info"`
	Env    map[string]string       `json:"env"`
	JVM    procfs.JVMArgs          `json:"jvm"`
	Limits map[string]procfs.Limit `json:"limits"`
	Status map[string]string       `json:"status"` // target's /proc/PID/status
	Mounts []procfs.Mount          `json:"mounts"` // target's mountinfo
	Home   string                  `json:"home"`   // passwd home of the target user (user.home)
	// JVMUser/JVMUID own the target JVM (the --pid owner, else the probe
	// user): hsperfdata_<user> and .javacpp-<user> are named after them.
	JVMUser  string            `json:"jvm_user"`
	JVMUID   int               `json:"jvm_uid"`
	Cwd      string            `json:"cwd"`      // target's working directory, for display
	Label    map[string]string `json:"label"`    // LSM -> process label
	Explicit bool              `json:"explicit"` // --user or --pid given
}

// env returns an environment variable of the target and whether it is set.
func (c *probeContext) env(k string) (string, bool) {
	v, ok := c.Env[k]
	return v, ok
}

// prop returns a -D system property of the target JVM.
func (c *probeContext) prop(k string) (string, bool) {
	v, ok := c.JVM.Props[k]
	return v, ok
}

// javaTmpdir is java.io.tmpdir: on Linux it defaults to P_tmpdir (/tmp) and
// does not follow $TMPDIR.
func (c *probeContext) javaTmpdir() string {
	if v, ok := c.prop("java.io.tmpdir"); ok && v != "" {
		return v
	}
	return "/tmp"
}

// userHome is user.home: the JVM takes it from the passwd entry, not $HOME.
func (c *probeContext) userHome() string {
	if v, ok := c.prop("user.home"); ok && v != "" {
		return v
	}
	if c.Home != "" {
		return c.Home
	}
	return c.Env["HOME"]
}

// expandDir resolves a directory template of the library table: a leading
// "~/" is user.home, ${java.io.tmpdir} is java.io.tmpdir, <user> is the
// JVM's user.
func (c *probeContext) expandDir(t string) string {
	if rest, ok := strings.CutPrefix(t, "~/"); ok {
		return path.Join(c.userHome(), rest)
	}
	return path.Clean(strings.NewReplacer("${java.io.tmpdir}", c.javaTmpdir(), "<user>", c.JVMUser).Replace(t))
}
