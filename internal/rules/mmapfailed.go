package rules

import (
	"fmt"
	"strings"
)

// MmapFailed recognises unchecked-mmap-failed: the fault address is -1
// (MAP_FAILED) or a small offset from it.
var MmapFailed = &Rule{
	Class:    "unchecked-mmap-failed",
	Doc:      "fault at 0xffff…ffff (-1 = MAP_FAILED) or a small offset from it",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		st := Get[*Stack](p, StackFact)
		if sig.Class != AddrAllOnes && sig.Class != AddrNearAllOnes {
			return nil
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
		users := append(append(st.Tagged("ffm"), st.Tagged("unsafe")...), st.Tagged("copy-stub")...)
		if len(users) > 0 {
			conf += 0.25
			for i, f := range users {
				if i < 4 {
					ev.Add(f.Line)
				}
			}
			why = append(why, fmt.Sprintf("The access came from Java off-heap code: %s. The address was handed to the JVM as a segment/pointer and the copy or load faulted on it: the VM trusts such addresses completely.", strings.TrimSpace(users[0].FrameText())))
		}
		if len(users) == 0 && st.TopLib.Kind == "jvm" {
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
		if st.Has("ffm") {
			why = append(why, "With the FFM API (Panama) the -1 typically comes from a downcall to mmap/syscall(memfd_secret…) whose result was wrapped in a MemorySegment without checking it against -1 and reading errno (__errno_location/strerror): e.g. memfd_secret returning -1/ENOSYS, then mmap on fd -1 returning MAP_FAILED.")
		} else {
			why = append(why, "The code that obtained the pointer did not compare it with MAP_FAILED (-1) and did not read errno before using it.")
		}
		return []Finding{{
			Role: RootCause, Confidence: conf,
			Summary:     "A failed mmap result (MAP_FAILED = -1) was used as a pointer: the return value and errno were never checked.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{
				"Check every mmap/shmat/syscall result against -1 (MAP_FAILED) before use; on failure read errno (FFM: capture it with Linker.Option.captureCallState(\"errno\"), or call __errno_location) and report strerror(errno).",
				"Check the calls before it too (memfd_create/memfd_secret/open returning -1, ftruncate failing): a -1 fd makes the following mmap fail.",
				"For memfd_secret: ENOSYS means kernel < 5.14, CONFIG_SECRETMEM off, or secretmem disabled (default off before Linux 6.5: boot with secretmem.enable=1); EAGAIN from mmap means RLIMIT_MEMLOCK is too small. `hserr doctor` can probe this host.",
			},
		}}
	},
}
