package rules

import (
	"fmt"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// A library built against glibc and loaded by musl's dynamic linker keeps
// the relocations musl does not process (IRELATIVE for glibc's ifuncs,
// versioned or missing symbols): its GOT slot holds the unrelocated value,
// an offset inside the library, and the first call through it jumps to
// that small number. A pc in the first megabytes of the address space (not
// the NULL page, which a NULL function pointer would hit) is that
// signature. A crash inside musl itself is not: a musl JDK runs on musl.
const (
	nullPage    uint64 = 0x1000
	unrelocated uint64 = 16 << 20
)

// MuslMismatch recognises musl-glibc-mismatch.
var MuslMismatch = &Rule{
	Class: "musl-glibc-mismatch", Doc: "a jump to an unrelocated small pc from native code, a root cause only with musl (ld-musl, Alpine) in the log",
	OS:       OnLinux,
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		l := p.Log
		st := Get[*Stack](p, StackFact)
		if !l.Header.HasPC || l.Header.PC < nullPage || l.Header.PC >= unrelocated || !nativeTop(st) {
			return nil
		}
		m, musl := muslSign(l, st)
		if !musl && glibcSign(l, st) {
			return nil // the process runs on glibc: a small pc is some other wild jump
		}
		sig := Get[*Sig](p, SigFact)
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line)
		pc := fmt.Sprintf("%#x", l.Header.PC)
		var why []string
		// A frame whose library offset exceeds the pc cannot hold the pc
		// (its library would start below address 0): HotSpot printed the
		// caller, found through the return address.
		inNoLib := st.Top.Library == "" || (st.Top.HasLibOffset && st.Top.LibOffset > l.Header.PC)
		if inNoLib {
			why = append(why, "The pc, "+pc+", is a small number in no library: the jump of a call through a relocation the dynamic linker never applied, which is what a glibc-built library does under musl's linker (glibc-only IRELATIVE/ifunc and versioned symbols stay unresolved).")
		} else {
			// A frame that names a library at a small pc is a library mapped
			// low (a non-PIE executable, a 32-bit process): the pc alone is
			// no unrelocated jump.
			why = append(why, "The pc, "+pc+", is a small number; the log places it in "+st.Top.Library+", so it may be code mapped at a low address (a non-PIE executable) rather than an unrelocated jump.")
		}
		if st.Foreign != nil {
			ev.Add(st.Foreign.Line)
			why = append(why, "The native library on the stack is "+strings.TrimSpace(st.Foreign.FrameText())+".")
		}
		// Without musl in the log a small pc is a wild jump of any kind: a
		// candidate, never a verdict.
		conf := 0.4
		if musl {
			conf = 0.8
			if !inNoLib {
				// code of a named library at a low address (a non-PIE
				// executable) runs on musl as well: musl alone is not enough
				conf = 0.45
			}
			ev.Add(m)
			why = append(why, "The process runs on musl libc (line "+itoa(m.N)+"): "+strings.TrimSpace(m.Text))
		} else {
			why = append(why, "The log does not show which C library the process runs on; the reading holds only if it runs on musl (Alpine, distroless-musl images), and the log shows no sign of musl.")
		}
		summary := "A native library built for glibc jumped to an unrelocated address: it runs on musl (Alpine), which cannot resolve it."
		if conf < Threshold {
			summary = "Native code jumped to a small address; an unresolved glibc relocation under musl would explain it, which the log does not show."
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     summary,
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Use the library's musl (linux-musl / alpine) build, or a glibc base image (Debian, Ubuntu, UBI) for this application.",
				"Netty tcnative, RocksDB, SQLite-JDBC and similar ship separate musl builds: select the musl classifier.",
				"Do not add glibc compatibility shims (gcompat, libc6-compat) as a fix: they cover symbols, not relocations."}}}
	},
}

// nativeTop: the problematic frame is native code: a C frame, in a library
// or at a bare address.
func nativeTop(st *Stack) bool {
	return st.HasTop && (st.Top.Kind == "C" || st.Top.Kind == "")
}

// muslSign finds musl in the log: ld-musl mapped or on the stack, an
// Alpine OS line, or a musl libc line.
func muslSign(l *model.Log, st *Stack) (model.Line, bool) {
	for _, m := range l.Process.Libraries {
		if strings.Contains(m.Path, "ld-musl-") || strings.Contains(m.Path, "libc.musl-") {
			return mappingLine(m), true
		}
	}
	for _, f := range st.Frames {
		if strings.HasPrefix(f.Library, "ld-musl-") {
			return f.Line, true
		}
	}
	for _, ln := range append([]model.Line{l.Summary.Host, l.System.Libc}, l.System.OS...) {
		if strings.Contains(ln.Text, "Alpine") || strings.Contains(ln.Text, "musl") {
			return ln, true
		}
	}
	return model.Line{}, false
}

// glibcSign: the log shows the process on glibc (the libc line's version,
// glibc's libc.so.6 or ld-linux loader mapped or on the stack).
func glibcSign(l *model.Log, st *Stack) bool {
	if l.System.Glibc.Major > 0 {
		return true
	}
	for _, m := range l.Process.Libraries {
		if strings.HasSuffix(m.Path, "/libc.so.6") || strings.Contains(m.Path, "/ld-linux") {
			return true
		}
	}
	// glibc's own dynamic loader (ld-linux-x86-64.so.2, ld-linux-aarch64.so.1)
	// on the stack: musl's loader is ld-musl.
	for _, f := range st.Frames {
		if strings.HasPrefix(f.Library, "ld-linux") || strings.HasPrefix(f.Library, "libc.so.6") {
			return true
		}
	}
	if st.HasTop && (strings.HasPrefix(st.Top.Library, "ld-linux") || strings.HasPrefix(st.Top.Library, "libc.so.6")) {
		return true
	}
	return false
}
