package rules

import (
	"fmt"
	"strings"
)

// Rules for Java-side memory access faults: mapped files, Unsafe, stacks.

// SigbusMapped: SIGBUS on a file-backed mapping.
var SigbusMapped = &Rule{
	OS:    OnPOSIX, // SIGBUS; Windows reports EXCEPTION_IN_PAGE_ERROR (windows-in-page-error)
	Class: "sigbus-mapped-file", Doc: "SIGBUS (BUS_ADRERR) in a copy stub / mapped-buffer reader, or inside a file mapping",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		st := Get[*Stack](p, StackFact)
		if sig.Name != "SIGBUS" {
			return nil // Windows' EXCEPTION_IN_PAGE_ERROR: windows-in-page-error
		}
		if st.TopLib.Kind == "zip" {
			return nil // zip-file-modified-while-open
		}
		if m := sig.Mapping; m != nil && strings.HasSuffix(strings.TrimSuffix(m.Path, " (deleted)"), ".jsa") {
			return nil // cds-archive-fault
		}
		fileMapped := sig.Mapping != nil && sig.Mapping.Path != "" && !strings.HasPrefix(sig.Mapping.Path, "[")
		mappedAccess := st.TopHas("copy-stub") || st.Has("mapped") || st.Has("unsafe")
		if p.Log.OS() == "macos" && !fileMapped && !mappedAccess {
			// macOS raises SIGBUS for protection faults too (a write to a
			// read-only page, some NULL accesses): SIGBUS alone is no file
			return nil
		}
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line)
		conf := 0.6
		why := []string{"SIGBUS " + orDash(sig.Code) + ": the page exists in the address space but has no backing store: the typical fault of a memory-mapped file that was truncated, or a write into a sparse mapping when the filesystem is full."}
		if p.Log.OS() == "macos" {
			why[0] = "SIGBUS " + orDash(sig.Code) + " on an access to a memory-mapped file or through a mapped buffer: the mapped file lost pages (truncated, or the volume is full or gone). macOS also raises SIGBUS for protection faults, so the file mapping is what points here."
		}
		if fileMapped {
			conf = 0.9
			ev.Add(p.MappingLine(*sig.Mapping))
			why = append(why, fmt.Sprintf("The fault address lies in the mapping of %s (line %d).", sig.Mapping.Path, sig.Mapping.Line))
			if strings.Contains(sig.Mapping.Path, "hsperfdata") {
				return nil // hsperfdata-tmp
			}
		}
		if mappedAccess {
			conf += 0.1
			why = append(why, "The access is a bulk copy/Unsafe access ("+strings.TrimSpace(st.Top.FrameText())+"), the path mapped buffers use.")
		}
		return []Finding{{Role: RootCause, Confidence: conf, Summary: "A memory-mapped file lost its backing pages (truncated, disk full, or I/O error) while mapped.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Keep free space on the data volume (disk watermarks), and never truncate/replace files another process maps.",
				byOS(p.Log, "Check dmesg for I/O errors; avoid NFS/CIFS for memory-mapped data.", "Check the system log (log show) for I/O errors; avoid network volumes for memory-mapped data.", "", "Check the system log for I/O errors; avoid network filesystems for memory-mapped data."),
				byOS(p.Log, "Preallocate (fallocate) files before mapping them for writing.", "Preallocate files (write their full size) before mapping them for writing.", "", "Preallocate files before mapping them for writing.")}}}
	},
}

// UnsafeOffheap: SEGV in a copy stub or Unsafe entry at a non-sentinel address.
var UnsafeOffheap = &Rule{
	Class: "unsafe-offheap-misuse", Doc: "SIGSEGV in a copy stub / Unsafe_* / Unsafe-using J frame",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		st := Get[*Stack](p, StackFact)
		if sig.Name == "SIGBUS" || sig.Class == AddrAllOnes || sig.Class == AddrNearAllOnes || !st.HasTop || unmapCandidate(sig, st) {
			return nil
		}
		topUnsafe := st.TopHas("copy-stub") || (st.TopHas("unsafe") && (st.Top.Kind == "V" || st.Top.Kind == "J"))
		if !topUnsafe {
			return nil
		}
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line)
		conf := 0.6
		why := []string{"The fault is in " + strings.TrimSpace(st.Top.FrameText()) + ": a raw memory access on an address the JVM was given by Java code (Unsafe, direct buffers, FFM), which it does not check."}
		if us := st.Tagged("unsafe"); len(us) > 0 {
			conf = 0.7
			for i, f := range us {
				if i < 3 {
					ev.Add(f.Line)
				}
			}
			why = append(why, "The stack shows the Unsafe/off-heap user: "+strings.TrimSpace(us[len(us)-1].FrameText())+".")
		}
		if sig.HasAddr {
			why = append(why, "The address is "+DescribeAddr(sig)+": memory that was freed, released, or never belonged to the buffer.")
		}
		var caveats []string
		if sig.Class == AddrUnmapped && directBufferRead(st) {
			caveats = append(caveats, "Every MappedByteBuffer is a java.nio.DirectByteBuffer: a file mapping that was force-unmapped (Cleaner, Unsafe.invokeCleaner) while still being read leaves exactly this log (mmap-use-after-unmap). The log cannot tell the two apart; look for forced unmapping in the application.")
		}
		return []Finding{{Role: RootCause, Confidence: conf, Summary: "Off-heap memory was accessed through Unsafe/direct buffers after it was freed or out of its bounds.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(), Caveats: caveats,
			Remedy: []string{"Upgrade or report the library that uses Unsafe (Netty, Kryo, Spark, Chronicle…).",
				"Netty: -Dio.netty.leakDetection.level=paranoid in test; -Dio.netty.noUnsafe=true as a diagnostic.",
				"Keep a strong reference to the owner of every derived buffer; serialise access to shared buffers."}}}
	},
}

// StackOverflowNative: stack exhausted in native/VM code.
var StackOverflowNative = &Rule{
	Class: "stack-overflow-native", Doc: "EXCEPTION_STACK_OVERFLOW, or a fault in the stack guard zone",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		stk := p.Log.Thread.Stack
		win := sig.Name == "EXCEPTION_STACK_OVERFLOW"
		guard := sig.Class == AddrStackGuard
		low := lowFree(stk, 4)
		if !win && !guard && !low {
			return nil
		}
		var ev Ev
		ev.Add(sig.Lines...)
		why := []string{"The thread ran out of stack: " + map[bool]string{true: "Windows raised EXCEPTION_STACK_OVERFLOW", false: "the fault is at the end of the thread's stack"}[win] + "."}
		if guard {
			why = append(why, "The fault address is "+DescribeAddr(sig)+".")
		}
		// quote the Stack: line only when its free space says the stack is
		// (nearly) exhausted: "free space=1018k" would say the opposite
		if lowFree(stk, 16) {
			ev.Add(stk.Line)
			why = append(why, fmt.Sprintf("free space=%dk at the crash (line %d).", stk.FreeKB, stk.Line.N))
		}
		return []Finding{{Role: RootCause, Confidence: 0.8, Summary: "A thread stack was exhausted in native or VM code, where no StackOverflowError can be thrown.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Raise the stack: -Xss (Java threads) / -XX:ThreadStackSize, or the stack size of the thread that crashed.",
				"Fix deep recursion in the native library; look for hundreds of identical frames."}}}
	},
}

// NotHotSpot: other runtimes' crash reports.
var NotHotSpot = &Rule{
	Class: "not-hotspot-format", Doc: "OpenJ9/Graal/ART crash report markers",
	Run: func(p *Pass) []Finding {
		pi := p.Log.Parse
		if pi.Foreign == nil {
			return nil
		}
		var ev Ev
		ev.Add(*pi.Foreign)
		return []Finding{{Role: RootCause, Confidence: 0.9, Summary: "This is not a HotSpot hs_err report: it is a " + pi.ForeignRuntime + " crash report.",
			Explanation: "The line \"" + strings.TrimSpace(pi.Foreign.Text) + "\" belongs to " + pi.ForeignRuntime + "'s crash report format, not to HotSpot's.", Evidence: ev.Lines(),
			Remedy: []string{"Use that runtime's tools (OpenJ9: jdmpview on the core and the javacore; GraalVM native image: the image's debug info with gdb; Android: the tombstone with ndk-stack)."}}}
	},
}

// directBufferRead: the off-heap access came from a java.nio direct buffer.
func directBufferRead(st *Stack) bool {
	for _, f := range st.Tagged("unsafe") {
		if strings.HasPrefix(f.Method, "java.nio.Direct") {
			return true
		}
	}
	return false
}
