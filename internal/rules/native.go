package rules

import (
	"fmt"
	"github.com/hserr/hserr/internal/fault"
	"github.com/hserr/hserr/internal/model"
	"strings"
)

// Rules for faults in native (C) code: whose code ran, what it touched.

// extra are further evidence lines (kept in log order with the rest).
func nativeFinding(p *Pass, conf float64, summary string, why []string, rem []string, extra ...model.Line) Finding {
	sig := Get[*Sig](p, SigFact)
	st := Get[*Stack](p, StackFact)
	th := Get[*ThreadKind](p, ThreadFact)
	var ev Ev
	ev.Add(sig.Lines...)
	ev.Add(st.Top.Line, th.Line)
	ev.Add(extra...)
	if st.Foreign != nil {
		ev.Add(st.Foreign.Line)
	}
	return Finding{Role: RootCause, Confidence: conf, Summary: summary, Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(), Remedy: rem}
}

// JNINullDeref: NULL/near-NULL access in a third-party native library.
var JNINullDeref = &Rule{
	Class: "jni-null-deref", Doc: "NULL or near-NULL fault with a third-party library on top",
	Requires: []*Fact{SigFact, StackFact, FaultFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		st := Get[*Stack](p, StackFact)
		if sig.Class != AddrNull && sig.Class != AddrNearNull {
			return nil
		}
		if !st.HasTop || st.Top.Kind != "C" || st.Top.Library == "" || st.TopHas("closure-alloc") || (st.TopLib.Kind != "" && st.TopLib.Kind != "jna") {
			return nil
		}
		conf := 0.7
		why := []string{fmt.Sprintf("The fault address is %s.", DescribeAddr(sig)),
			fmt.Sprintf("The faulting code is in %s (%s), not in the JVM or the JDK.", st.Top.Library, strings.TrimSpace(st.Top.FrameText()))}
		if p.Log.Header.InNative {
			conf += 0.05
		}
		if st.TopLib.Kind == "jna" {
			why = append(why, "The library is "+st.TopLib.Owner+"; the symbol tells which: JNA's own entry points are Java_com_sun_jna_*, ffi_* and callback glue.")
		}
		// The fault analysis can say where the NULL came from: an argument
		// register the function never wrote was NULL on entry.
		var argLines []model.Line
		if fa := Get[*fault.Analysis](p, FaultFact); fa != nil {
			for _, r := range fa.Registers {
				written, known := r.Written()
				if !known || written || r.ABIArgument == 0 || (r.ValueClass != fault.ClassNull && r.ValueClass != fault.ClassNearNull) {
					continue
				}
				conf += 0.05
				why = append(why, fmt.Sprintf("%s=0x%x is not written between the start of %s and the fault, so it is argument %d as passed by the caller (%s): the caller handed %s a NULL pointer.",
					r.Name, uint64(r.Value), r.Function, r.ABIArgument, orDash(r.Caller), r.Function))
				if l, ok := p.RegLine(r.Name); ok {
					argLines = append(argLines, l)
				}
				break
			}
		}
		summary, maker := "A third-party native library dereferenced a NULL pointer.", "the library's maintainers"
		if v, ok := vendorOf(st.Top); ok {
			summary = "The third-party native library " + libBase(st.Top.Library) + " (" + v.product + ", by " + v.company + ") dereferenced a NULL pointer."
			maker = v.company
		}
		f := nativeFinding(p, conf, summary, why,
			[]string{"Report to " + maker + " (the JVM only hosts the library) and upgrade the library.",
				"Check the handle lifecycle in the Java wrapper: a closed/disposed handle passed down as 0.",
				resolveOffset(p.Log, st.Top)},
			argLines...)
		return []Finding{f}
	},
}

// BadBufferCopy: libc copy/string routine faulting on a pointer from a caller.
var BadBufferCopy = &Rule{
	Class: "native-bad-buffer-copy", Doc: "fault inside libc memcpy/memmove/str* called from native code",
	Requires: []*Fact{SigFact, StackFact, FaultFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		if st.TopLib.Kind != "libc" && st.TopLib.Kind != "musl" {
			return nil
		}
		routine := "the C library's " + strings.TrimSpace(st.Top.Symbol)
		if !st.TopHas("memcopy") {
			// libc without symbols (Debian's AVX copy routines): recognise the
			// routine by what the faulting instruction does.
			fa := Get[*fault.Analysis](p, FaultFact)
			if st.Top.Symbol != "" || fa == nil || !isCopyInstruction(fa.Instruction) {
				return nil
			}
			routine = "a C library routine without a symbol whose faulting instruction is `" + fa.Instruction + "`, a block copy"
		}
		sig := Get[*Sig](p, SigFact)
		if sig.Name == "SIGBUS" {
			return nil // a mapped file: sigbus-mapped-file
		}
		why := []string{"The fault is inside " + routine + ": a copy or string routine that only follows the pointer and length it was given."}
		conf := 0.65
		var caveats []string
		switch {
		case st.Foreign != nil && st.ForeignLib.Kind != "":
			// The caller is a catalogued component (fonts, zip, NSS, a GPU
			// driver…): its own rule knows why such a component hands libc
			// a bad buffer, so this generic reading stays below it.
			conf = 0.55
			why = append(why, "The caller is "+strings.TrimSpace(st.Foreign.FrameText())+", part of "+st.ForeignLib.Owner+": it passed a bad pointer or length.")
			caveats = append(caveats, "The caller belongs to a catalogued component ("+st.ForeignLib.Owner+"); the class that names that component's failure takes precedence over this generic one.")
		case st.Foreign != nil:
			conf = 0.75
			why = append(why, "The caller is "+strings.TrimSpace(st.Foreign.FrameText())+": it passed a bad pointer or length.")
		}
		if sig.HasAddr {
			why = append(why, "The fault address is "+DescribeAddr(sig)+".")
		}
		f := nativeFinding(p, conf, "A copy routine in libc was handed a bad pointer or length by its caller.", why,
			[]string{"Blame the first non-libc frame: upgrade or report that library.", "If the source is a memory-mapped file, see sigbus-mapped-file; for DirectByteBuffers check capacity and lifetime."})
		f.Caveats = caveats
		return []Finding{f}
	},
}

// HeapCorruption: crash inside the malloc implementation.
var HeapCorruption = &Rule{
	Class: "native-heap-corruption", Doc: "fault inside malloc/free of the C library",
	Requires: []*Fact{SigFact, StackFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		// a replacement allocator (jemalloc, tcmalloc, mimalloc) is
		// nothing but malloc: any fault in it is a malloc fault, named
		// symbol or not
		alloc := st.TopLib.Kind == "allocator"
		if !alloc && (!st.TopHas("malloc") || (st.TopLib.Kind != "libc" && st.TopLib.Kind != "system" && st.TopLib.Kind != "musl")) {
			return nil
		}
		why := []string{"The fault is inside the allocator (" + strings.TrimSpace(st.Top.FrameText()) + "): its own bookkeeping was overwritten earlier by someone else (overflow, double free, use after free). The allocator only notices later."}
		if line, upd, ok := jdkUpdate(p.Log.Header.Version); ok && line == 8 && upd < 262 && strings.Contains(st.Top.Symbol, "cfree") {
			why = append(why, "JDK 8 before 8u262 had a known crash at cfree+0x1c (Red Hat KB 5015001); upgrade first.")
		}
		return []Finding{nativeFinding(p, 0.7, "The native (malloc) heap is corrupted; the crash site is a victim, not the culprit.", why,
			[]string{allocatorCheck(p.Log),
				"Remove native libraries and agents one at a time; -XX:NativeMemoryTracking=detail shows JVM-side allocations.",
				"Upgrade the JDK and the native libraries."})}
	},
}

// JNIMisuse: VM code under a native caller, or a thread dump tripping over
// a native thread that was attached and never detached.
var JNIMisuse = &Rule{
	Class: "jni-misuse", Doc: "jni_* VM frame called from a third-party C frame, or pthread_getcpuclockid during a thread dump",
	Requires: []*Fact{SigFact, StackFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		th := Get[*ThreadKind](p, ThreadFact)
		if st.TopHas("thread-dump") && !printsVMThread(st) {
			why := []string{"The crash is in pthread_getcpuclockid, called by the VM while collecting per-thread CPU times (a thread dump or ThreadMXBean)."}
			if th.Kind == ThreadVM {
				why = append(why, "The VM Thread was walking all threads; one of them is a native thread attached with AttachCurrentThread(AsDaemon) that exited without DetachCurrentThread, so its pthread handle is gone (Red Hat KB 5317181).")
			}
			return []Finding{nativeFinding(p, 0.7, "A native thread attached to the JVM exited without DetachCurrentThread; the VM tripped over its stale handle.", why,
				[]string{"Find the native library that attaches threads (JNI AttachCurrentThread) and make it call DetachCurrentThread before the thread exits.",
					"Upgrade that library and the JDK."})}
		}
		if f, ok := jniUpcall(st); ok {
			// dying at the method's entry points at what the caller
			// passed; deeper in, the method's own work is as likely
			conf := 0.5
			if _, entry := upcallEntry(st.Top); entry {
				conf = 0.6
			}
			return []Finding{nativeFinding(p, conf, "Native code called back into Java (a JNI Call…Method upcall) with an invalid object or argument.",
				[]string{"The crash is in " + strings.TrimSpace(st.Top.FrameText()) + ", the Java method native code called through " + strings.TrimSpace(f.FrameText()) + " from " + strings.TrimSpace(st.Foreign.FrameText()) + ": " + upcallWhere(st.Top) + ", on the receiver or arguments the native caller passed (a stale or deleted JNI reference, an object of the wrong class)."},
				[]string{"Run with -Xcheck:jni in a test environment; it names the bad reference.", "Check the native library's reference handling (global refs deleted while still used, local refs kept across calls); upgrade it."}, f.Line)}
		}
		if nativeWrapper(st) {
			return []Finding{nativeFinding(p, 0.55, "An application native method's JNI wrapper crashed: the call into it or its return (a bad returned reference) went wrong.",
				[]string{"The problematic frame " + strings.TrimSpace(st.Top.FrameText()) + " is a native-method wrapper: a J frame of 0 bytes with no compiler tier, the stub HotSpot generates to call a native method and unbox its result.",
					"A fault inside it, rather than in the native code it calls, is most often a returned jobject that is not a valid reference (a deleted or stale local/global ref) or a corrupted JNI frame; the log does not show which."},
				[]string{"Run with -Xcheck:jni in a test environment; it names the bad reference.", "Check what the native method returns (never a deleted or another thread's local reference); upgrade the library."})}
		}
		if f, ok := jniEntryAlone(p, st); ok {
			// without a fault address the NULL argument is a guess from
			// the frame's name: a candidate, not a verdict
			conf := 0.6
			summary := "A JNI function was called with a NULL reference (a jclass, jobject or jfieldID native code did not check)."
			if !Get[*Sig](p, SigFact).HasAddr {
				conf = 0.45
				summary = "A JNI function crashed; a NULL reference passed by native code is the usual cause, which the log, giving no fault address, cannot confirm."
			}
			return []Finding{nativeFinding(p, conf, summary,
				[]string{"The crash is inside the JVM's JNI function " + strings.TrimSpace(f.FrameText()) + jniAddr(p) + ": JNI does not check its arguments, so a NULL class (an unchecked FindClass failure), object or field ID passed by native code faults there. The caller is not shown in the log."},
				[]string{"Run with -Xcheck:jni in a test environment; it names the bad call.", "Check every FindClass/GetMethodID/GetFieldID result and pending exception in the native library before use; upgrade it."})}
		}
		if !st.HasTop || st.TopLib.Kind != "jvm" || !st.Has("jni-entry") || st.Foreign == nil {
			return nil
		}
		why := []string{"The crash is in the JVM's JNI implementation (" + strings.TrimSpace(st.FirstTagged("jni-entry").FrameText()) + ") called from " + strings.TrimSpace(st.Foreign.FrameText()) + ": native code passed an invalid reference or used JNI wrongly."}
		return []Finding{nativeFinding(p, 0.65, "Native code called JNI with an invalid argument or from the wrong state.", why,
			[]string{"Run with -Xcheck:jni in a test environment; it names the bad call.", "Fix or upgrade the native library."})}
	},
}

// NativeDiv: integer division by zero in native code.
var NativeDiv = &Rule{
	Class: "sigfpe-native-div", Doc: "SIGFPE FPE_INTDIV with a C frame on top",
	Requires: []*Fact{SigFact, StackFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		st := Get[*Stack](p, StackFact)
		if sig.Name != "SIGFPE" && sig.Name != "EXCEPTION_INT_DIVIDE_BY_ZERO" {
			return nil
		}
		conf := 0.6
		if st.HasTop && st.Top.Kind == "C" {
			conf = 0.8
		}
		return []Finding{nativeFinding(p, conf, "Integer division by zero (or INT_MIN/-1) in native code.",
			[]string{"The signal is " + sig.Name + " " + sig.Code + ": an integer divide instruction trapped.", "Java code raises ArithmeticException instead; a crash means the divide ran in native code (" + strings.TrimSpace(st.Top.FrameText()) + ")."},
			[]string{"Fix the native code: check divisors (and INT_MIN / -1) before dividing.", byOS(p.Log, "If the top frame is ld.so's do_lookup_x while loading a library, the library needs a newer glibc (native-lib-abi-too-new).", "", "", "")})}
	},
}

// ExternalSignal: the signal was sent, not raised by a fault.
var ExternalSignal = &Rule{
	OS:    OnPOSIX, // signals sent by kill
	Class: "external-signal", Doc: "si_code SI_USER/SI_TKILL or 'sent by kill'",
	Requires: []*Fact{SigFact, StackFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		l := p.Log
		si := l.Thread.Siginfo
		sent := l.Header.SentBy != "" || sig.Code == "SI_USER" || sig.Code == "SI_TKILL" || sig.Code == "SI_QUEUE" || (si != nil && si.HasSender)
		if !sent {
			return nil
		}
		why := []string{"The siginfo says the " + sig.Name + " was sent (" + orDash(sig.Code) + "), not raised by a faulting instruction."}
		if sig.Code == "" && si == nil {
			// only the header's error line says so
			why = []string{"The error line says the " + orDash(sig.Name) + " was sent by " + strings.TrimSpace(l.Header.SentBy) + " (line " + itoa(l.Header.ErrorLine.N) + "), not raised by a faulting instruction."}
		}
		if si != nil && si.HasSender {
			why = append(why, fmt.Sprintf("Sender: pid %d, uid %d.", si.SenderPID, si.SenderUID))
		}
		return []Finding{nativeFinding(p, 0.9, "Another process (or the process itself via kill/tgkill) sent the fatal signal.", why,
			[]string{"Find the sender (the pid in siginfo; auditd: `auditctl -a always,exit -F arch=b64 -S kill,tkill,tgkill`).", "Stop whatever sends SIGSEGV/SIGBUS to the JVM (watchdogs, debuggers, test harnesses)."})}
	},
}

// AbortTrap: native code called abort(). HotSpot does not handle SIGABRT,
// so glibc's abort, when the signal does not end the process, falls back
// to an instruction that faults (hlt: SIGSEGV SI_KERNEL on x86); the
// report then shows abort on top. The JVM's own abort comes after its own
// error report (VMError frames), so those are left out.
func abortTrap(p *Pass, st *Stack) (Finding, bool) {
	if !st.HasTop || st.Top.Kind != "C" || st.TopLib.Kind != "libc" || !isAbort(st.Top.Symbol) {
		return Finding{}, false
	}
	for _, f := range st.Frames[:min(len(st.Frames), 8)] {
		if strings.Contains(f.Symbol, "VMError") || strings.Contains(f.Symbol, "os::abort") || strings.Contains(f.Symbol, "report_vm_error") {
			return Finding{}, false
		}
	}
	why := []string{"The problematic frame is " + strings.TrimSpace(st.Top.FrameText()) + ": native code called abort(), a deliberate stop on a failed check (an assertion, a fatal error path, an uncaught C++ exception's std::terminate), not a memory fault.",
		byOS(p.Log, "HotSpot does not catch SIGABRT, so abort() normally ends the process without this report; only when SIGABRT did not end it (another handler caught it and returned, e.g. Python's faulthandler, or the signal was blocked) does glibc's abort go on to execute a faulting instruction, which HotSpot reports as this crash.",
			"abort() ends in a faulting instruction when SIGABRT does not end the process; HotSpot reports that fault as this crash.",
			"abort() ends in a fast-fail exception when the abort signal does not end the process; HotSpot reports it as this crash.",
			"abort() ends in a faulting instruction when SIGABRT does not end the process; HotSpot reports that fault as this crash.")}
	if st.Foreign != nil {
		why = append(why, "The first third-party frame is "+strings.TrimSpace(st.Foreign.FrameText())+": its author's check failed.")
	}
	return nativeFinding(p, 0.75, "Native code called abort() on purpose: a check inside a native library failed.", why,
		[]string{"Look at the process's stderr just before the crash: abort() callers print why (an assertion message, 'terminate called after throwing…').",
			"Report to the library that aborted with that message and this log; upgrade it."}), true
}

// isAbort: the C library's abort (glibc's internal aliases included).
func isAbort(sym string) bool {
	switch sym {
	case "abort", "__GI_abort", "__libc_abort":
		return true
	}
	return false
}

// DeliberateTrap: SIGILL on ud2/brk in native code.
var DeliberateTrap = &Rule{
	Class: "native-deliberate-trap", Doc: "SIGILL on a ud2 (0f 0b) or aarch64 brk/udf in a native frame",
	Requires: []*Fact{SigFact, StackFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		st := Get[*Stack](p, StackFact)
		if f, ok := abortTrap(p, st); ok {
			return []Finding{f}
		}
		if !sig.Illegal() || !st.HasTop || st.Top.Kind != "C" {
			return nil
		}
		b, ok := bytesAtPC(p.Log, 4)
		trap := ok && ((b[0] == 0x0f && b[1] == 0x0b) || (p.Log.CPU() == model.ArchAArch64 && b[3] == 0xd4 && b[2]&0xe0 == 0x20) || (p.Log.CPU() == model.ArchAArch64 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0))
		if !trap && !crashOnPurpose(st.Top.Symbol) {
			return nil
		}
		why := []string{"The instruction at pc is a trap (x86 ud2 = 0f 0b, or aarch64 brk/udf): the compiler put it there for a path it considered impossible, or the code called __builtin_trap/abort-style checks.", "The library that trapped: " + strings.TrimSpace(st.Top.FrameText()) + "."}
		if !trap {
			// only the function's name says so: no bytes to quote
			why = []string{"The problematic frame is " + strings.TrimSpace(st.Top.FrameText()) + ", a function that exists to crash the process when its library detects misuse; the log has no instruction bytes at pc, so the trap instruction itself is not shown."}
		}
		return []Finding{nativeFinding(p, 0.85, "Native code executed a deliberate trap instruction (__builtin_trap/unreachable), not a missing CPU feature.",
			why,
			[]string{"Report to that library with the hs_err; a debug build or its logs usually say which check failed.", "Do not chase CPU features: the instruction is valid, it traps on purpose."})}
	},
}

// SigillCPU: SIGILL in third-party native code on a real instruction.
var SigillCPU = &Rule{
	Class: "sigill-cpu-feature", Doc: "SIGILL with a third-party C frame on top (not a trap)",
	Requires: []*Fact{SigFact, StackFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		st := Get[*Stack](p, StackFact)
		// the C library is the CPU's user too: its optimised routines (a
		// CRT's FMA/AVX math) fault where the OS or a VM hides a feature
		// Apple's frameworks (objc kind) trap on purpose (ud2/brk) when
		// misused; their SIGILL is no missing feature
		if !sig.Illegal() || !st.HasTop || st.Top.Kind != "C" || (IsSystemKind(st.TopLib.Kind) && st.TopLib.Kind != "libc") || st.TopLib.Kind == "objc" {
			return nil
		}
		x86 := isX86(p.Log)
		if b, ok := bytesAtPC(p.Log, 2); ok && x86 && b[0] == 0x0f && b[1] == 0x0b {
			return nil
		}
		why := []string{sig.Name + " in " + strings.TrimSpace(st.Top.FrameText()) + ": the CPU refused an instruction of " + ownerOr(st.TopLib, "a third-party library") + "."}
		if b, ok := bytesAtPC(p.Log, 1); ok && x86 && (b[0] == 0x62 || b[0] == 0xc4 || b[0] == 0xc5) {
			why = append(why, "The instruction starts with a VEX/EVEX prefix (AVX/AVX-512): compare with the CPU: line's feature list.")
		}
		if st.TopLib.Kind == "libc" {
			// the C runtime dispatches on the CPU's features itself: it
			// trusted a feature the OS or hypervisor does not enable
			return []Finding{nativeFinding(p, 0.65, "The C library used an instruction the CPU (or the OS/hypervisor) does not enable.",
				append(why, "C runtimes pick optimised routines (AVX, FMA) from the CPU's feature flags; an illegal instruction there means a feature is advertised but not enabled, as on an OS without AVX state support or a VM with an inconsistent CPU model."),
				[]string{byOS(p.Log, "Update the C library and the kernel; on a VM, give the guest a consistent CPU model.",
					"Update macOS; on a VM, give the guest a consistent CPU model.",
					"Install the OS updates that enable AVX state saving (Windows 7 / 2008 R2 need SP1) and the latest Visual C++ runtime for this DLL; on a VM, give the guest a consistent CPU model.",
					"Update the OS and the C library; on a VM, give the guest a consistent CPU model.")})}
		}
		return []Finding{nativeFinding(p, 0.65, "A native library uses instructions this CPU (or its virtual CPU) does not have.", why,
			[]string{byArch(p.Log, "Use a build of the library for the baseline ISA (no -march=native / AVX-512 without dispatch).",
				"Use a build of the library for the baseline ISA (no -mcpu=native, or SVE/LSE/ARMv8.x instructions without runtime dispatch).",
				"Use a build of the library for the baseline ISA (no -march=native without runtime dispatch)."),
				"On a VM: expose the host CPU features (EVC/CPU model) consistently."})}
	},
}

// isCopyInstruction: the string and vector moves that memcpy, memmove,
// memset and str* are built from.
func isCopyInstruction(insn string) bool {
	insn = strings.TrimPrefix(strings.TrimSpace(insn), "rep ")
	for _, m := range []string{"movs", "stos", "cmps", "scas", "vmovdq", "movdq", "vmovup", "movup", "vmovap", "movap", "vmovnt", "movnt", "vpcmpeq", "pcmpeq", "ldp q", "stp q", "ld1", "st1"} {
		if strings.HasPrefix(insn, m) {
			return true
		}
	}
	return false
}

// allocatorCheck is how to make the allocator of the log's OS catch the
// corruption where it happens.
func allocatorCheck(l *model.Log) string {
	return byOS(l,
		"Reproduce with MALLOC_CHECK_=3 or GLIBC_TUNABLES=glibc.malloc.check=3, or an ASan build of the JNI libraries.",
		"Reproduce with MallocScribble=1 MallocGuardEdges=1 (or DYLD_INSERT_LIBRARIES=/usr/lib/libgmalloc.dylib), or an ASan build of the JNI libraries.",
		"Reproduce with full page heap for java.exe (gflags /p /enable java.exe /full, from the Debugging Tools for Windows), or an ASan build of the JNI libraries.",
		"Reproduce with the allocator's debugging mode or an ASan build of the JNI libraries.")
}

// jniUpcall: a Java method on top, entered straight from the call stub, that
// a JNI Call…Method frame called for a third-party native library. It
// returns the JNI frame.
func jniUpcall(st *Stack) (model.Frame, bool) {
	if !st.HasTop || (st.Top.Kind != "j" && st.Top.Kind != "J") || st.Foreign == nil || len(st.Frames) < 3 {
		return model.Frame{}, false
	}
	if !strings.Contains(st.Frames[1].Stub, "call_stub") && !strings.Contains(st.Frames[1].Text, "call_stub") {
		return model.Frame{}, false
	}
	for _, f := range st.Frames[2:min(len(st.Frames), 7)] {
		if f.Kind == "C" {
			break
		}
		if f.Kind == "V" && strings.Contains(f.Symbol, "jni_Call") {
			return f, true
		}
	}
	return model.Frame{}, false
}

// jniEntryAlone: a JNI function of the VM on top (jni_GetMethodID's
// get_method_id, a jni_fast_Get<Type>Field stub…; not the handle and access
// code every VM path runs) at a NULL or near-NULL address, with no caller
// shown that could clear native code (a header or a cut stack).
func jniEntryAlone(p *Pass, st *Stack) (model.Frame, bool) {
	sig := Get[*Sig](p, SigFact)
	if !st.HasTop || (st.Top.Kind != "V" && st.Top.Kind != "v") || !st.TopHas("jni-function") || len(st.Frames) > 1 {
		return model.Frame{}, false
	}
	if sig.HasAddr && sig.Class != AddrNull && sig.Class != AddrNearNull {
		return model.Frame{}, false
	}
	return st.Top, true
}

// printsVMThread: the thread being printed is one of the VM's own
// (NamedThread: GC workers, refinement threads), whose pthread handle no
// native code owns, so a stale one is not an attached thread's.
func printsVMThread(st *Stack) bool {
	for _, f := range st.Frames[:min(len(st.Frames), 6)] {
		if strings.Contains(f.Symbol, "NamedThread::print_on") || strings.Contains(f.Symbol, "print_gc_threads_on") {
			return true
		}
	}
	return false
}

// jniAddr says where a JNI function faulted, or that the log does not say.
func jniAddr(p *Pass) string {
	if sig := Get[*Sig](p, SigFact); sig.HasAddr {
		return " at " + DescribeAddr(sig)
	}
	return " (the log gives no fault address)"
}

// nativeWrapper: the top frame is the JNI wrapper of an application's
// native method: "J <id>  <method> (0 bytes)" with no compiler tier (the
// JDK's own natives are left out: their wrappers are not the app's use of
// JNI).
func nativeWrapper(st *Stack) bool {
	if !st.HasTop || st.Top.Kind != "J" || !strings.Contains(st.Top.Text, "(0 bytes)") {
		return false
	}
	f := strings.Fields(strings.TrimLeft(strings.TrimSpace(st.Top.Text), "# "))
	if len(f) < 3 || f[0] != "J" {
		return false
	}
	switch f[2] {
	case "C1", "C2", "c1", "c2", "JVMCI", "%":
		return false
	}
	for _, pre := range []string{"java.", "javax.", "jdk.", "sun.", "com.sun."} {
		if strings.HasPrefix(f[2], pre) {
			return false
		}
	}
	return true
}

// ownerOr names a library's owner from the catalogue, or says what it is.
func ownerOr(l Lib, fallback string) string {
	if l.Owner != "" {
		return "the " + l.Owner
	}
	return fallback
}

// crashOnPurpose: a function that exists to crash the process when a
// library detects misuse (AppKit's _NSCarbonMenuCrashIfNeeded, libsystem's
// _os_crash, abort_with_payload): its illegal instruction is a trap.
func crashOnPurpose(sym string) bool {
	for _, s := range []string{"CrashIfNeeded", "_os_crash", "abort_with_payload", "abort_with_reason", "__builtin_trap"} {
		if strings.Contains(sym, s) {
			return true
		}
	}
	return false
}

// upcallEntry says whether the frame shows the method at its entry: an
// interpreted frame at bci <= 5, or compiled code a few instructions past
// its start.
func upcallEntry(f model.Frame) (string, bool) {
	switch {
	case f.Kind == "j" && f.HasBCI && f.BCI <= 5:
		return fmt.Sprintf("the method died at its first bytecodes (bci %d)", f.BCI), true
	case f.Kind == "J" && f.CodeBegin != 0 && f.CodeOffset <= 0x40:
		return fmt.Sprintf("the method died in the first instructions of its compiled code (offset %#x)", f.CodeOffset), true
	}
	return "", false
}

// upcallWhere says where in the called method the crash is, as far as the
// frame shows it.
func upcallWhere(f model.Frame) string {
	if s, ok := upcallEntry(f); ok {
		return s
	}
	if f.Kind == "j" && f.HasBCI {
		return fmt.Sprintf("the method died inside its body (bci %d), where its own work is as likely a cause as what it was passed", f.BCI)
	}
	return "the log does not show where in the method it died"
}
