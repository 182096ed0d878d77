package doctor

import (
	"fmt"
	"path"
	"strings"
)

func (r *run) jvmChecks() []Check {
	out := []Check{r.checkJavaTmpdir(), r.checkJNA()}
	for _, l := range nativeLibs {
		out = append(out, r.checkLib(l))
	}
	return out
}

// dirCheck turns a probe into a check: pass when exec-capable, otherwise
// bad (warn for a default the app may never use, fail for a directory that
// was configured on purpose).
func dirCheck(c Check, d *DirProbe, bad Status, what string) Check {
	c.Dir = d
	c.Observed = d.describe()
	c.Errno, c.Error = d.Errno, d.Error
	if d.ExecOK && (d.Writable || !d.Exists) {
		c.Status = Pass
		return c
	}
	c.Status = bad
	c.Why = what + " cannot hold a loadable .so here: System.load fails with " +
		"UnsatisfiedLinkError \"failed to map segment from shared object\"."
	c.Remedy = dirRemedy(d)
	return c
}

func (r *run) checkJavaTmpdir() Check {
	c := Check{ID: "jvm.java.io.tmpdir", Title: "java.io.tmpdir (default unpack dir of most native libraries)"}
	dir := r.cx.javaTmpdir()
	c = dirCheck(c, r.probe.dir(dir), Warn, "java.io.tmpdir")
	if src, ok := r.cx.JVM.Source["java.io.tmpdir"]; ok {
		c.Observed = "set by " + src + ": " + c.Observed
	} else {
		c.Observed = "default: " + c.Observed
	}
	if c.Status != Pass {
		c.Remedy = "-Djava.io.tmpdir=<dir on a mount without noexec, writable by the service user>; " + c.Remedy
	}
	return c
}

// jnaDir is where JNA 5.x unpacks libjnidispatch.so (Native.getTempDir):
// jna.tmpdir; else $XDG_CACHE_HOME/JNA/temp or ~/.cache/JNA/temp when it
// exists or can be created and is writable; else java.io.tmpdir.
func (r *run) jnaDir() (why string, d *DirProbe) {
	if v, ok := r.cx.prop("jna.tmpdir"); ok {
		return "jna.tmpdir", r.probe.dirOrAncestor(v)
	}
	cache := path.Join(r.cx.userHome(), ".cache", "JNA", "temp")
	src := "~/.cache/JNA/temp"
	if x := r.cx.Env["XDG_CACHE_HOME"]; x != "" {
		cache, src = path.Join(x, "JNA", "temp"), "$XDG_CACHE_HOME/JNA/temp"
	}
	if d := r.probe.dirOrAncestor(cache); d.Writable {
		return src, d
	}
	tmp := r.cx.javaTmpdir()
	return src + " not writable, falls back to java.io.tmpdir", r.probe.dir(tmp)
}

func (r *run) checkJNA() Check {
	c := Check{ID: "jvm.jna", Title: "JNA unpack dir for libjnidispatch.so"}
	why, d := r.jnaDir()
	bad := Warn
	if why == "jna.tmpdir" {
		bad = Fail
	}
	c = dirCheck(c, d, bad, "JNA")
	c.Observed = why + ": " + c.Observed
	if v, ok := r.cx.prop("jna.boot.library.path"); ok {
		c.Observed += "; jna.boot.library.path=" + v + " is tried first"
	}
	if c.Status != Pass {
		c.Remedy = "-Djna.tmpdir=<dir on an exec mount, writable by the service user> (JNA 4.x unpacks to " +
			"${java.io.tmpdir}/jna-<n> instead); " + c.Remedy
	}
	return c
}

func (r *run) checkLib(l nativeLib) Check {
	c := Check{ID: "jvm.lib." + l.ID, Title: l.Name + " unpack dir"}
	if l.Env != "" {
		if v, ok := r.cx.env(l.Env); ok && v != "" {
			return r.configuredLib(c, l, "$"+l.Env, v)
		}
	}
	for _, p := range l.Props {
		if v, ok := r.cx.prop(p); ok && v != "" {
			if l.PropIsFile {
				v = path.Dir(v)
			}
			return r.configuredLib(c, l, "-D"+p, v)
		}
	}
	dir, src := r.defaultDir(l)
	c = dirCheck(c, r.probe.dirOrAncestor(dir), Warn, l.Name)
	knobs := "nothing set"
	if len(l.Props) > 0 {
		knobs = strings.Join(l.Props, ", ") + " not set"
	}
	c.Observed = fmt.Sprintf("%s; uses %s: %s", knobs, src, c.Observed)
	if c.Status != Pass {
		// The directory itself is explained by jvm.java.io.tmpdir; here only
		// the library's own knob is news.
		c.Why = "the default unpack dir cannot map PROT_EXEC: if the app uses this library, System.load fails (UnsatisfiedLinkError)."
		c.Remedy = "only if the app uses " + l.Name + ": " + l.Remedy + " with an exec-capable dir writable by the service user, or fix java.io.tmpdir."
	}
	return c
}

func (r *run) configuredLib(c Check, l nativeLib, knob, dir string) Check {
	c = dirCheck(c, r.probe.dirOrAncestor(dir), Fail, l.Name)
	c.Observed = knob + ": " + c.Observed
	if c.Status != Pass {
		c.Remedy = "point " + knob + " at an exec-capable directory writable by the service user. " + c.Remedy
	}
	return c
}

// defaultDir is where l unpacks when nothing is set, and the text that
// names it (see nativeLib.Defaults).
func (r *run) defaultDir(l nativeLib) (dir, src string) {
	if len(l.Defaults) == 0 {
		return r.cx.javaTmpdir(), "java.io.tmpdir"
	}
	for _, src = range l.Defaults {
		dir = r.cx.expandDir(src)
		if r.probe.dirOrAncestor(dir).Writable {
			break
		}
	}
	return dir, src
}
