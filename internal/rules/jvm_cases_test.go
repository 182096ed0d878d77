package rules

import "strings"

// Rows for the rules on JVM internals: compilers, GC, VM operations,
// internal errors, compiled code, NUMA, verification and agents.

const (
	c2Thread = `Current thread (0x00007f0000010000):  JavaThread "C2 CompilerThread0" daemon [_thread_in_native, id=20, stack(0x00007f0000100000,0x00007f0000200000)]`
	c1Thread = `Current thread (0x00007f0000010000):  JavaThread "C1 CompilerThread0" daemon [_thread_in_native, id=21, stack(0x00007f0000100000,0x00007f0000200000)]`
	gcThread = `Current thread (0x00007f0000010000):  GCTaskThread "GC Thread#3" [stack: 0x00007f0000100000,0x00007f0000200000] [id=22]`
	vmThread = `Current thread (0x00007f0000010000):  VMThread "VM Thread" [stack: 0x00007f0000100000,0x00007f0000200000] [id=9]`
	javaTop  = "J 4242 c2 com.example.Parser.next()I (120 bytes) @ 0x00007f0000001234 [0x00007f0000001200+0x0000000000000034]"
)

var compileTask = []string{"", "Current CompileTask:", "C2:  41002 4862   !   4       com.example.Parser::next (365 bytes)"}

const staleTop = "J 3285 c2 java.util.AbstractList.subListRangeCheck(III)V java.base@12.0.1 (110 bytes) @ 0x00007f682098912c [0x00007f68209891a0+0xffffffffffffff8c]"

var _ = cases(
	rcase{name: "PhaseIdealLoop on the C2 thread", rule: JITC2, fire: true, min: 0.85,
		log:  hs{Thread: c2Thread, Frame: "V  [libjvm.so+0x1234]  PhaseIdealLoop::build_loop_late_post_work(Node*, bool)+0x10", Frames: []string{"V  [libjvm.so+0x1234]  PhaseIdealLoop::build_loop_late_post_work(Node*, bool)+0x10"}, More: compileTask}.log(),
		want: []string{"com.example.Parser::next", "CompileCommand=exclude"}},
	rcase{name: "C2 frames on the C1 thread are not a C2 crash", rule: JITC2,
		log: hs{Thread: c1Thread, Frame: "V  [libjvm.so+0x1234]  LinearScan::allocate_registers()+0x10", Frames: []string{"V  [libjvm.so+0x1234]  LinearScan::allocate_registers()+0x10"}}.log()},
	rcase{name: "LinearScan on the C1 thread", rule: JITC1, fire: true, min: 0.85,
		log: hs{Thread: c1Thread, Frame: "V  [libjvm.so+0x1234]  LinearScan::allocate_registers()+0x10", Frames: []string{"V  [libjvm.so+0x1234]  LinearScan::allocate_registers()+0x10"}}.log()},
	rcase{name: "a Java thread is no compiler", rule: JITC1, log: hs{Frame: jvmTop, Frames: []string{jvmTop}}.log()},

	rcase{name: "fault in a C2-compiled method", rule: CompiledCode, fire: true, min: 0.6,
		log: hs{Frame: javaTop, Frames: []string{javaTop}}.log(), want: []string{"com.example.Parser::next"}},
	rcase{name: "SIGBUS in compiled code is a mapped file", rule: CompiledCode,
		log: hs{Err: "SIGBUS (0x7) at pc=0x00007f0000001234, pid=100, tid=101", Siginfo: si(7, "SIGBUS", "BUS_ADRERR", 0x7f0012345000), Frame: javaTop, Frames: []string{javaTop}}.log()},

	rcase{name: "SIGILL in a compiled method", rule: SigillGenerated, fire: true, min: 0.8,
		log: hs{Err: "SIGILL (0x4) at pc=0x00007f0000001234, pid=100, tid=101", Siginfo: si(4, "SIGILL", "ILL_ILLOPN", 0x7f0000001234), Frame: javaTop, Frames: []string{javaTop}}.log()},
	rcase{name: "SIGILL in a native library is not generated code", rule: SigillGenerated, log: sigill(libTop, "62 f1 fd 48")},
	rcase{name: "SIGILL with a pc before the method's code is stale or patched code", rule: SigillGenerated, fire: true, min: 0.7,
		log:  hs{Err: "SIGILL (0x4) at pc=0x00007f682098912c, pid=100, tid=101", Siginfo: si(4, "SIGILL", "ILL_ILLOPN", 0x7f682098912c), Frame: staleTop, Frames: []string{staleTop}}.log(),
		want: []string{"116 bytes (0x74) before the method's code", "stale or patched"}},
	rcase{name: "a SIGSEGV with a pc before the method's code is stale or patched code too", rule: CompiledCode, fire: true, min: 0.7,
		log: hs{Frame: staleTop, Frames: []string{staleTop}}.log(), want: []string{"before the method's code"}},

	rcase{name: "G1 evacuation on a GC thread", rule: GCCrash, fire: true, min: 0.75,
		log: hs{Thread: gcThread, Frame: "V  [libjvm.so+0x1234]  G1ParScanThreadState::copy_to_survivor_space(G1HeapRegionAttr, oopDesc*, markWord)+0x10", Frames: []string{"V  [libjvm.so+0x1234]  G1ParScanThreadState::copy_to_survivor_space(G1HeapRegionAttr, oopDesc*, markWord)+0x10"}}.log()},
	rcase{name: "a #GP in the GC with UTF-16 text as the base register (string bytes used as a pointer)", rule: GCCrash, fire: true, min: 0.8,
		log: hs{Thread: gcThread, Err: "SIGSEGV (0xb) at pc=0x00007f0000001234, pid=100, tid=101", Siginfo: si(11, "SIGSEGV", "SI_KERNEL", 0),
			Frame: "V  [libjvm.so+0x1234]  G1ParScanThreadState::copy_to_survivor_space(G1HeapRegionAttr, oopDesc*, markWord)+0x10", Frames: []string{"V  [libjvm.so+0x1234]  G1ParScanThreadState::copy_to_survivor_space(G1HeapRegionAttr, oopDesc*, markWord)+0x10"},
			More: []string{"Registers:",
				"RAX=0x0000000000000001, RBX=0x00007f0000300000, RCX=0x0000000000000002, RDX=0x0000000000000003",
				"RSP=0x00007f00001ff000, RBP=0x00007f00001ff040, RSI=0x0000000000000010, RDI=0x0030003000310030",
				"RIP=0x00007f0000001234, EFLAGS=0x0000000000010246",
				"", "Instructions: (pc=0x00007f0000001234)",
				"0x00007f0000001224:   90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90",
				"0x00007f0000001234:   8b 47 08 85 c0 90 90 90 90 90 90 90 90 90 90 90"}}.log(),
		want: []string{`RDI=0x0030003000310030 reads as the utf-16le text "0100"`, "heap corruption"}},
	rcase{name: "an Internal Error on a Java thread is not the GC's", rule: GCCrash,
		log: hs{Err: "Internal Error (g1ConcurrentMark.cpp:123), pid=100, tid=101", Header: []string{"guarantee(x) failed: y"}, Frame: jvmTop, Frames: []string{jvmTop}}.log()},

	rcase{name: "VM Thread during a thread dump", rule: VMOperation, fire: true, min: 0.7,
		log: hs{Thread: vmThread, Frame: "V  [libjvm.so+0x1234]  frame::sender(RegisterMap*) const+0x10", Frames: []string{"V  [libjvm.so+0x1234]  frame::sender(RegisterMap*) const+0x10"},
			More: []string{"VM_Operation (0x00007f0000300000): PrintThreads, mode: safepoint, requested by thread 0x00007f0000020000"}}.log(), want: []string{"PrintThreads"}},
	rcase{name: "a Java thread is no VM operation", rule: VMOperation, log: hs{Frame: jvmTop, Frames: []string{jvmTop}}.log()},

	rcase{name: "guarantee failed", rule: Assert, fire: true, min: 0.75,
		log: hs{Err: "Internal Error (sharedRuntime.cpp:553), pid=100, tid=101", Header: []string{"guarantee(cb != NULL) failed: exception happened outside interpreter, nmethods and vtable stubs at pc 0x1"}}.log(), want: []string{"guarantee"}},
	rcase{name: "OutOfMemory encountered is crash-on-oome, not an assert", rule: Assert,
		log: hs{Err: "Internal Error (debug.cpp:339), pid=100, tid=101", Header: []string{"fatal error: OutOfMemory encountered: Java heap space"}}.log()},

	rcase{name: "CrashOnOutOfMemoryError", rule: CrashOnOOME, fire: true, min: 0.9,
		log: hs{Err: "Internal Error (debug.cpp:339), pid=100, tid=101", Header: []string{"fatal error: OutOfMemory encountered: Java heap space"}, Process: []string{"VM Arguments:", "jvm_args: -Xmx16m -XX:+CrashOnOutOfMemoryError"}}.log(), want: []string{"heap dump"}},
	rcase{name: "another fatal error", rule: CrashOnOOME, log: hs{Err: "Internal Error (debug.cpp:339), pid=100, tid=101", Header: []string{"fatal error: Illegal threadstate encountered: 4"}}.log()},

	rcase{name: "MutableNUMASpace with -XX:+UseNUMA", rule: NUMA, fire: true, min: 0.8,
		log: hs{Thread: gcThread, Frame: "V  [libjvm.so+0x1234]  MutableNUMASpace::cas_allocate(unsigned long)+0x10", Frames: []string{"V  [libjvm.so+0x1234]  MutableNUMASpace::cas_allocate(unsigned long)+0x10"},
			Process: []string{"VM Arguments:", "jvm_args: -XX:+UseParallelGC -XX:+UseNUMA"}}.log(), want: []string{"JDK-8351649"}},
	rcase{name: "the same frame without UseNUMA", rule: NUMA,
		log: hs{Thread: gcThread, Frame: "V  [libjvm.so+0x1234]  MutableNUMASpace::cas_allocate(unsigned long)+0x10", Frames: []string{"V  [libjvm.so+0x1234]  MutableNUMASpace::cas_allocate(unsigned long)+0x10"}}.log()},
	rcase{name: "UseNUMA with a GC crash outside allocation code", rule: NUMA,
		log: hs{Thread: gcThread, Frame: "V  [libjvm.so+0x1234]  oopDesc::size_given_klass(Klass*)+0x10", Frames: []string{"V  [libjvm.so+0x1234]  oopDesc::size_given_klass(Klass*)+0x10"},
			Process: []string{"VM Arguments:", "jvm_args: -XX:+UseNUMA"}}.log()},

	rcase{name: "-Xverify:none and a crash in the interpreter", rule: NoVerify, fire: true, min: 0.75,
		log: hs{Frame: "V  [libjvm.so+0x1234]  InterpreterRuntime::resolve_from_cache(JavaThread*, Bytecodes::Code)+0x10", Frames: []string{"V  [libjvm.so+0x1234]  InterpreterRuntime::resolve_from_cache(JavaThread*, Bytecodes::Code)+0x10", "j  com.example.Gen$$EnhancerByCGLIB$$1.run()V+4"},
			Process: []string{"VM Arguments:", "jvm_args: -Xverify:none -Xmx1g"}}.log(), want: []string{"VerifyError"}},
	rcase{name: "the interpreter crash with verification on", rule: NoVerify,
		log: hs{Frame: "V  [libjvm.so+0x1234]  InterpreterRuntime::resolve_from_cache(JavaThread*, Bytecodes::Code)+0x10", Frames: []string{"V  [libjvm.so+0x1234]  InterpreterRuntime::resolve_from_cache(JavaThread*, Bytecodes::Code)+0x10"}}.log()},
	rcase{name: "-noverify with an unrelated native crash is only a factor", rule: NoVerify,
		log: hs{Frame: libTop, Frames: []string{libTop}, Process: []string{"VM Arguments:", "jvm_args: -noverify"}}.log()},

	rcase{name: "RedefineClasses with a Java agent", rule: AgentInstrumentation, fire: true, min: 0.79,
		log: hs{Thread: vmThread, Frame: "V  [libjvm.so+0x1234]  VM_RedefineClasses::redefine_single_class(Thread*, _jclass*, InstanceKlass*)+0x10", Frames: []string{"V  [libjvm.so+0x1234]  VM_RedefineClasses::redefine_single_class(Thread*, _jclass*, InstanceKlass*)+0x10"},
			Process: []string{"VM Arguments:", "jvm_args: -javaagent:/opt/apm/agent.jar -Xmx1g"}}.log(), want: []string{"-javaagent:/opt/apm/agent.jar"}},
	rcase{name: "RedefineClasses with no agent option: redefinition itself says an agent or debugger asked", rule: AgentInstrumentation, fire: true, below: 0.65,
		log:  hs{Thread: vmThread, Frame: "V  [libjvm.so+0x1234]  VM_RedefineClasses::redefine_single_class(Thread*, _jclass*, InstanceKlass*)+0x10", Frames: []string{"V  [libjvm.so+0x1234]  VM_RedefineClasses::redefine_single_class(Thread*, _jclass*, InstanceKlass*)+0x10"}}.log(),
		want: []string{"no agent option"}},
	rcase{name: "DCEVM's enhanced redefinition, header only: the VM named as context, no extra weight", rule: AgentInstrumentation, fire: true, below: 0.65,
		log:  raw(strings.Replace(hsText(hs{Frame: "V  [libjvm.so+0x81c3a2]  VM_EnhancedRedefineClasses::load_new_class_versions(Thread*)+0x1b8"}), "OpenJDK 64-Bit Server VM (", "Dynamic Code Evolution 64-Bit Server VM (", 1)),
		want: []string{"DCEVM"}},
	rcase{name: "class-file parsing with no agent is not instrumentation", rule: AgentInstrumentation,
		log: hs{Frame: "V  [libjvm.so+0x1234]  ClassFileParser::parse_stream(ClassFileStream const*, JavaThread*)+0x10", Frames: []string{"V  [libjvm.so+0x1234]  ClassFileParser::parse_stream(ClassFileStream const*, JavaThread*)+0x10"}}.log()},
	rcase{name: "class unloading (MetadataOnStackMark) with an agent is GC work", rule: AgentInstrumentation,
		log: hs{Thread: vmThread, Frame: "V  [libjvm.so+0x1234]  MetadataOnStackMark::~MetadataOnStackMark()+0x10", Frames: []string{"V  [libjvm.so+0x1234]  MetadataOnStackMark::~MetadataOnStackMark()+0x10"},
			Process: []string{"VM Arguments:", "jvm_args: -javaagent:/opt/apm/agent.jar"}}.log()},
)
