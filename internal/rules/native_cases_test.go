package rules

import (
	"fmt"

	"github.com/hserr/hserr/internal/model"
)

// Rows for the rules on native (C) code: NULL and freed pointers, libc
// routines, JNI, signals, traps, versions and exit.

const (
	libTop   = "C  [libvendor.so+0x1a2b]  vendor_read+0x10"
	libcCopy = "C  [libc.so.6+0x18b2c1]  __memmove_avx_unaligned_erms+0x41"
	jvmTop   = "V  [libjvm.so+0x8a1b2c]  jni_GetStringUTFChars+0x5c"
)

var _ = cases(
	// jni-null-deref
	rcase{name: "NULL in a vendor library", rule: JNINullDeref, fire: true, min: 0.7,
		log: hs{Frame: libTop, Frames: []string{libTop}, Siginfo: segvAt(0x18)}.log(), want: []string{"NULL", "libvendor.so", "addr2line"}},
	rcase{name: "NULL that came in as argument 1 (registers and dump)", rule: JNINullDeref, fire: true, min: 0.75,
		log: hs{Err: "SIGSEGV (0xb) at pc=0x00007f0000001114, pid=100, tid=101", Siginfo: segvAt(0x10),
			Frame: "C  [libvendor.so+0x1114]  vendor_init+0x4", Frames: []string{"C  [libvendor.so+0x1114]  vendor_init+0x4", "j  Foo.init()V+1"},
			More: []string{"Registers:",
				"RAX=0x0000000000000000, RBX=0x0000000000000001, RCX=0x0000000000000002, RDX=0x0000000000000003",
				"RSP=0x00007f0000200000, RBP=0x00007f0000200040, RSI=0x0000000000000010, RDI=0x0000000000000000",
				"RIP=0x00007f0000001114, EFLAGS=0x0000000000010246",
				"", "Instructions: (pc=0x00007f0000001114)",
				"0x00007f0000001104:   90 90 90 90 90 90 90 90 90 90 90 90 85 f6 78 0d",
				"0x00007f0000001114:   89 77 10 31 c0 c7 47 14 01 00 00 00 c3 90 90 90"}}.log(),
		want: []string{"RDI=0x0 is not written", "argument 1", "handed vendor_init a NULL pointer"}},
	rcase{name: "NULL fault inside libjvm is not a JNI library's", rule: JNINullDeref,
		log: hs{Frame: jvmTop, Frames: []string{jvmTop}, Siginfo: segvAt(0)}.log()},
	rcase{name: "NULL read in libpython names CPython", rule: JNINullDeref, fire: true, min: 0.7,
		log:  hs{Frame: "C  [libpython3.10.so.1.0+0x1a2b3c]  PyObject_GetAttr+0x1c", Frames: []string{"C  [libpython3.10.so.1.0+0x1a2b3c]  PyObject_GetAttr+0x1c"}, Siginfo: segvAt(0x8)}.log(),
		want: []string{"CPython", "the Python project"}},
	rcase{name: "a #GP (SI_KERNEL, si_addr 0) is not a NULL dereference", rule: JNINullDeref,
		log: hs{Frame: libTop, Frames: []string{libTop}, Siginfo: si(11, "SIGSEGV", "SI_KERNEL", 0)}.log()},
	rcase{name: "vendor library at a heap address is not NULL", rule: JNINullDeref,
		log: hs{Frame: libTop, Frames: []string{libTop}}.log()},

	// native-bad-buffer-copy
	rcase{name: "memmove called from a vendor library", rule: BadBufferCopy, fire: true, min: 0.75,
		log: hs{Frame: libcCopy, Frames: []string{libcCopy, libTop}}.log(), want: []string{"vendor_read", "bad pointer or length"}},
	rcase{name: "memmove called from a catalogued component defers to it", rule: BadBufferCopy, fire: true, below: 0.7,
		log: hs{Frame: libcCopy, Frames: []string{libcCopy, "C  [libfreetype.so.6+0x3e1a4]  FT_Stream_EnterFrame+0x64"}}.log()},
	rcase{name: "libc without symbols faulting on rep movsb (Debian's AVX memmove)", rule: BadBufferCopy, fire: true, min: 0.6,
		log: bareLibc("f3 a4"), want: []string{"rep movsb", "bad pointer or length"}},
	rcase{name: "libc without symbols faulting on a plain load is not a copy", rule: BadBufferCopy,
		log: bareLibc("8b 07")},
	rcase{name: "SIGBUS in memmove belongs to the mapped-file rule", rule: BadBufferCopy,
		log: hs{Err: "SIGBUS (0x7) at pc=0x00007f0000001234, pid=100, tid=101", Siginfo: si(7, "SIGBUS", "BUS_ADRERR", 0x7f0012345000), Frame: libcCopy, Frames: []string{libcCopy, libTop}}.log()},

	// native-heap-corruption
	rcase{name: "fault in _int_free", rule: HeapCorruption, fire: true, min: 0.7,
		log: hs{Frame: "C  [libc.so.6+0x9a1b2]  _int_free+0x3c2", Frames: []string{"C  [libc.so.6+0x9a1b2]  _int_free+0x3c2", libTop}}.log(), want: []string{"MALLOC_CHECK_"}},
	rcase{name: "a vendor function named free_list is not the allocator", rule: HeapCorruption,
		log: hs{Frame: "C  [libvendor.so+0x100]  vendor_free_list+0x10", Frames: []string{"C  [libvendor.so+0x100]  vendor_free_list+0x10"}}.log()},

	// jni-misuse
	rcase{name: "jni_ entry called from a vendor library", rule: JNIMisuse, fire: true, min: 0.65,
		log: hs{Frame: jvmTop, Frames: []string{jvmTop, libTop}, Siginfo: segvAt(0)}.log(), want: []string{"-Xcheck:jni"}},
	rcase{name: "pthread_getcpuclockid in the VM Thread", rule: JNIMisuse, fire: true, min: 0.7,
		log: hs{Thread: `Current thread (0x00007f0000010000):  VMThread "VM Thread" [stack: 0x00007f0000100000,0x00007f0000200000] [id=9]`,
			Frame: "C  [libpthread.so.0+0x10f5e]  pthread_getcpuclockid+0xe", Frames: []string{"C  [libpthread.so.0+0x10f5e]  pthread_getcpuclockid+0xe", "V  [libjvm.so+0x91a2b3]  os::thread_cpu_time(Thread*, bool)+0x1f"}}.log(),
		want: []string{"DetachCurrentThread"}},
	rcase{name: "jni_ entry called from the launcher is not misuse", rule: JNIMisuse,
		log: hs{Frame: jvmTop, Frames: []string{jvmTop, "C  [libjli.so+0x47a9]  JavaMain+0xd19"}}.log()},

	// sigfpe-native-div
	rcase{name: "FPE_INTDIV in a vendor library", rule: NativeDiv, fire: true, min: 0.8,
		log: hs{Err: "SIGFPE (0x8) at pc=0x00007f0000001234, pid=100, tid=101", Siginfo: si(8, "SIGFPE", "FPE_INTDIV", 0x7f0000001234), Frame: libTop, Frames: []string{libTop}}.log()},
	rcase{name: "a SIGSEGV is no division", rule: NativeDiv, log: hs{Frame: libTop, Frames: []string{libTop}}.log()},

	// external-signal
	rcase{name: "SIGSEGV sent by kill", rule: ExternalSignal, fire: true, min: 0.9,
		log: hs{Siginfo: "siginfo: si_signo: 11 (SIGSEGV), si_code: 0 (SI_USER), sent from pid: 4242 (uid: 1000)"}.log(), want: []string{"4242"}},
	rcase{name: "SEGV_MAPERR is raised by a fault, not sent", rule: ExternalSignal, log: hs{Frame: libTop, Frames: []string{libTop}}.log()},

	// native-deliberate-trap / sigill-cpu-feature
	rcase{name: "ud2 in a vendor library", rule: DeliberateTrap, fire: true, min: 0.85, log: sigill(libTop, "0f 0b 90 90"), want: []string{"ud2"}},
	rcase{name: "an AVX-512 instruction is no trap", rule: DeliberateTrap, log: sigill(libTop, "62 f1 fd 48")},
	rcase{name: "EVEX instruction in a vendor library", rule: SigillCPU, fire: true, min: 0.65, log: sigill(libTop, "62 f1 fd 48"), want: []string{"AVX"}},
	rcase{name: "ud2 is not a missing CPU feature", rule: SigillCPU, log: sigill(libTop, "0f 0b 90 90")},
	rcase{name: "SIGILL inside libjvm is not a vendor library's", rule: SigillCPU, log: sigill("V  [libjvm.so+0x1234]  VM_Version::get_processor_features()+0x10", "62 f1 fd 48")},

	// jni-handle-use-after-free
	rcase{name: "stale handle read in the finalizer, close path on the stack", rule: JNIHandleUAF, fire: true, min: 0.6,
		log: hs{Thread: `Current thread (0x00007f0000010000):  JavaThread "Finalizer" daemon [_thread_in_native, id=7, stack(0x00007f0000100000,0x00007f0000200000)]`,
			Frame: "C  [librocksdbjni4711.so+0x1234]  rocksdb::DBImpl::Get+0x10", Frames: []string{"C  [librocksdbjni4711.so+0x1234]  rocksdb::DBImpl::Get+0x10", "j  org.rocksdb.RocksDB.close()V+5"},
			Process: unmappedMap()}.log(), want: []string{"Finalizer", "close", "freed"}},
	rcase{name: "NULL in the same library is a NULL dereference, not a stale handle", rule: JNIHandleUAF,
		log: hs{Frame: libTop, Frames: []string{libTop, "j  org.rocksdb.RocksDB.close()V+5"}, Siginfo: segvAt(0x10), Process: unmappedMap()}.log()},
	rcase{name: "heap address with no caller or lifecycle evidence stays below threshold", rule: JNIHandleUAF,
		log: hs{Frame: libTop, Frames: []string{libTop}, Process: unmappedMap()}.log()},

	// native-version-mismatch
	rcase{name: "NoSuchMethodError before a crash in the JNI library", rule: VersionMismatch, fire: true, min: 0.7,
		log: hs{Frame: "C  [libnetty_transport_native_epoll_x86_6412345.so+0x1234]  netty_epoll_native_sendTo+0x20", Frames: []string{"C  [libnetty_transport_native_epoll_x86_6412345.so+0x1234]  netty_epoll_native_sendTo+0x20"},
			Process: []string{"Internal exceptions (1 events):", "Event: 1.234 Thread 0x00007f0000010000 Exception <a 'java/lang/NoSuchMethodError'{0x000000008f000000}: 'int io.netty.channel.unix.Socket.sendTo(int, boolean)'> (0x000000008f000000) thrown at [src/hotspot/share/prims/jni.cpp, line 1098]"}}.log(),
		want: []string{"NoSuchMethodError", "Align the versions"}},
	rcase{name: "two copies of a library, the crash in another one", rule: VersionMismatch,
		log: hs{Frame: libTop, Frames: []string{libTop}, Process: []string{"Dynamic libraries:",
			"7f0000400000-7f0000401000 r-xp 00000000 08:01 1 /tmp/a/libnetty_transport_native_epoll_x86_6412345678.so",
			"7f0000500000-7f0000501000 r-xp 00000000 08:01 2 /tmp/b/libnetty_transport_native_epoll_x86_6498765432.so",
			"7f0000600000-7f0000601000 r-xp 00000000 08:01 3 /usr/lib/libvendor.so"}}.log()},
	rcase{name: "two copies of the library that crashed", rule: VersionMismatch, fire: true, min: 0.6,
		log: hs{Frame: "C  [libnetty_transport_native_epoll_x86_6412345678.so+0x1234]  netty_epoll_native_sendTo+0x20", Frames: []string{"C  [libnetty_transport_native_epoll_x86_6412345678.so+0x1234]  netty_epoll_native_sendTo+0x20"}, Process: []string{"Dynamic libraries:",
			"7f0000400000-7f0000401000 r-xp 00000000 08:01 1 /tmp/a/libnetty_transport_native_epoll_x86_6412345678.so",
			"7f0000500000-7f0000501000 r-xp 00000000 08:01 2 /tmp/b/libnetty_transport_native_epoll_x86_6498765432.so"}}.log(),
		want: []string{"loaded twice"}},
	rcase{name: "NoSuchMethodError with a crash inside libjvm is something else", rule: VersionMismatch,
		log: hs{Frame: jvmTop, Frames: []string{jvmTop},
			Process: []string{"Internal exceptions (1 events):", "Event: 1.234 Thread 0x00007f0000010000 Exception <a 'java/lang/NoSuchMethodError'{0x000000008f000000}: 'void a.B.c()'> (0x000000008f000000)"}}.log()},

	// native-lib-abi-too-new
	rcase{name: "SIGFPE in do_lookup_x while loading a library", rule: ABITooNew, fire: true, min: 0.85,
		log: hs{Err: "SIGFPE (0x8) at pc=0x00007f0000001234, pid=100, tid=101", Siginfo: si(8, "SIGFPE", "FPE_INTDIV", 0x7f0000001234),
			Frame: "C  [ld-linux-x86-64.so.2+0x8d5c]  do_lookup_x+0xcf", Frames: []string{"C  [ld-linux-x86-64.so.2+0x8d5c]  do_lookup_x+0xcf", "C  [libjava.so+0x1234]  Java_jdk_internal_loader_NativeLibraries_load+0x10"},
			System: []string{"libc: glibc 2.5 NPTL 2.5"}}.log(), want: []string{"hash", "glibc 2.5"}},
	rcase{name: "a GLIBC version message from an optional library's failed load, crash elsewhere", rule: ABITooNew,
		log: hs{Frame: libTop, Frames: []string{libTop}, Process: []string{"Internal exceptions (1 events):",
			"Event: 0.612 Thread 0x00007f0000010000 Exception <a 'java/lang/UnsatisfiedLinkError'{0x000000062a920000}: /tmp/libnetty_epoll.so: /lib64/libc.so.6: version `GLIBC_2.34' not found (required by /tmp/libnetty_epoll.so)> (0x000000062a920000) thrown at [src/hotspot/share/prims/jni.cpp, line 600]", ""}}.log()},
	rcase{name: "SIGFPE in vendor code is a plain division", rule: ABITooNew,
		log: hs{Err: "SIGFPE (0x8) at pc=0x00007f0000001234, pid=100, tid=101", Siginfo: si(8, "SIGFPE", "FPE_INTDIV", 0x7f0000001234), Frame: libTop, Frames: []string{libTop}}.log()},

	// crash-at-exit
	rcase{name: "vendor destructor during the Exit operation", rule: CrashAtExit, fire: true, min: 0.8,
		log: hs{Thread: `Current thread (0x00007f0000010000):  VMThread "VM Thread" [stack: 0x00007f0000100000,0x00007f0000200000] [id=9]`,
			Frame: libTop, Frames: []string{libTop}, Siginfo: segvAt(0),
			More:    []string{"VM_Operation (0x00007f649af1e6d0): Exit, mode: safepoint, requested by thread 0x00007f6494017f90"},
			Process: []string{"VM state: at safepoint (shutting down)"}}.log(), want: []string{"shutting down", "Exit", "destructor"}},
	rcase{name: "DestroyJavaVM only in the thread list is no exit", rule: CrashAtExit,
		log: hs{Frame: libTop, Frames: []string{libTop}, Process: []string{"Java Threads: ( => current thread )",
			`  0x00007f0000020000 JavaThread "DestroyJavaVM" [_thread_blocked, id=5, stack(0x00007f0000300000,0x00007f0000400000)]`, "", "VM state: not at safepoint (normal execution)"}}.log()},

	// jvmti-agent-or-profiler: the -agentpath library is on top
	rcase{name: "fault in the -agentpath library", rule: AgentLibCrash, fire: true, min: 0.85,
		log: hs{Frame: "C  [liblab.so+0x1234]  lab_agent_interval+0x4", Frames: []string{"C  [liblab.so+0x1234]  lab_agent_interval+0x4"}, Siginfo: segvAt(0),
			Process: []string{"VM Arguments:", "jvm_args: -agentpath:/opt/lab/liblab.so=interval=10 -Xmx64m", "java_command: Main"}}.log(), want: []string{"-agentpath:/opt/lab/liblab.so"}},
	rcase{name: "a fault in another library while an agent is loaded", rule: AgentLibCrash,
		log: hs{Frame: libTop, Frames: []string{libTop}, Process: []string{"VM Arguments:", "jvm_args: -agentpath:/opt/lab/liblab.so -Xmx64m", "java_command: Main"}}.log()},
)

// bareLibc is a SIGSEGV in a libc frame without a symbol, with the bytes at pc.
func bareLibc(bytes string) *model.Log {
	frame := "C  [libc.so.6+0x16db20]"
	return hs{Err: "SIGSEGV (0xb) at pc=0x00007f0000001234, pid=100, tid=101", Siginfo: si(11, "SIGSEGV", "SEGV_ACCERR", 0x7f0012345000),
		Frame: frame, Frames: []string{frame, "j  lab.Native.copyRecord(I)V+0"},
		More: []string{"Instructions: (pc=0x00007f0000001234)", "0x00007f0000001224:   90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90", "0x00007f0000001234:   " + bytes + " 90 90 90 90 90 90 90 90 90 90 90 90 90 90"}}.log()
}

// sigill is a SIGILL at a vendor frame with the bytes at pc.
func sigill(frame, bytes string) *model.Log {
	return hs{Err: "SIGILL (0x4) at pc=0x00007f0000001234, pid=100, tid=101", Siginfo: si(4, "SIGILL", "ILL_ILLOPN", 0x7f0000001234),
		Frame: frame, Frames: []string{frame},
		More: []string{"Instructions: (pc=0x00007f0000001234)", "0x00007f0000001224:   90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90", "0x00007f0000001234:   " + bytes + " 90 90 90 90 90 90 90 90 90 90 90 90"}}.log()
}

// unmappedMap is a complete-looking memory map (more than 50 entries) in
// which 0x00007f0012345678 falls in a hole.
func unmappedMap() []string {
	out := []string{"Dynamic libraries:"}
	for i := 0; i < 60; i++ {
		out = append(out, fmt.Sprintf("7f01%08x-7f01%08x r-xp 00000000 08:01 %d /usr/lib/x86_64-linux-gnu/lib%d.so", i*0x10000, i*0x10000+0x1000, 1000+i, i))
	}
	return out
}

// Review round 2, findings 6-8: what a trap, an abort and an upcall may say.
const (
	osCrashTop = "C  [libsystem_trace.dylib+0x7c1e]  _os_crash_fmt+0x2c"
	deepUpcall = "j  com.example.aio.Poller.drain(Lcom/example/aio/Request;)V+48"
	jitUpcall  = "J 812 c2 com.example.aio.Poller.done(Lcom/example/aio/Request;)V (37 bytes) @ 0x00007f41b0a2c318 [0x00007f41b0a2c300+0x0000000000000018]"
)

var _ = cases(
	rcase{name: "a function that exists to crash, no instruction bytes: the name, not the bytes, says trap", rule: DeliberateTrap, fire: true, min: 0.8,
		log: hs{Platform: "bsd-amd64", Err: "SIGILL (0x4) at pc=0x00007ff8113a7c1e, pid=300, tid=7171", Siginfo: si(4, "SIGILL", "ILL_ILLOPN", 0x7ff8113a7c1e),
			Frame: osCrashTop, Frames: []string{osCrashTop}}.log(),
		want: []string{"exists to crash", "no instruction bytes"}},
	rcase{name: "a SIGSEGV in that function is no trap", rule: DeliberateTrap,
		log: hs{Platform: "bsd-amd64", Err: "SIGSEGV (0xb) at pc=0x00007ff8113a7c1e, pid=300, tid=7171", Frame: osCrashTop, Frames: []string{osCrashTop}}.log()},
	rcase{name: "abort() on Linux: the report exists only because SIGABRT did not end the process", rule: DeliberateTrap, fire: true, min: 0.75,
		log:  hs{Siginfo: si(11, "SIGSEGV", "SI_KERNEL", 0), Frame: "C  [libc.so.6+0x2611c]  abort+0x16c", Frames: []string{"C  [libc.so.6+0x2611c]  abort+0x16c", "C  [libvendor_codec.so+0x8a10]  codec_check+0x30"}}.log(),
		want: []string{"did not end it"}},
	rcase{name: "a Java method entered from a vendor's JNI upcall, dying deep in its body: no claim of 'on entry'", rule: JNIMisuse, fire: true, min: 0.5, below: 0.6,
		log:  hs{Frame: deepUpcall, Frames: []string{deepUpcall, callStub, callHelper, callVoid, vendorPoll}}.log(),
		want: []string{"inside its body (bci 48)"}},
	rcase{name: "a compiled upcall target dying at offset 0x18 of its code is at entry", rule: JNIMisuse, fire: true, min: 0.6,
		log:  hs{Frame: jitUpcall, Frames: []string{jitUpcall, callStub, callHelper, callVoid, vendorPoll}}.log(),
		want: []string{"first instructions"}},
)
