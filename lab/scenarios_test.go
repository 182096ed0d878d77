package lab

import "syscall"

// Scenario is one way to crash a JVM, and what hserr must say about it.
type Scenario struct {
	Name string
	What string   // what the program does, in one line
	Main string   // Java main class
	Args []string // program arguments; {dir} is the scenario's directory
	JVM  []string // extra JVM flags; {lib} is liblab.so
	// Needs names an optional part: "jna" (Debian's libjna-java) or "ffm"
	// (jdk.incubator.foreign, JDK 17-19).
	Needs string
	// Prepare adjusts the scenario to the machine; a non-empty result
	// skips it with that reason.
	Prepare func(*Scenario) string
	// Kill is sent from outside once the program prints "ready".
	Kill syscall.Signal
	// NoLog explains why this JDK may write no hs_err for the scenario;
	// the lab then checks that the JVM died of SIGSEGV instead.
	NoLog string
	Want  Want
}

const allOnes = ^uint64(0)

// scenarios is the lab. Each row crashes a JVM for real; see the Java
// class and the C file named in What for how.
var scenarios = []Scenario{
	{
		Name: "jni-null-arg-write",
		What: "JNI code passes GetDirectBufferAddress(heap buffer) = NULL to lab_init_header, which writes through it (null_arg.c)",
		Main: "lab.NullArgWrite",
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrIs(0),
			Frame: Frame{Kind: "C", Library: "liblab.so", Symbol: "lab_init_header"}, Thread: "_thread_in_native",
			Class: "jni-null-deref",
			Fault: Fault{AddrClass: "null", Insn: "[rdi]", Arg: &Arg{"RDI", 1, "lab_init_header"}}},
	},
	{
		Name: "jni-near-null-field",
		What: "a closed handle (0) reaches lab_conn_fd, which reads the field at offset 0x18 (near_null.c)",
		Main: "lab.ClosedHandle",
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrIs(0x18),
			Frame: Frame{Kind: "C", Library: "liblab.so", Symbol: "lab_conn_fd"}, Thread: "_thread_in_native",
			Class: "jni-null-deref",
			Fault: Fault{AddrClass: "near-null", Insn: "[rdi+0x18]", Arg: &Arg{"RDI", 1, "lab_conn_fd"}}},
	},
	{
		Name: "mmap-failed-minus-one",
		What: "native code mmaps a missing file, checks the result against NULL, not MAP_FAILED, and writes to -1 (mmap_failed.c)",
		Main: "lab.MmapFailed",
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrIs(allOnes),
			Frame: Frame{Kind: "C", Library: "liblab.so", Symbol: "lab_ring_reset"}, Thread: "_thread_in_native",
			Class: "unchecked-mmap-failed",
			Fault: Fault{AddrClass: "all-ones", Insn: "[rdi]", Arg: &Arg{"RDI", 1, "lab_ring_reset"}}},
	},
	{
		Name:  "ffm-segment-minus-one",
		What:  "jdk.incubator.foreign: mmap(fd -1) downcall returns -1, wrapped as a MemorySegment and copied into (the memfd_secret seed)",
		Main:  "lab.FfmMinusOne",
		Needs: "ffm",
		JVM:   []string{"--add-modules=jdk.incubator.foreign", "--enable-native-access=ALL-UNNAMED"},
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrIs(allOnes),
			Frame: Frame{Kind: "v", Stub: "~StubRoutines::jbyte_disjoint_arraycopy"},
			Class: "unchecked-mmap-failed", Fault: Fault{AddrClass: "all-ones"}},
	},
	{
		Name: "sigbus-truncated-mapping",
		What: "a mapped file is truncated, then CRC32.update(mappedBuffer) reads it through the updateBytesCRC32 stub",
		Main: "lab.TruncatedMap", Args: []string{"{dir}"},
		Want: Want{Signal: "SIGBUS", SiCode: "BUS_ADRERR", Addr: addrInFile("segment"),
			Frame: Frame{Kind: "v", Stub: "~StubRoutines::updateBytesCRC32"}, Thread: "_thread_in_Java",
			Class: "sigbus-mapped-file", Fault: Fault{AddrClass: "mapped"}},
	},
	{
		Name: "sigfpe-native-div",
		What: "native integer division by zero in lab_average (div_zero.c)",
		Main: "lab.DivZero",
		Want: Want{Signal: "SIGFPE", SiCode: "FPE_INTDIV", Addr: addrAtPC(),
			Frame: Frame{Kind: "C", Library: "liblab.so", Symbol: "lab_average"}, Thread: "_thread_in_native",
			Class: "sigfpe-native-div", Fault: Fault{Insn: "idiv"}},
	},
	{
		Name: "native-trap-ud2",
		What: "__builtin_trap() (ud2) on a 'cannot happen' path in lab_check_state (trap.c)",
		Main: "lab.Trap",
		Want: Want{Signal: "SIGILL", SiCode: "ILL_ILLOPN", Addr: addrAtPC(),
			Frame: Frame{Kind: "C", Library: "liblab.so"}, Thread: "_thread_in_native",
			Class: "native-deliberate-trap", Fault: Fault{Insn: "ud2"}},
	},
	{
		Name:    "sigill-missing-cpu-feature",
		What:    "executes an instruction of an ISA extension this CPU lacks (cpu_feature.c; picked from /proc/cpuinfo)",
		Main:    "lab.MissingInstruction",
		Prepare: pickMissingFeature,
		Want: Want{Signal: "SIGILL", Addr: addrAtPC(),
			Frame: Frame{Kind: "C", Library: "liblab.so", Symbol: "lab_use_feature"}, Thread: "_thread_in_native",
			Class: "sigill-cpu-feature"},
	},
	{
		Name: "jni-misuse-null-array",
		What: "native code calls GetArrayLength on a null jintArray; the fault is inside libjvm (jni_misuse.c)",
		Main: "lab.JniMisuse",
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrIs(0),
			Frame: Frame{Kind: "V", Library: "libjvm.so"}, Thread: "_thread_in_vm",
			Class: "jni-misuse", Fault: Fault{AddrClass: "null"}},
	},
	{
		Name: "unsafe-freed-interpreted",
		What: "Unsafe.getLong on off-heap memory after freeMemory (glibc unmapped it), interpreted (-Xint)",
		Main: "lab.FreedRead",
		JVM:  []string{"-Xint"},
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrAbove(1 << 20),
			Frame: Frame{Kind: "V", Library: "libjvm.so", Symbol: "Unsafe_GetLong"}, Thread: "_thread_in_vm",
			Class: "unsafe-offheap-misuse"},
	},
	{
		Name: "unsafe-freed-c2",
		What: "the same read after C2 compiled the reader (warm-up loop, -XX:-TieredCompilation -Xbatch)",
		Main: "lab.FreedRead", Args: []string{"warm"},
		JVM: []string{"-XX:-TieredCompilation", "-Xbatch", "-XX:CompileCommand=quiet",
			"-XX:CompileCommand=compileonly,lab.FreedRead::peek"},
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrAbove(1 << 20),
			Frame: Frame{Kind: "J", Compiler: "c2", Method: "lab.FreedRead.peek"}, Thread: "_thread_in_Java",
			Class: "unsafe-offheap-misuse",
			Known: map[string]string{
				"class": "rules: a C2 frame at an off-heap address with sun/misc/Unsafe loaded is read as a miscompilation; Unsafe.getLong is inlined, so no frame names Unsafe",
			}},
	},
	{
		Name: "crash-on-oome",
		What: "fills a 16 MB heap with -XX:+CrashOnOutOfMemoryError",
		Main: "lab.Oome",
		JVM:  []string{"-Xmx16m", "-XX:+CrashOnOutOfMemoryError"},
		Want: Want{Error: "internal-error", Message: "OutOfMemory encountered: Java heap space",
			Thread: "_thread_in_vm", Class: "crash-on-oome"},
	},
	{
		Name: "signal-handler-overridden",
		What: "a library takes SIGSEGV/SIGBUS/SIGPIPE and forwards without the ucontext; a plain NPE then kills the JVM (handler.c)",
		Main: "lab.HandlerOverride",
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrIs(0), Thread: "_thread_in_Java",
			Class: "signal-handler-overridden"},
	},
	{
		Name: "external-kill-segv",
		What: "the lab sends SIGSEGV to a sleeping JVM from outside (kill)",
		Main: "lab.Sleeper",
		Kill: syscall.SIGSEGV,
		Want: Want{Signal: "SIGSEGV", SiCode: "SI_USER", Class: "external-signal"},
	},
	{
		Name: "native-memcpy-overread",
		What: "lab_copy_record memcpys 64 KiB from 64 bytes before a PROT_NONE page (bad_copy.c)",
		Main: "lab.OverreadCopy",
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_ACCERR",
			Frame: Frame{Kind: "C", Library: "libc.so.6"}, Thread: "_thread_in_native",
			Class: "native-bad-buffer-copy"},
	},
	{
		Name: "mmap-use-after-unmap",
		What: "a MappedByteBuffer is force-unmapped (Unsafe.invokeCleaner) and then read",
		Main: "lab.UnmappedRead", Args: []string{"{dir}"},
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrNotInFile("index"),
			Frame: Frame{Kind: "V", Library: "libjvm.so", Symbol: "Unsafe_GetByte"}, Thread: "_thread_in_vm",
			Class: "unsafe-offheap-misuse",
			// The log cannot tell a force-unmapped MappedByteBuffer from freed
			// direct memory (same frames, SEGV_MAPERR in a hole): hserr must
			// say the off-heap reading and name the unmapped-buffer alternative.
			Says: []string{"force-unmapped", "mmap-use-after-unmap"}},
	},
	{
		Name: "gc-heap-corruption",
		What: "Unsafe writes a bogus compressed reference into an object; the next Parallel GC follows it",
		Main: "lab.CorruptHeap",
		JVM:  []string{"-XX:-UseSerialGC", "-XX:+UseParallelGC"},
		Want: Want{Signal: "SIGSEGV", Frame: Frame{Kind: "V", Library: "libjvm.so"}, Thread: "GCTaskThread",
			Class: "gc-crash-heap-corruption"},
	},
	{
		Name:  "jna-direct-null",
		What:  "JNA direct mapping (Native.register) passes Pointer.NULL to lab_init_header",
		Main:  "lab.jna.Direct",
		Needs: "jna",
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrIs(0),
			Frame: Frame{Kind: "C", Library: "liblab.so", Symbol: "lab_init_header"}, Thread: "_thread_in_native",
			Class: "jni-null-deref",
			Fault: Fault{AddrClass: "null", Insn: "[rdi]", Arg: &Arg{"RDI", 1, "lab_init_header"}}},
	},
	{
		Name:  "jna-callback-near-null",
		What:  "native code calls a JNA callback with pointer 0x8; the callback's Pointer.getInt faults in libjnidispatch",
		Main:  "lab.jna.Callback",
		Needs: "jna",
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrIs(0x8),
			Frame: Frame{Kind: "C", Symbol: "Java_com_sun_jna_Native_getInt"}, Thread: "_thread_in_native",
			Class: "jni-null-deref", Fault: Fault{AddrClass: "near-null"}},
	},
	{
		Name: "native-use-after-close",
		What: "a native session (256 KiB, so glibc mmaps it) is freed by close() and then read through the stale handle (use_after_close.c)",
		Main: "lab.SessionAfterClose",
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrAbove(1 << 20),
			Frame: Frame{Kind: "C", Library: "liblab.so", Symbol: "lab_session_fd"}, Thread: "_thread_in_native",
			Class: "jni-handle-use-after-free", Fault: Fault{Arg: &Arg{"RDI", 1, "lab_session_fd"}}},
	},
	{
		Name: "crash-at-exit",
		What: "System.exit runs a library destructor that writes through a released (NULL) registry (at_exit.c)",
		Main: "lab.ExitFlush",
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrIs(0),
			Frame: Frame{Kind: "C", Library: "liblab.so", Symbol: "lab_registry_flush"}, Thread: "VMThread",
			Class: "crash-at-exit"},
	},
	{
		Name: "jvmti-agent-null",
		What: "a JVMTI agent (-agentpath:liblab.so) reads a NULL config in its VMInit callback (agent.c)",
		Main: "lab.Hello",
		JVM:  []string{"-agentpath:{lib}"},
		Want: Want{Signal: "SIGSEGV", SiCode: "SEGV_MAPERR", Addr: addrIs(0),
			Frame: Frame{Kind: "C", Library: "liblab.so", Symbol: "lab_agent_interval"},
			Class: "jvmti-agent-or-profiler", Findings: []string{"jvmti-agent-or-profiler"}, Fault: Fault{AddrClass: "null"}},
	},
	{
		Name:  "native-stack-overflow",
		What:  "unbounded native recursion (4 KiB frames) on a 512 KiB Java thread (stack_overflow.c)",
		Main:  "lab.DeepNative",
		NoLog: "JDK 17 cannot deliver the signal on an exhausted native stack, so the process dies without an hs_err (JDK-8373128 adds one later)",
		Want:  Want{Signal: "SIGSEGV", Class: "stack-overflow-native"},
	},
}
