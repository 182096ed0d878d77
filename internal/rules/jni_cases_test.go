package rules

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// Rows for jni-misuse shapes: a Java upcall dying on entry, a JNI function
// on top with no caller shown, and thread dumps of the VM's own threads.

const (
	upcallTop  = "j  com.example.aio.Poller.done(Lcom/example/aio/Request;)V+1"
	callStub   = "v  ~StubRoutines::call_stub"
	callHelper = "V  [libjvm.so+0x685d2b]  JavaCalls::call_helper(JavaValue*, methodHandle*, JavaCallArguments*, Thread*)+0xddb"
	callVoid   = "V  [libjvm.so+0x6cf6a6]  jni_CallVoidMethod+0x166"
	vendorPoll = "C  [libexample-aio.so+0x29b6]  Java_com_example_aio_Poller_blockedPoll+0x156"
	fastGet    = "v  ~BufferBlob::jni_fast_GetIntField"
	getCPU     = "C  [libpthread.so.0+0xfeb4]  pthread_getcpuclockid+0x4"
)

var _ = cases(
	rcase{name: "a Java method called back from a vendor library dies on entry", rule: JNIMisuse, fire: true, min: 0.6,
		log:  hs{Frame: upcallTop, Frames: []string{upcallTop, callStub, callHelper, callVoid, vendorPoll}}.log(),
		want: []string{"jni_CallVoidMethod", "libexample-aio.so", "-Xcheck:jni"}},
	rcase{name: "a JNI field stub on top at NULL, no caller shown", rule: JNIMisuse, fire: true, min: 0.6,
		log:  hs{Frame: fastGet, Frames: []string{fastGet}, Siginfo: segvAt(0)}.log(),
		want: []string{"NULL"}},

	rcase{name: "the same upcall made by the JDK's own library is not native misuse", rule: JNIMisuse,
		log: hs{Frame: upcallTop, Frames: []string{upcallTop, callStub, callHelper, callVoid, "C  [libjava.so+0x1234]  JNU_CallMethodByName+0x40"}}.log()},
	rcase{name: "a Java method deep under its callers, not entered from the call stub", rule: JNIMisuse,
		log: hs{Frame: upcallTop, Frames: []string{upcallTop, "j  com.example.aio.Poller.run()V+20", callStub, callHelper, callVoid, vendorPoll}}.log()},
	rcase{name: "a JNI function on top with no fault address is a candidate, not a verdict", rule: JNIMisuse,
		log: hs{Frame: "V  [libjvm.so+0x91c2a4]  jni_GetStaticObjectField+0x74", Frames: []string{"V  [libjvm.so+0x91c2a4]  jni_GetStaticObjectField+0x74"}, Siginfo: "-"}.log()},
	rcase{name: "a G1 barrier frame on top is heap access, not a JNI call", rule: JNIMisuse,
		log: hs{Frame: "V  [libjvm.so+0x5e81d0]  AccessInternal::PostRuntimeDispatch<G1BarrierSet::AccessBarrier<282726ul, G1BarrierSet>, (AccessInternal::BarrierType)3, 282726ul>::oop_access_barrier(void*)+0x10",
			Frames: []string{"V  [libjvm.so+0x5e81d0]  AccessInternal::PostRuntimeDispatch<G1BarrierSet::AccessBarrier<282726ul, G1BarrierSet>, (AccessInternal::BarrierType)3, 282726ul>::oop_access_barrier(void*)+0x10"}, Siginfo: segvAt(8)}.log()},
	rcase{name: "JNIHandles::make_local on top is the VM's handle code, not a JNI call", rule: JNIMisuse,
		log: hs{Frame: "V  [libjvm.so+0x8d1e3c]  JNIHandles::make_local(oopDesc*)+0x1c", Frames: []string{"V  [libjvm.so+0x8d1e3c]  JNIHandles::make_local(oopDesc*)+0x1c"}, Siginfo: segvAt(0)}.log()},
	rcase{name: "a JNI stub on top at a heap address is not a NULL reference", rule: JNIMisuse,
		log: hs{Frame: fastGet, Frames: []string{fastGet}, Siginfo: segvAt(0x7f0012345678)}.log()},
	rcase{name: "a thread dump tripping over a GC thread's handle is not an attached thread", rule: JNIMisuse,
		log: hs{Thread: vmThread, Frame: getCPU, Frames: []string{getCPU, "V  [libjvm.so+0xe63315]  Thread::print_on(outputStream*, bool) const+0x55",
			"V  [libjvm.so+0xe6354b]  NamedThread::print_on(outputStream*) const+0x3b", "V  [libjvm.so+0x7a79a7]  G1ConcurrentRefine::print_threads_on(outputStream*) const+0x37"}}.log()},
	rcase{name: "that thread dump is the VM operation's crash", rule: VMOperation, fire: true, min: 0.55,
		log: hs{Thread: vmThread, Frame: getCPU, Frames: []string{getCPU, "V  [libjvm.so+0xe63315]  Thread::print_on(outputStream*, bool) const+0x55",
			"V  [libjvm.so+0xe6354b]  NamedThread::print_on(outputStream*) const+0x3b", "V  [libjvm.so+0x7a79a7]  G1ConcurrentRefine::print_threads_on(outputStream*) const+0x37"}}.log()},
)

const (
	appWrapper = "J 107380  com.example.Native.lookup(Ljava/lang/String;)Ljava/lang/String; (0 bytes) @ 0x00002b41eda950c6 [0x00002b41eda94ec0+0x206]"
	jdkWrapper = "J 2210  java.util.zip.Inflater.inflateBytes(J[BII)I (0 bytes) @ 0x00002b41eda950c6 [0x00002b41eda94ec0+0x206]"
)

var _ = cases(
	rcase{name: "an application native method's wrapper on top", rule: JNIMisuse, fire: true, min: 0.55,
		log: hs{JDK: "1.8.0_262-b10", Frame: appWrapper}.log(), want: []string{"native-method wrapper"}},
	rcase{name: "a JDK native method's wrapper is not the application's JNI use", rule: JNIMisuse,
		log: hs{JDK: "1.8.0_262-b10", Frame: jdkWrapper}.log()},
	rcase{name: "a native method's wrapper is not compiled Java code", rule: CompiledCode,
		log: hs{JDK: "1.8.0_262-b10", Frame: appWrapper}.log()},
)

const mutexTop = "C  [libpthread.so.0+0x9a40]  pthread_mutex_lock+0x0"

var _ = cases(
	rcase{name: "a mutex fault under sqlite-jdbc's Java method, its library's frames missing: a candidate, no bonus for the missing frames", rule: JNIHandleUAF,
		log: hs{Frame: mutexTop, Frames: []string{mutexTop}, Siginfo: si(11, "SIGSEGV", "SI_KERNEL", 0),
			Java: []string{"J 4187  org.sqlite.core.NativeDB.step(J)I (0 bytes) @ 0x00007f5a21c3e9a0 [0x00007f5a21c3e960+0x0000000000000040]"}}.log()},
	rcase{name: "a mutex in a freed struct locked from sqlite-jdbc's native library", rule: JNIHandleUAF, fire: true, min: 0.5,
		log: hs{Frame: mutexTop, Frames: []string{mutexTop, "C  [sqlite-3.45.1.0-5c1e0a2b-libsqlitejdbc.so+0x3a1c2]  sqlite3_reset+0x22"}, Siginfo: si(11, "SIGSEGV", "SI_KERNEL", 0),
			Java: []string{"J 4187  org.sqlite.core.NativeDB.step(J)I (0 bytes) @ 0x00007f5a21c3e9a0 [0x00007f5a21c3e960+0x0000000000000040]"}}.log(),
		want: []string{"sqlite-jdbc's", "sqlite3_reset"}},
	rcase{name: "a mutex fault under an application's own Java code names no wrapper", rule: JNIHandleUAF,
		log: hs{Frame: mutexTop, Frames: []string{mutexTop}, Siginfo: si(11, "SIGSEGV", "SI_KERNEL", 0),
			Java: []string{"j  com.example.Cache.lock()V+10"}}.log()},
)

// winFragment is a pasted excerpt: Java frames, siginfo and the register
// mapping, without header or native frames.
func winFragment(rip string) *model.Log {
	return raw(strings.Join([]string{
		"j  org.eclipse.equinox.launcher.Main.run([Ljava/lang/String;)I+4",
		"v  ~StubRoutines::call_stub", "",
		"siginfo: EXCEPTION_ACCESS_VIOLATION (0xc0000005), reading address 0x0000000000000000", "", "",
		"Register to memory mapping:", "",
		rip,
		"RDX=0x0 is NULL", ""}, "\n"))
}

var _ = cases(
	rcase{name: "a fragment whose pc mapping names a vendor DLL, reading NULL", rule: JNINullDeref, fire: true, min: 0.6,
		log: winFragment("RIP=0x00007ff91c27b5e2 swt-win32-4966r5.dll"), want: []string{"swt-win32-4966r5.dll"}},
	rcase{name: "a fragment whose pc mapping is not a library names no frame", rule: JNINullDeref,
		log: winFragment("RIP=0x00007ff91c27b5e2 is an unknown value")},
)
