package rules

import (
	"fmt"
	"github.com/hserr/hserr/internal/fault"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// MmapFailed recognises unchecked-mmap-failed: the fault address is -1
// (MAP_FAILED) or a small offset from it.
var MmapFailed = &Rule{
	OS:       OnPOSIX, // MAP_FAILED is mmap's; on Windows an access violation at -1 is also how a general-protection fault is reported
	Class:    "unchecked-mmap-failed",
	Doc:      "fault at 0xffff…ffff (-1 = MAP_FAILED) or a small offset from it, not NULL minus an offset",
	Requires: []*Fact{SigFact, StackFact, FaultFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		st := Get[*Stack](p, StackFact)
		if sig.Class != AddrAllOnes && sig.Class != AddrNearAllOnes {
			return nil
		}
		if nullBase(p) {
			return nil // NULL minus an offset ([fp-16] with fp 0): no -1 was ever returned
		}
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line)
		conf := 0.6
		why := []string{fmt.Sprintf("The fault address is %s. No allocator hands out that address; it is what mmap returns on failure (MAP_FAILED is (void *)-1), and what shmat and many syscall wrappers return as an error.", DescribeAddr(sig))}
		if sig.Code == "SEGV_MAPERR" {
			why = append(why, "si_code SEGV_MAPERR: nothing is mapped there, as expected for the top of the address space.")
		}
		// Where the -1 was used: Java off-heap access or a native caller.
		chain, app := offheapChain(st)
		if len(chain) > 0 {
			conf += 0.25
			var names []string
			for _, f := range chain {
				ev.Add(f.Line)
				names = append(names, shortFrame(f))
			}
			s := "The access came from Java off-heap code, innermost first: " + strings.Join(names, " ← ") + "."
			if app != nil {
				ev.Add(app.Line)
				s += " The application call that started it: " + shortFrame(*app) + " (line " + itoa(app.Line.N) + ")."
			}
			why = append(why, s+" The address was handed to the JVM as a segment/pointer and the copy faulted on it: the VM trusts such addresses completely.")
		}
		if len(chain) == 0 && st.TopLib.Kind == "jvm" {
			conf = 0.45 // -1 inside VM code with no off-heap caller: corruption is as likely
		}
		if calls := st.Tagged("mmap-call"); len(calls) > 0 {
			ev.Add(calls[0].Line)
			conf += 0.05
			why = append(why, "A frame on the stack calls "+strings.TrimSpace(calls[0].FrameText())+", the call whose result went unchecked.")
		} else if st.Foreign != nil {
			ev.Add(st.Foreign.Line)
			why = append(why, "The native frame that produced the pointer is likely "+strings.TrimSpace(st.Foreign.FrameText())+".")
		}
		switch {
		case app != nil && strings.Contains(app.Text, "memfd_secret"):
			why = append(why, "The application method is a memfd_secret caller. The sequence that produces exactly this crash: memfd_secret returned -1 (errno ENOSYS when the kernel is older than 5.14, lacks CONFIG_SECRETMEM, or was booted without secretmem.enable=1, which is needed before Linux 6.5) and the -1 was not checked; ftruncate(-1, …) failed; mmap(…, fd=-1, …) returned MAP_FAILED, i.e. -1, and that was not checked either; the -1 was wrapped in a MemorySegment, and the first copy into it faulted at 0xffffffffffffffff.")
		case st.Has("ffm"):
			s := "With the FFM API (Panama) the -1 typically comes from a downcall to mmap/syscall whose result was wrapped in a MemorySegment without comparing it with -1 and reading errno"
			if p.Log.OS() == "linux" {
				s += " (__errno_location/strerror): e.g. memfd_secret returning -1/ENOSYS, then mmap on fd -1 returning MAP_FAILED"
			}
			why = append(why, s+".")
		default:
			why = append(why, "The code that obtained the pointer did not compare it with MAP_FAILED (-1) and did not read errno before using it.")
		}
		return []Finding{{
			Role: RootCause, Confidence: conf,
			Summary:     "A failed mmap result (MAP_FAILED = -1) was used as a pointer: the return value and errno were never checked.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: mmapRemedies(p.Log),
		}}
	},
}

// offheapChain returns the distinct off-heap frames (copy stubs, Unsafe,
// ScopedMemoryAccess, FFM) from the top down, and the first application
// Java frame below them: who carried the address and who asked for it.
func offheapChain(st *Stack) ([]modelFrame, *modelFrame) {
	all := append([]modelFrame{}, st.Frames...)
	if len(all) == 0 && st.HasTop {
		all = append(all, st.Top)
	}
	all = append(all, st.Java...)
	var chain []modelFrame
	seen := map[string]bool{}
	last := -1
	for i, f := range all {
		tags := FrameTags(f)
		hit := false
		for _, t := range tags {
			hit = hit || t == "ffm" || t == "unsafe" || t == "copy-stub"
		}
		if !hit {
			continue
		}
		last = i
		if k := shortFrame(f); !seen[k] {
			seen[k] = true
			chain = append(chain, f)
		}
	}
	for i := last + 1; last >= 0 && i < len(all); i++ {
		f := all[i]
		if (f.Kind == "j" || f.Kind == "J") && !strings.HasPrefix(f.Method, "java.") && !strings.HasPrefix(f.Method, "jdk.") && !strings.HasPrefix(f.Method, "sun.") {
			return chain, &all[i]
		}
	}
	return chain, nil
}

// shortFrame names a frame without its signature: "Unsafe.copyMemory0",
// "Unsafe_CopyMemory0", "~StubRoutines::jbyte_disjoint_arraycopy".
func shortFrame(f modelFrame) string {
	switch {
	case f.Method != "":
		m, _, _ := strings.Cut(f.Method, "(")
		if parts := strings.Split(m, "."); len(parts) >= 2 {
			return parts[len(parts)-2] + "." + parts[len(parts)-1]
		}
		return m
	case f.Stub != "":
		return f.Stub
	case f.Symbol != "":
		return f.Symbol
	}
	return strings.TrimSpace(f.FrameText())
}

// mmapRemedies: checking mmap's result holds on every POSIX system; the
// memfd_secret and `hserr doctor` steps only on Linux, where they exist.
func mmapRemedies(l *model.Log) []string {
	r := []string{
		"Check every mmap/shmat/syscall result against -1 (MAP_FAILED) before use; on failure read errno (FFM: capture it with Linker.Option.captureCallState(\"errno\")) and report strerror(errno).",
		"Check the calls before it too (open/shm_open returning -1, ftruncate failing): a -1 fd makes the following mmap fail.",
	}
	if l.OS() != "linux" {
		return r
	}
	r[1] = "Check the calls before it too (memfd_create/memfd_secret/open returning -1, ftruncate failing): a -1 fd makes the following mmap fail."
	return append(r,
		"For memfd_secret: it needs Linux 5.14+ with CONFIG_SECRETMEM, and before Linux 6.5 the boot option secretmem.enable=1; ENOSYS means one of these is missing, EAGAIN from mmap means RLIMIT_MEMLOCK is too small.",
		"Run `hserr doctor` on the host to check memfd_secret/secretmem support and the memlock limit.")
}

// nullBase: the decoded faulting access has a base register holding 0, so
// a near-all-ones address is NULL plus a negative displacement (a cleared
// frame pointer, a NULL struct read backwards), not MAP_FAILED.
func nullBase(p *Pass) bool {
	fa := Get[*fault.Analysis](p, FaultFact)
	if fa == nil {
		return false
	}
	for _, r := range fa.Registers {
		if r.Role == "base" && r.HasValue && r.Value == 0 {
			return true
		}
	}
	return false
}
