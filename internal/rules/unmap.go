package rules

import "strings"

// UnmapUse recognises mmap-use-after-unmap: a SIGSEGV (not SIGBUS) in a
// mapped-buffer reader at an address no mapping covers any more: the file
// mapping was released (forced unmap) while still in use.
var UnmapUse = &Rule{
	OS:    OnPOSIX, // reads SIGSEGV/SEGV_MAPERR in a hole of the /proc memory map
	Class: "mmap-use-after-unmap", Doc: "SIGSEGV in a mapped-buffer reader (MappedByteBuffer, index files) at an unmapped address",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		st := Get[*Stack](p, StackFact)
		if !unmapCandidate(sig, st) {
			return nil
		}
		mapped := st.Tagged("mapped")
		unmap := st.Tagged("force-unmap")
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line)
		conf := 0.6
		var why []string
		if len(mapped) > 0 {
			ev.Add(mapped[0].Line)
			why = append(why, "The access is a read of a memory-mapped file's buffer ("+strings.TrimSpace(mapped[0].FrameText())+").")
		}
		if len(unmap) > 0 {
			conf += 0.1
			ev.Add(unmap[0].Line)
			why = append(why, "The stack unmaps a buffer explicitly ("+strings.TrimSpace(unmap[0].FrameText())+"): forced unmapping removes Java's guarantee that a mapping outlives its last user.")
		}
		if sig.Class == AddrUnmapped {
			conf += 0.1
			why = append(why, "The fault address is "+DescribeAddr(sig)+": SEGV_MAPERR in a hole of the memory map, where the file mapping was. A truncated file would give SIGBUS instead.")
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     "A memory-mapped buffer was read after its mapping was released (forced unmap while another thread still used it).",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Upgrade the library that force-unmaps (Kafka, Lucene, ClassGraph, Chronicle): its close/roll races with readers.",
				"Synchronise close() with readers, or disable forced unmapping and let the GC release mappings."}}}
	},
}

// unmapCandidate: a SIGSEGV off the sentinels and outside any mapping,
// with a mapped-file reader or a forced unmap on the stack. The Unsafe
// rule steps aside for it: a mapped buffer is the more specific reading.
func unmapCandidate(sig *Sig, st *Stack) bool {
	if sig.Name != "SIGSEGV" && sig.Name != "EXCEPTION_ACCESS_VIOLATION" {
		return false
	}
	switch sig.Class {
	case AddrNull, AddrNearNull, AddrAllOnes, AddrNearAllOnes, AddrStackGuard, AddrMapped:
		return false
	}
	return st.Has("mapped") || st.Has("force-unmap")
}
