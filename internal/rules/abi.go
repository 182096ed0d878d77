package rules

import "strings"

// ABITooNew recognises native-lib-abi-too-new: the dynamic loader crashes
// (old glibc dividing by an empty SysV hash table of a GNU-hash-only
// library) or the log names a missing GLIBC_x.y symbol version.
var ABITooNew = &Rule{
	OS:    OnLinux, // glibc symbol versions
	Class: "native-lib-abi-too-new", Doc: "SIGFPE in ld.so do_lookup_x while loading a library, or \"version `GLIBC_…' not found\"",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		st := Get[*Stack](p, StackFact)
		var ev Ev
		var why []string
		role, conf := Factor, 0.0
		if sig.Name == "SIGFPE" && st.HasTop && strings.HasPrefix(st.Top.Symbol, "do_lookup_x") {
			role, conf = RootCause, 0.85
			ev.Add(sig.Lines...)
			ev.Add(st.Top.Line)
			why = append(why, "SIGFPE (integer division) in the dynamic loader's symbol lookup "+strings.TrimSpace(st.Top.FrameText())+": an old glibc looks symbols up through the SysV hash table and divides by its bucket count, which is zero in a library linked with --hash-style=gnu on a newer toolchain.")
		}
		// the message alone is also what a healthy JVM logs when an optional
		// native library fails to load and the code falls back (Netty's
		// epoll, say): it counts only when the crash is in that loading
		if ln, ok := findText(p, "' not found (required by", "GLIBC_2."); ok && strings.Contains(ln.Text, "GLIBC_") && loadingCrash(st, ln.Text) {
			conf = max(conf, 0.6)
			ev.Add(ln)
			why = append(why, "The log names a missing glibc symbol version (line "+itoa(ln.N)+"): a native library was built against a newer glibc than this host has.")
		}
		if conf == 0 {
			return nil
		}
		if lc := p.Log.System.Libc; lc.N > 0 {
			ev.Add(lc)
			why = append(why, "The host's C library: "+strings.TrimSpace(lc.Text)+".")
		}
		return []Finding{{Role: role, Confidence: conf,
			Summary:     "A native library needs a newer glibc/dynamic loader than this host has.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Use a build of the library for this OS's glibc baseline (many projects ship a manylinux/centos7 build), or upgrade the OS.",
				"Find the library being loaded in the frames above the loader (System.load / NativeLibraries.load)."}}}
	},
}

// loadingCrash: the crashing stack is loading a native library (the
// dynamic loader, or System.load/loadLibrary), or runs the library that
// the loader message names ("(required by /path/libx.so)").
func loadingCrash(st *Stack, msg string) bool {
	lib := ""
	if _, after, ok := strings.Cut(msg, "(required by "); ok {
		lib = libBase(strings.TrimRight(firstWord(after), "),"))
	}
	for i := range st.frameCount() {
		f := st.frame(i)
		t := f.Symbol + " " + f.Method
		if strings.HasPrefix(f.Symbol, "_dl_") || strings.HasPrefix(f.Symbol, "dl_open") || strings.HasPrefix(f.Symbol, "do_lookup") ||
			strings.Contains(t, "NativeLibraries.load") || strings.Contains(t, "NativeLibrary.load") || strings.Contains(t, "System.load") || strings.Contains(t, "Runtime.load") ||
			(lib != "" && libBase(f.Library) == lib) {
			return true
		}
	}
	return false
}
