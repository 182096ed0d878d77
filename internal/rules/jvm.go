package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// Rules for failures inside the JVM: JIT compilers, GC, VM operations,
// internal errors, compiled Java code.

func vmFinding(p *Pass, conf float64, summary string, why, rem []string) Finding {
	sig := Get[*Sig](p, SigFact)
	st := Get[*Stack](p, StackFact)
	th := Get[*ThreadKind](p, ThreadFact)
	var ev Ev
	ev.Add(sig.Lines...)
	ev.Add(p.Log.Header.Messages...)
	ev.Add(st.Top.Line, th.Line)
	ev.Add(p.Log.Thread.CompileTask...)
	if op := p.Log.Thread.VMOperation; op != nil {
		ev.Add(*op)
	}
	return Finding{Role: RootCause, Confidence: conf, Summary: summary, Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(), Remedy: rem}
}

func compilerRule(class string, which Compiler) *Rule {
	tag := strings.ToLower(string(which))
	return &Rule{Class: class, Doc: string(which) + " compiler thread faulted or asserted while compiling",
		Requires: []*Fact{SigFact, StackFact, ThreadFact},
		Run: func(p *Pass) []Finding {
			th := Get[*ThreadKind](p, ThreadFact)
			st := Get[*Stack](p, StackFact)
			if isNativeOOM(p.Log) {
				return nil // native-oom-compiler-arena
			}
			on := th.Kind == ThreadCompiler && th.Compiler == which
			if !on && !(th.Kind == ThreadCompiler && th.Compiler == "" && st.Has(tag)) && !(th.Kind == ThreadUnknown && st.TopHas(tag)) {
				return nil
			}
			conf := 0.7
			why := []string{fmt.Sprintf("The crashing thread is the %s JIT compiler.", which)}
			if !on && th.Kind == ThreadUnknown {
				// a header-only log: the frame, not the thread, says compiler
				why = []string{fmt.Sprintf("The top frame is %s compiler code; the log does not name the thread.", which)}
			}
			if st.Has(tag) {
				conf = 0.85
				why = append(why, "The frames are "+string(which)+" compiler phases ("+strings.TrimSpace(st.FirstTagged(tag).FrameText())+").")
			}
			method := compileTaskMethod(p.Log)
			rem := []string{"Upgrade to the latest update of this JDK line; compiler crashes are JVM bugs and most are fixed in later updates."}
			if method != "" {
				why = append(why, "It was compiling "+method+" (Current CompileTask).")
				rem = append(rem, "Work around it by excluding that method: -XX:CompileCommand=exclude,"+method)
			}
			if which == CompilerC2 {
				rem = append(rem, "Broader workaround: -XX:TieredStopAtLevel=1 (C1 only, slower peak performance).")
			} else {
				rem = append(rem, "Broader workaround: -XX:CompilationMode=high-only (skip C1) or exclude the method.")
			}
			rem = append(rem, "Report to the JDK vendor with the hs_err and the replay_pid<N>.log file if one was written.")
			return []Finding{vmFinding(p, conf, "The "+string(which)+" JIT compiler crashed while compiling a method (a JVM bug).", why, rem)}
		}}
}

var (
	JITC2 = compilerRule("jit-c2-compiler-crash", CompilerC2)
	JITC1 = compilerRule("jit-c1-compiler-crash", CompilerC1)
)

// CompiledCode: fault in a J frame.
var CompiledCode = &Rule{
	Class: "crash-in-compiled-java-code", Doc: "problematic frame is JIT-compiled Java (J)",
	Requires: []*Fact{SigFact, StackFact, TextPointerFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		sig := Get[*Sig](p, SigFact)
		if !st.HasTop || st.Top.Kind != "J" || sig.Illegal() || sig.Name == "SIGBUS" || nativeWrapper(st) {
			return nil // a native method's wrapper is jni-misuse's
		}
		if f, ok := staleCode(p, st); ok {
			f.Class = "crash-in-compiled-java-code"
			return []Finding{f}
		}
		conf := 0.6
		why := []string{"The fault is inside JIT-compiled Java code: " + strings.TrimSpace(st.Top.FrameText()) + ".",
			"Correct Java code cannot crash the JVM, so either the compiler generated wrong code, or memory the code reads was corrupted (Unsafe/JNI, hardware)."}
		if st.TopHas("unsafe") {
			return nil // unsafe-offheap-misuse
		}
		m := st.Top.Method
		if m == "" {
			m = strings.TrimSpace(st.Top.FrameText())
		}
		tp := Get[*TextPointers](p, TextPointerFact)
		if len(tp.Regs) > 0 {
			why = append(why, tp.Sentence()+" That points at corrupted memory rather than at the compiler.")
		}
		f := vmFinding(p, conf, "A fault in JIT-compiled Java code: a miscompilation or corrupted memory.", why,
			[]string{"Exclude the method from compilation to test the miscompilation theory: -XX:CompileCommand=exclude," + javaMethodPattern(m),
				"Upgrade to the latest update of this JDK line.",
				"If the method uses Unsafe/off-heap memory or native libraries are present, suspect them first."})
		f.Evidence = (&Ev{lines: f.Evidence}).Add(tp.Lines...).Lines()
		return []Finding{f}
	},
}

// javaMethodPattern turns "pkg.Cls.method(sig)…" into "pkg.Cls::method".
func javaMethodPattern(m string) string {
	for _, f := range strings.Fields(m) {
		if i := strings.Index(f, "("); i > 0 {
			f = f[:i]
			if j := strings.LastIndex(f, "."); j > 0 {
				return f[:j] + "::" + f[j+1:]
			}
		}
	}
	return "<class>::<method>"
}

// SigillGenerated: SIGILL in the code cache.
var SigillGenerated = &Rule{
	Class: "sigill-in-generated-code", Doc: "SIGILL with a J or v frame on top",
	Requires: []*Fact{SigFact, StackFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		sig := Get[*Sig](p, SigFact)
		// the template interpreter (j frames) is generated code too
		if !sig.Illegal() || !st.HasTop || (st.Top.Kind != "J" && st.Top.Kind != "v" && st.Top.Kind != "j") {
			return nil
		}
		if f, ok := staleCode(p, st); ok {
			return []Finding{f}
		}
		why := []string{"SIGILL at a pc inside code the JVM generated (" + strings.TrimSpace(st.Top.FrameText()) + ")."}
		if st.Top.Kind == "j" {
			why = append(why, "The frame is interpreted: the pc is in the template interpreter, which HotSpot generates at start-up for the CPU features it detected; an illegal instruction there means the CPU (or a virtual CPU) does not execute what it advertised.")
		}
		if b, ok := bytesAtPC(p.Log, 2); ok && isX86(p.Log) && b[0] == 0x0f && b[1] == 0x0b {
			why = append(why, "The instruction is ud2 (0f 0b): the compiler emitted a trap for a path it proved unreachable, and it was reached: a JIT bug.")
		}
		rem := []string{"Upgrade the JDK."}
		if t := byArch(p.Log, "Test the CPU-feature theory with -XX:UseAVX=2 (or 1/0).", "Test the CPU-feature theory by turning the JIT's optional extensions off (-XX:-UseLSE, -XX:UseSVE=0).", ""); t != "" {
			rem = append(rem, t)
		}
		if st.Top.Kind == "J" {
			rem = append(rem, "Exclude the method: -XX:CompileCommand=exclude,"+javaMethodPattern(st.Top.Method+" "+st.Top.Text))
		} else if st.Top.Kind == "j" {
			rem = append(rem, "On a VM or container host, compare the CPU features the guest advertises with the host's (hypervisor CPU model); -Xint does not help, the interpreter is generated code.")
		}
		return []Finding{vmFinding(p, 0.8, "The JVM executed an illegal instruction in its own generated code (JIT bug or CPU/hypervisor mismatch).", why, rem)}
	},
}

// GCCrash: fault in a GC worker.
var GCCrash = &Rule{
	Class: "gc-crash-heap-corruption", Doc: "fault in a GC thread or in GC code",
	Requires: []*Fact{SigFact, StackFact, ThreadFact, TextPointerFact},
	Run: func(p *Pass) []Finding {
		th := Get[*ThreadKind](p, ThreadFact)
		st := Get[*Stack](p, StackFact)
		if isNativeOOM(p.Log) || p.Log.Header.ErrorKind == "internal-error" && th.Kind != ThreadGC {
			return nil
		}
		gcOp := false
		if op := p.Log.Thread.VMOperation; op != nil && strings.Contains(op.Text, "Collect") || (op != nil && strings.Contains(op.Text, "GC")) {
			gcOp = true
		}
		if th.Kind != ThreadGC && !(th.Kind == ThreadVM && gcOp) && !(th.Kind == ThreadUnknown && st.TopHas("gc")) {
			return nil
		}
		if wildJump(p.Log, st) {
			// the pc itself faulted in no code: a jump through a corrupted
			// pointer, which says nothing of which data was bad
			return []Finding{vmFinding(p, 0.4, "A garbage-collector thread jumped to an address that is no code.",
				[]string{"The crashing thread is a garbage-collector worker, but the fault is the pc itself (" + strings.TrimSpace(st.Top.FrameText()) + ", in no library): a jump or return through a corrupted pointer, not the collector reading a bad object. Heap corruption, a JVM bug and hardware all fit; the log cannot tell them apart."},
				[]string{"Upgrade the JDK.", "Test the host's RAM if such crashes move around.", "Enable core dumps so the next one can be inspected."})}
		}
		conf := 0.65
		if gcOp {
			conf = 0.75
		}
		why := []string{"The crashing thread is a garbage-collector worker" + map[bool]string{true: " (the VM Thread running a collection)", false: ""}[th.Kind == ThreadVM] + "."}
		if th.Kind == ThreadUnknown {
			why = []string{"The top frame is collector code; the log does not name the thread."}
		}
		if st.Has("gc") {
			conf = 0.75
			why = append(why, "The frames are collector internals ("+strings.TrimSpace(st.FirstTagged("gc").FrameText())+"): the GC read an object or reference that was not valid.")
		}
		tp := Get[*TextPointers](p, TextPointerFact)
		if s := tp.Sentence(); s != "" {
			conf += 0.05
			why = append(why, s)
		}
		why = append(why, "The collector is usually the first to read corrupted heap data, not its author: JNI/Unsafe writes, a GC bug of this JDK update, or bad RAM are the candidates; one log cannot tell them apart.")
		f := vmFinding(p, conf, "The garbage collector found a corrupted heap (heap corruption by native/Unsafe code, a GC bug, or hardware).", why,
			[]string{"Upgrade to the latest update of this JDK line (GC bugs are fixed in updates).",
				"Diagnose with -XX:+UnlockDiagnosticVMOptions -XX:+VerifyBeforeGC -XX:+VerifyAfterGC (slow) and -Xcheck:jni.",
				"Work around by switching collector (" + gcSwitch(p.Log) + "), remove native agents one at a time, and test RAM if crashes move around."})
		f.Evidence = (&Ev{lines: f.Evidence}).Add(tp.Lines...).Lines()
		return []Finding{f}
	},
}

// VMOperation: fault in the VM Thread during a safepoint operation.
var VMOperation = &Rule{
	Class: "vm-operation-crash", Doc: "VMThread crashed during a VM_Operation",
	Requires: []*Fact{SigFact, StackFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		th := Get[*ThreadKind](p, ThreadFact)
		op := p.Log.Thread.VMOperation
		st := Get[*Stack](p, StackFact)
		// a thread dump tripping over a stale pthread handle is jni-misuse
		// (an attached native thread), unless the thread printed is the VM's own
		// the Exit operation running exit handlers is crash-at-exit's
		if isNativeOOM(p.Log) || (st.TopHas("thread-dump") && !printsVMThread(st)) || st.Has("shutdown") {
			return nil
		}
		if th.Kind != ThreadVM {
			// a pasted header names no thread; frames that run only inside
			// a VM operation (a thread dump's snapshot) say it instead
			// a collection's operation is the GC rule's
			if f, ok := nearTop(st, "vm-op", 3); ok && th.Kind == ThreadUnknown && !st.TopHas("gc") && !vmOpIsGC(f) {
				what := "a VM operation (a thread dump, deadlock detection or heap inspection)"
				if strings.Contains(f.Symbol, "::doit") {
					what = "the VM operation " + strings.TrimSuffix(f.Symbol[:strings.Index(f.Symbol, "::doit")], "()")
				}
				// without the thread named, the frame alone says operation:
				// a candidate
				return []Finding{vmFinding(p, 0.45, "The VM crashed inside a safepoint operation.",
					[]string{"The crashing code, " + strings.TrimSpace(f.FrameText()) + ", runs inside " + what + " at a safepoint; the log does not name the thread."},
					[]string{"Upgrade the JDK.", "Stop or slow down whatever triggers the operation (frequent thread dumps, ThreadMXBean.dumpAllThreads, monitoring agents).", "Report to the JDK vendor with the hs_err."})}
			}
			return nil
		}
		conf := 0.55
		why := []string{"The crashing thread is the VM Thread, which runs safepoint operations (GC, thread dumps, class redefinition, deoptimisation)."}
		if op != nil {
			conf = 0.7
			why = append(why, "It was running: "+strings.TrimSpace(op.Text)+".")
		}
		if st.Has("jvmti-redefine") {
			conf += 0.05
			why = append(why, "The frames are class-metadata/redefinition code ("+strings.TrimSpace(st.FirstTagged("jvmti-redefine").FrameText())+"): agents that redefine classes are a known trigger.")
		}
		return []Finding{vmFinding(p, conf, "The VM Thread crashed during a safepoint operation.", why,
			[]string{"Upgrade the JDK.", "Stop or slow down whatever triggers the operation (frequent thread/heap dumps, agents redefining classes).", "Report to the JDK vendor with the VM_Operation name."})}
	},
}

// vmOpIsGC: the frame is a collection's VM operation (tagged gc).
func vmOpIsGC(f model.Frame) bool {
	return slices.Contains(FrameTags(f), "gc")
}

// Assert: Internal Error from a HotSpot assert/guarantee/ShouldNotReachHere.
var Assert = &Rule{
	Class: "vm-assert-guarantee", Doc: "Internal Error header with assert/guarantee/fatal/ShouldNotReachHere",
	Requires: []*Fact{StackFact, ThreadFact, SigFact},
	Run: func(p *Pass) []Finding {
		l := p.Log
		if l.Header.ErrorKind != "internal-error" {
			if _, ok := headerMatch(l, "Internal Error ("); !ok {
				return nil
			}
		}
		if _, ok := headerMatch(l, "OutOfMemory encountered"); ok {
			return nil // crash-on-oome
		}
		th := Get[*ThreadKind](p, ThreadFact)
		if th.Kind == ThreadCompiler {
			return nil // the compiler rules own compiler asserts
		}
		why := []string{"HotSpot stopped itself: an internal check failed (" + orDash(l.Header.ErrorSource) + ")."}
		for _, m := range l.Header.Messages {
			why = append(why, "The check: "+strings.TrimSpace(strings.TrimLeft(m.Text, "# ")))
		}
		if m, ok := osErrorMessage(l); ok {
			// fatal() reporting an OS failure (a library that would not
			// load, a denied permission) is the environment, not an invariant
			return []Finding{vmFinding(p, 0.45, "HotSpot stopped on an operating-system error it reported as fatal.",
				append(why, "The message quotes an operating-system error ("+m+"): the environment refused something the VM needed (a library to load, a permission), which no VM invariant covers; the log shows what failed, not why the system refused it."),
				[]string{byOS(l, "Fix what the message names (the library's path and permissions, the security policy such as SELinux that denied it).",
					"Fix what the message names (the library's path and permissions, quarantine or code-signing that denied it).",
					"Fix what the message names (the library's path and permissions, an antivirus or policy that denied it).",
					"Fix what the message names (the library's path and permissions, the security policy that denied it)."),
					"Upgrade the JDK if the message points at its own files."})}
		}
		why = append(why, "A failed invariant is a JVM bug, or the result of corruption by native code, agents or hardware.")
		return []Finding{vmFinding(p, 0.75, "A HotSpot internal consistency check failed.", why,
			[]string{"Search the JDK bug tracker for the file:line and message; upgrade to the latest update.", "Report to the JDK vendor with the hs_err."})}
	},
}

// CrashOnOOME: -XX:+CrashOnOutOfMemoryError escalated a Java OOM.
var CrashOnOOME = &Rule{
	Class: "crash-on-oome", Doc: "fatal error 'OutOfMemory encountered'",
	Run: func(p *Pass) []Finding {
		hl, ok := headerMatch(p.Log, "OutOfMemory encountered")
		if !ok {
			return nil
		}
		var ev Ev
		ev.Add(p.Log.Header.ErrorLine, hl)
		if a, ok := p.Log.HasJVMArg("-XX:+CrashOnOutOfMemoryError"); ok {
			ev.Add(a)
		}
		return []Finding{{Role: RootCause, Confidence: 0.9, Summary: "A Java OutOfMemoryError, escalated to a crash by -XX:+CrashOnOutOfMemoryError.",
			Explanation: "The error is \"" + strings.TrimSpace(strings.TrimLeft(hl.Text, "# ")) + "\": a Java-level OOM (heap, metaspace or class space) that the flag turns into an hs_err.",
			Evidence:    ev.Lines(),
			Remedy:      []string{heapDumpRemedy(p.Log), "Size -Xmx / -XX:MaxMetaspaceSize / -XX:CompressedClassSpaceSize to the workload."}}}
	},
}

// staleCode reads a compiled frame whose pc lies before its method's code
// (a negative offset from code_begin): the pc is not in the method at all,
// so the instruction there is not one the compiler emitted for it. The
// jump came through a stale or patched entry (a call site or inline cache
// still pointing at replaced code, the nmethod's header), a code-cache bug.
func staleCode(p *Pass, st *Stack) (Finding, bool) {
	if !st.HasTop || st.Top.Kind != "J" {
		return Finding{}, false
	}
	n, ok := st.Top.BeforeCode()
	if !ok {
		return Finding{}, false
	}
	why := []string{fmt.Sprintf("The problematic frame %s puts the pc %d bytes (0x%x) before the method's code: HotSpot prints pc - code_begin, and +0x%x is that negative offset.", strings.TrimSpace(st.Top.FrameText()), n, n, st.Top.CodeOffset),
		"So the pc is not in the method's instructions: the thread jumped to an address the compiler never emitted code for, through a stale or patched entry (a call site or inline cache still aiming at replaced code, or the nmethod's header). What runs there is not an instruction stream the compiler laid out, which can raise this fault by itself, so the CPU's features need not be in question."}
	m := st.Top.Method
	if m == "" {
		m = strings.TrimSpace(st.Top.FrameText())
	}
	f := vmFinding(p, 0.7, "The pc is before the compiled method's code: a jump through stale or patched code (a JIT/code-cache bug).", why,
		[]string{"Upgrade to the latest update of this JDK line (code patching and inline-cache bugs are fixed in updates).",
			"Work around by excluding the method from compilation: -XX:CompileCommand=exclude," + javaMethodPattern(m) + ".",
			"Report it to the JDK vendor with this log."})
	return f, true
}

// heapDumpRemedy: ask for a heap dump only from a JVM that does not already
// write one.
func heapDumpRemedy(l *model.Log) string {
	if flagOn(l, "HeapDumpOnOutOfMemoryError") {
		return "Treat it as the Java OOM: HeapDumpOnOutOfMemoryError is on, so open the heap dump it wrote (at -XX:HeapDumpPath, or java_pid<pid>.hprof in the working directory) and look for the leak."
	}
	return "Treat it as the Java OOM: capture a heap dump (-XX:+HeapDumpOnOutOfMemoryError) and look for the leak."
}

// wildJump: the problematic frame is a bare address (no library, no code
// blob) equal to the faulting pc: the CPU fetched an instruction where no
// code is.
func wildJump(l *model.Log, st *Stack) bool {
	if !st.HasTop || st.Top.Library != "" || st.Top.Kind != "C" || !l.Header.HasPC {
		return false
	}
	si := l.Thread.Siginfo
	return si != nil && si.HasAddr && si.Addr == l.Header.PC
}

// osErrors are strerror/dlerror texts: in a fatal message they say the OS
// refused something, not that a VM invariant broke.
var osErrors = []string{"Permission denied", "No such file or directory", "cannot open shared object", "cannot restore segment prot", "Operation not permitted", "Read-only file system", "No space left on device"}

// osErrorMessage finds an OS error text in the Internal Error's messages.
func osErrorMessage(l *model.Log) (string, bool) {
	for _, m := range l.Header.Messages {
		for _, e := range osErrors {
			if strings.Contains(m.Text, e) {
				return e, true
			}
		}
	}
	return "", false
}
