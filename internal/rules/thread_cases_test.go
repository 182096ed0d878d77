package rules

import "strings"

// Rows for reading the crashing thread: pre-tiered compiler thread names,
// the "=>" entry of a pasted thread list, and C2 frames known by their IR
// argument type.

const oldCompilerThread = `Current thread (0x0a1c2c00):  JavaThread "CompilerThread0" daemon [_thread_in_native, id=3311, stack(0x9a2f1000,0x9a372000)]`

// jdk6 is a JDK 6 Server (or Client) VM header with a bare libjvm frame.
func jdk6(vm string) string {
	return strings.Join([]string{"#", "# A fatal error has been detected by the Java Runtime Environment:", "#",
		"#  SIGSEGV (0xb) at pc=0xb71c43a2, pid=3302, tid=2587495280", "#", "# JRE version: 6.0_31-b04",
		"# Java VM: Java HotSpot(TM) " + vm + " VM (20.6-b01 mixed mode linux-x86 )", "# Problematic frame:", "# V  [libjvm.so+0x1f43a2]", "#", "",
		"---------------  T H R E A D  ---------------", "", oldCompilerThread, ""}, "\n")
}

// threadList is a paste of only the "Other Threads" list, "=>" on cur.
func threadList(cur string) string {
	return strings.Join([]string{"Other Threads:",
		`  0x000001f3a04c1000 VMThread "VM Thread" [stack: 0x0000009e1b100000,0x0000009e1b200000] [id=7020]`,
		`  0x000001f3a02b7000 GCTaskThread "GC Thread0" [stack: 0x0000009e1ac00000,0x0000009e1ad00000] [id=6544]`,
		"=>" + cur, ""}, "\n")
}

var _ = cases(
	rcase{name: "CompilerThread0 of a JDK 6 Server VM is C2", rule: JITC2, fire: true, min: 0.7, log: raw(jdk6("Server"))},
	rcase{name: "CompilerThread0 of a JDK 6 Client VM is not C2", rule: JITC2, log: raw(jdk6("Client"))},
	rcase{name: "CompilerThread0 of a JDK 6 Client VM is C1", rule: JITC1, fire: true, min: 0.7, log: raw(jdk6("Client"))},
	rcase{name: "a C2 function of IR nodes on top, header only: the frame, not the thread, says C2", rule: JITC2, fire: true,
		log:  hs{Frame: "V  [libjvm.so+0x6c31a8]  needs_acquiring_load_exclusive(Node const*)+0x48", Thread: " "}.log(),
		want: []string{"the log does not name the thread"}},
	rcase{name: "a tree library's Node* function on top is not C2", rule: JITC2,
		log: hs{Frame: "C  [libtreesitter.so+0x1a2b4]  ts_walk(Node*, int)+0x1b", Thread: " "}.log()},
	rcase{name: "a node of a linked list is not C2's IR", rule: JITC2,
		log: hs{Frame: "V  [libjvm.so+0x4b70e6]  LinkedListImpl<ReservedMemoryRegion>::find_node(LinkedListNode<ReservedMemoryRegion> const*)+0x56", Thread: " "}.log()},
	rcase{name: "a pasted thread list marks a GC worker as current", rule: GCCrash, fire: true, min: 0.6,
		log: raw(threadList(`0x000001f3a1d08000 GCTaskThread "GC Thread3" [stack: 0x0000009e1bf00000,0x0000009e1c000000] [id=11384]`))},
	rcase{name: "a pasted thread list marks a Java thread as current", rule: GCCrash,
		log: raw(threadList(`0x000001f3a1d08000 JavaThread "main" [_thread_in_native, id=11384, stack(0x0000009e1bf00000,0x0000009e1c000000)]`))},
)

var _ = cases(
	rcase{name: "a GC worker whose pc faulted at a bare address: a wild jump, not a bad object", rule: GCCrash,
		log: hs{Err: "SIGSEGV (0xb) at pc=0x0000000030000000, pid=100, tid=101", Thread: gcThread, Frame: "C  0x0000000030000000", Frames: []string{"C  0x0000000030000000"}, Siginfo: segvAt(0x30000000)}.log()},
)

const snapshotTop = "V  [libjvm.so+0xe812c4]  ThreadSnapshot::initialize(ThreadsList*, JavaThread*)+0x2a4"

var _ = cases(
	rcase{name: "a thread-dump snapshot on top, no thread named (header only): a candidate", rule: VMOperation,
		log: hs{Frame: snapshotTop, Thread: " "}.log()},
	rcase{name: "a thread-dump snapshot on the VM Thread in its operation", rule: VMOperation, fire: true, min: 0.7,
		log:  hs{Frame: snapshotTop, Frames: []string{snapshotTop}, Thread: vmThread, More: []string{"VM_Operation (0x00007f2b3c0fe6a0): ThreadDump, mode: safepoint, requested by thread 0x00007f2b58031800"}}.log(),
		want: []string{"ThreadDump"}},
	rcase{name: "a collection's VM operation, header only, is not a thread dump", rule: VMOperation,
		log: hs{Frame: "V  [libjvm.so+0x5f3a1e]  VM_GenCollectForAllocation::doit()+0x7e", Thread: " "}.log()},
	rcase{name: "a collection's VM operation, header only, is the GC rule's, without claiming the thread", rule: GCCrash, fire: true, min: 0.5,
		log:  hs{Frame: "V  [libjvm.so+0x5f3a1e]  VM_GenCollectForAllocation::doit()+0x7e", Thread: " "}.log(),
		want: []string{"the log does not name the thread"}},
	rcase{name: "the same frame on a named Java thread is not the VM Thread's operation", rule: VMOperation,
		log: hs{Frame: snapshotTop, Frames: []string{snapshotTop}}.log()},
	rcase{name: "an Internal Error quoting an OS error is no invariant", rule: Assert,
		log: hs{Err: "Internal Error (jvmci.cpp:117), pid=23, tid=61", Header: []string{"fatal error: Unable to load JVMCI shared library from /usr/lib/jvm/graal/lib/libjvmcicompiler.so: failed to map segment from shared object: Operation not permitted"}}.log()},
	rcase{name: "verification off does not explain a fatal on an OS error", rule: NoVerify,
		log: hs{Err: "Internal Error (jvmci.cpp:117), pid=23, tid=61", Header: []string{"fatal error: Unable to load JVMCI shared library: Permission denied"},
			Java: []string{"j  com.example.Service$$EnhancerBySpringCGLIB$$1a2b.handle()V+10"}, Process: []string{"VM Arguments:", "jvm_args: -Xverify:none"}}.log()},
)

const registerNatives = "j  java.lang.Object.<clinit>()V+0 java.base@17.0.9"

var _ = cases(
	rcase{name: "SIGILL in the first interpreted method: the generated interpreter", rule: SigillGenerated, fire: true, min: 0.8,
		log:  hs{Platform: "linux-aarch64", Err: "SIGILL (0x4) at pc=0x0000ffff8a21d3e0, pid=31, tid=32", Siginfo: si(4, "SIGILL", "ILL_ILLOPN", 0xffff8a21d3e0), Frame: registerNatives, Frames: []string{registerNatives}}.log(),
		want: []string{"template interpreter"}},
	rcase{name: "a SIGSEGV in the interpreter is no illegal instruction", rule: SigillGenerated,
		log: hs{Platform: "linux-aarch64", Frame: registerNatives, Frames: []string{registerNatives}}.log()},
	rcase{name: "a crash in the class-list parser while dumping an archive", rule: CDS, fire: true, min: 0.6,
		log:  hs{Platform: "bsd-amd64", Frame: "V  [libjvm.dylib+0x3e1a58]  ClassListParser::resolve_indy(JavaThread*, Symbol*)+0x98", Frames: []string{"V  [libjvm.dylib+0x3e1a58]  ClassListParser::resolve_indy(JavaThread*, Symbol*)+0x98"}}.log(),
		want: []string{"ClassListParser::resolve_indy"}},
	rcase{name: "archive code deep under a GC crash is not the archive's", rule: CDS,
		log: hs{Frame: g1Top, Frames: []string{g1Top, "V  [libjvm.so+0x7f3e10]  G1ParScanThreadState::trim_queue()+0x6c0", "V  [libjvm.so+0x7b2a41]  G1ParEvacuateFollowersClosure::do_void()+0x151", "V  [libjvm.so+0x1234]  ArchiveBuilder::gather_klasses_and_symbols()+0x10"}}.log()},
)
