package rules

import "strings"

// Rows for reading the crashing thread: pre-tiered compiler thread names,
// the "=>" entry of a pasted thread list, and C2 frames known by their IR
// argument type.

const oldCompilerThread = `Current thread (0x08f76400):  JavaThread "CompilerThread0" daemon [_thread_in_native, id=14728, stack(0x8fe3d000,0x8febe000)]`

// jdk6 is a JDK 6 Server (or Client) VM header with a bare libjvm frame.
func jdk6(vm string) string {
	return strings.Join([]string{"#", "# A fatal error has been detected by the Java Runtime Environment:", "#",
		"#  SIGSEGV (0xb) at pc=0xb6c0f85d, pid=14720, tid=2414599024", "#", "# JRE version: 6.0_21-b06",
		"# Java VM: Java HotSpot(TM) " + vm + " VM (17.0-b16 mixed mode linux-x86 )", "# Problematic frame:", "# V  [libjvm.so+0x12a85d]", "#", "",
		"---------------  T H R E A D  ---------------", "", oldCompilerThread, ""}, "\n")
}

// threadList is a paste of only the "Other Threads" list, "=>" on cur.
func threadList(cur string) string {
	return strings.Join([]string{"Other Threads:",
		`  0x00000200face6800 VMThread "VM Thread" [stack: 0x00000057c9700000,0x00000057c9800000] [id=14180]`,
		`  0x00000200da6e2000 GCTaskThread "GC Thread0" [stack: 0x00000057c9200000,0x00000057c9300000] [id=15860]`,
		"=>" + cur, ""}, "\n")
}

var _ = cases(
	rcase{name: "CompilerThread0 of a JDK 6 Server VM is C2", rule: JITC2, fire: true, min: 0.7, log: raw(jdk6("Server"))},
	rcase{name: "CompilerThread0 of a JDK 6 Client VM is not C2", rule: JITC2, log: raw(jdk6("Client"))},
	rcase{name: "CompilerThread0 of a JDK 6 Client VM is C1", rule: JITC1, fire: true, min: 0.7, log: raw(jdk6("Client"))},
	rcase{name: "a C2 function of IR nodes on top, header only", rule: JITC2, fire: true,
		log: hs{Frame: "V  [libjvm.so+0x2d5894]  unnecessary_acquire(Node const*)+0x3c", Thread: " "}.log()},
	rcase{name: "a node of a linked list is not C2's IR", rule: JITC2,
		log: hs{Frame: "V  [libjvm.so+0x2d5894]  LinkedListImpl<ReservedMemoryRegion>::find_node(LinkedListNode<ReservedMemoryRegion> const*)+0x3c", Thread: " "}.log()},
	rcase{name: "a pasted thread list marks a GC worker as current", rule: GCCrash, fire: true, min: 0.6,
		log: raw(threadList(`0x00000200fc594800 GCTaskThread "GC Thread2" [stack: 0x00000057ca400000,0x00000057ca500000] [id=9772]`))},
	rcase{name: "a pasted thread list marks a Java thread as current", rule: GCCrash,
		log: raw(threadList(`0x00000200fc594800 JavaThread "main" [_thread_in_native, id=9772, stack(0x00000057ca400000,0x00000057ca500000)]`))},
)

var _ = cases(
	rcase{name: "a GC worker whose pc faulted at a bare address: a wild jump, not a bad object", rule: GCCrash,
		log: hs{Err: "SIGSEGV (0xb) at pc=0x0000000030000000, pid=100, tid=101", Thread: gcThread, Frame: "C  0x0000000030000000", Frames: []string{"C  0x0000000030000000"}, Siginfo: segvAt(0x30000000)}.log()},
)

const snapshotTop = "V  [libjvm.so+0xf66b09]  ThreadSnapshot::initialize(ThreadsList*, JavaThread*)+0x179"

var _ = cases(
	rcase{name: "a thread-dump snapshot on top, no thread named (header only)", rule: VMOperation, fire: true, min: 0.5,
		log: hs{Frame: snapshotTop, Thread: " "}.log(), want: []string{"ThreadSnapshot::initialize"}},
	rcase{name: "the same frame on a named Java thread is not the VM Thread's operation", rule: VMOperation,
		log: hs{Frame: snapshotTop, Frames: []string{snapshotTop}}.log()},
	rcase{name: "an Internal Error quoting an OS error is no invariant", rule: Assert,
		log: hs{Err: "Internal Error (jvmci.cpp:90), pid=1, tid=128", Header: []string{"fatal error: Unable to load JVMCI shared library from /opt/jdk/lib/libjvmcicompiler.so: cannot restore segment prot after reloc: Permission denied"}}.log()},
	rcase{name: "verification off does not explain a fatal on an OS error", rule: NoVerify,
		log: hs{Err: "Internal Error (jvmci.cpp:90), pid=1, tid=128", Header: []string{"fatal error: Unable to load JVMCI shared library: Permission denied"},
			Java: []string{"j  com.example.Service$$EnhancerBySpringCGLIB$$1a2b.handle()V+10"}, Process: []string{"VM Arguments:", "jvm_args: -Xverify:none"}}.log()},
)

const registerNatives = "j  java.lang.System.registerNatives()V+0 java.base@21.0.3"

var _ = cases(
	rcase{name: "SIGILL in the first interpreted method: the generated interpreter", rule: SigillGenerated, fire: true, min: 0.8,
		log:  hs{Platform: "linux-aarch64", Err: "SIGILL (0x4) at pc=0x0000ffff9cb3fc5c, pid=7, tid=15", Siginfo: si(4, "SIGILL", "ILL_ILLOPN", 0xffff9cb3fc5c), Frame: registerNatives, Frames: []string{registerNatives}}.log(),
		want: []string{"template interpreter"}},
	rcase{name: "a SIGSEGV in the interpreter is no illegal instruction", rule: SigillGenerated,
		log: hs{Platform: "linux-aarch64", Frame: registerNatives, Frames: []string{registerNatives}}.log()},
	rcase{name: "a crash in the class-list parser while dumping an archive", rule: CDS, fire: true, min: 0.6,
		log:  hs{Platform: "bsd-amd64", Frame: "V  [libjvm.dylib+0x2dcc9c]  ClassListParser::resolve_indy(Symbol*, Thread*)+0xcc", Frames: []string{"V  [libjvm.dylib+0x2dcc9c]  ClassListParser::resolve_indy(Symbol*, Thread*)+0xcc"}}.log(),
		want: []string{"ClassListParser::resolve_indy"}},
	rcase{name: "archive code deep under a GC crash is not the archive's", rule: CDS,
		log: hs{Frame: g1Top, Frames: []string{g1Top, "V  [libjvm.so+0x8021d8]  G1ParScanThreadState::trim_queue()+0x938", "V  [libjvm.so+0x7c1eaf]  G1ParEvacuateFollowersClosure::do_void()+0x2ff", "V  [libjvm.so+0x1234]  ArchiveBuilder::gather_klasses_and_symbols()+0x10"}}.log()},
)
