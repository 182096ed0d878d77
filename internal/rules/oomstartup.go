package rules

import (
	"strings"
)

// Start-up resource failures: the address-space reservation (C9) and
// thread creation refused by a container's seccomp profile (C5).

func finiteAS(p *Pass) (string, bool) {
	for _, r := range p.Log.System.Rlimits {
		if r.Name == "AS" && r.Soft != "" && r.Soft != "infinity" && r.Soft != "unlimited" {
			return r.Soft, true
		}
	}
	return "", false
}

// VMReserve recognises vm-reserve-at-startup: the JVM could not reserve
// its heap/metaspace/class space under an address-space limit.
var VMReserve = &Rule{
	Class: "vm-reserve-at-startup", Doc: "reservation failure ('Could not reserve…', native OOM) with a finite rlimit AS",
	Requires: []*Fact{OOMFact},
	Run: func(p *Pass) []Finding {
		l := p.Log
		text, hasText := findText(p, "Could not reserve enough space", "Could not allocate metaspace", "Could not allocate compressed class space", "Unable to reserve")
		as, limited := finiteAS(p)
		if !hasText && !(limited && isNativeOOM(l)) {
			return nil
		}
		var ev Ev
		ev.Add(l.Header.ErrorLine, text)
		var why []string
		conf := 0.6
		if hasText {
			why = append(why, "The JVM could not reserve address space for its heap or class metadata (line "+itoa(text.N)+": \""+strings.TrimSpace(strings.TrimLeft(text.Text, "# "))+"\").")
		} else {
			if l.Header.OOM != nil {
				ev.Add(l.Header.OOM.Line)
			}
			why = append(why, "The JVM failed a native allocation"+oomPurpose(p)+".")
		}
		if limited {
			conf = 0.85
			ev.Add(l.System.RlimitLine)
			why = append(why, "The process has an address-space limit, rlimit AS "+as+" (line "+itoa(l.System.RlimitLine.N)+"): reserving the heap, the 1 GiB compressed class space and thread stacks counts against it even before any memory is used.")
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     "The JVM could not reserve its heap/metaspace address space (address-space limit).",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{byOS(l, "Remove the address-space limit (ulimit -v unlimited; systemd LimitAS=infinity) or raise it well above -Xmx + 2 GiB.",
				"Remove the address-space limit (ulimit -v unlimited) or raise it well above -Xmx + 2 GiB.",
				"Free address space: close other processes' large reservations, enlarge the page file, and on a 32-bit JVM keep -Xmx well under 1.5 GiB.",
				"Remove or raise the process's address-space limit well above -Xmx + 2 GiB."),
				"Or shrink the reservations: smaller -Xmx, -XX:CompressedClassSpaceSize=256m, -XX:ReservedCodeCacheSize.",
				"On a 32-bit JVM: move to a 64-bit JDK."}}}
	},
}

func oomPurpose(p *Pass) string {
	if o := Get[*OOM](p, OOMFact); o != nil {
		return " of " + o.request() + purpose(o)
	}
	return ""
}

// PthreadEPERM recognises pthread-eperm-seccomp: thread creation refused
// with EPERM, or a GC thread that cannot be created inside a container
// whose image has glibc >= 2.34 (clone3) on a host with memory to spare.
var PthreadEPERM = &Rule{
	OS:    OnLinux, // glibc clone3 under a container seccomp profile
	Class: "pthread-eperm-seccomp", Doc: "pthread_create failed (EPERM), or 'Cannot create GC thread' in a container with glibc >= 2.34",
	Run: func(p *Pass) []Finding {
		l := p.Log
		var ev Ev
		var why []string
		conf := 0.0
		if ln, ok := findText(p, "pthread_create failed (EPERM)"); ok {
			conf = 0.9
			ev.Add(ln)
			why = append(why, "pthread_create failed with EPERM (line "+itoa(ln.N)+"): not a resource limit (that is EAGAIN) but a refused system call.")
		}
		hl, thread := headerMatch(l, "Cannot create GC thread", "Cannot create worker GC thread")
		if thread {
			ev.Add(hl)
		}
		if thread && len(l.System.Container) > 0 {
			if l.System.Glibc.AtLeast(2, 34) {
				c := 0.7
				if n := len(l.Process.Threads); n > 0 && n < 30 {
					c = 0.82 // at start-up, where a seccomp refusal strikes, not after a thread leak
				}
				conf = max(conf, c)
				ev.Add(l.System.Libc, p.KVLine(l.System.Container[0]))
				why = append(why, "The JVM could not create a GC thread (line "+itoa(hl.N)+") inside a container (line "+itoa(l.System.Container[0].Line)+") whose C library is "+strings.TrimSpace(l.System.Libc.Text)+": glibc 2.34+ creates threads with clone3, and container runtimes with an old seccomp profile answer the unknown syscall with EPERM instead of ENOSYS, so glibc never falls back to clone.")
			}
		}
		if conf == 0 {
			return nil
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     "The container's seccomp profile blocks clone3, so the JVM cannot start threads (EPERM).",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Upgrade the container runtime: Docker >= 20.10.10, libseccomp >= 2.5.2, a current runc/containerd/Podman.",
				"Or run with an updated seccomp profile (last resort: --security-opt seccomp=unconfined), or use an image with glibc < 2.34."},
			Caveats: []string{"hs_err does not print errno for thread creation; without the EPERM warning line this reading rests on glibc version + container + the failure at thread start."}}}
	},
}
