package rules

// Rows for Apple frameworks that crash on purpose and the macOS libraries
// that are the OS's.

const (
	carbonTop   = "C  [AppKit+0x5e21a4]  _NSCarbonMenuCrashIfNeeded+0x1c0"
	dispatchTop = "C  [libdispatch.dylib+0x3c2f1]  __DISPATCH_WAIT_FOR_QUEUE__+0x1a4"
	macSigill   = "SIGILL (0x4) at pc=0x00007ff81a3c42b9, pid=100, tid=259"
)

var _ = cases(
	rcase{name: "AppKit's CrashIfNeeded function raised the SIGILL", rule: DeliberateTrap, fire: true, min: 0.8,
		log: hs{Platform: "bsd-amd64", Err: macSigill, Siginfo: si(4, "SIGILL", "ILL_ILLOPN", 0x7ff81a3c42b9), Frame: carbonTop, Frames: []string{carbonTop}}.log()},
	rcase{name: "a SIGILL in AppKit is not a missing CPU feature", rule: SigillCPU,
		log: hs{Platform: "bsd-amd64", Err: macSigill, Siginfo: si(4, "SIGILL", "ILL_ILLOPN", 0x7ff81a3c42b9), Frame: carbonTop, Frames: []string{carbonTop}}.log()},
	rcase{name: "libdispatch's wait-for-queue crash is a dispatch_sync onto the running queue", rule: AppKit, fire: true, min: 0.75,
		log:  hs{Platform: "bsd-amd64", Err: macSigill, Siginfo: si(4, "SIGILL", "ILL_ILLOPN", 0x7ff81a3c42b9), Frame: dispatchTop, Frames: []string{dispatchTop}}.log(),
		want: []string{"dispatch_sync"}},
	rcase{name: "a SIGILL in libdispatch is no CPU feature either", rule: SigillCPU,
		log: hs{Platform: "bsd-amd64", Err: macSigill, Siginfo: si(4, "SIGILL", "ILL_ILLOPN", 0x7ff81a3c42b9), Frame: dispatchTop, Frames: []string{dispatchTop}}.log()},
	rcase{name: "a function merely named for crash reporting in a vendor library is no trap", rule: DeliberateTrap,
		log: hs{Err: "SIGSEGV (0xb) at pc=0x00007f0000001234, pid=100, tid=101", Frame: "C  [libvendor.so+0x1234]  report_crash_stats+0x10", Frames: []string{"C  [libvendor.so+0x1234]  report_crash_stats+0x10"}}.log()},
	rcase{name: "macOS's font parser is the OS's, not a third-party library", rule: ThirdPartyNative,
		log: hs{Platform: "bsd-amd64", Err: "SIGBUS (0xa) at pc=0x00007ff8123c51e2, pid=100, tid=101", Siginfo: " ", Frame: "C  [libFontParser.dylib+0x51e2]  TCFFFont::GetGlyphCount() const+0x32"}.log()},
)

const abortTop = "C  [libc.so.6+0x2871b]  abort+0x1a7"

var _ = cases(
	rcase{name: "abort() on top under a native bridge, SIGSEGV SI_KERNEL", rule: DeliberateTrap, fire: true, min: 0.75,
		log:  hs{Siginfo: si(11, "SIGSEGV", "SI_KERNEL", 0), Frame: abortTop, Frames: []string{abortTop, "C  [libc.so.6+0x9c3f0]", "C  [_jpype.so+0x1a2b3]  JPRef_wake+0x40"}}.log(),
		want: []string{"abort()"}},
	rcase{name: "the JVM's own abort after its error report is not native code's", rule: DeliberateTrap,
		log: hs{Siginfo: si(11, "SIGSEGV", "SI_KERNEL", 0), Frame: abortTop, Frames: []string{abortTop, "V  [libjvm.so+0x9a1b2c]  os::abort(bool, void*, void const*)+0x40", "V  [libjvm.so+0x9b1c2d]  VMError::report_and_die(Thread*)+0x100"}}.log()},
	rcase{name: "the Exit operation's exit handlers are crash-at-exit, not a VM operation crash", rule: VMOperation,
		log: hs{Thread: vmThread, Frame: "C  [ld-linux-x86-64.so.2+0x1d4a]", Frames: []string{"C  [ld-linux-x86-64.so.2+0x1d4a]", "C  [libc.so.6+0x47a76]  __run_exit_handlers+0x166", "V  [libjvm.so+0x8a7c10]  vm_exit(int)+0x0", "V  [libjvm.so+0xf3a2d8]  VM_Operation::evaluate()+0x128"}}.log()},
)

// nullFrameRead is a fault at -16 by `mov rax, [rbp-0x10]` with RBP 0.
func nullFrameRead(rbp string, addr uint64) hs {
	return hs{Err: "SIGSEGV (0xb) at pc=0x00007f0000001000, pid=100, tid=101", Siginfo: si(11, "SIGSEGV", "SEGV_MAPERR", addr),
		Frame: "C  [libvendor.so+0x1000]  vendor_call+0x0", Frames: []string{"C  [libvendor.so+0x1000]  vendor_call+0x0"},
		More: []string{"Registers:",
			"RAX=0x0000000000000000, RBX=0x0000000000000001, RCX=0x0000000000000002, RDX=0x0000000000000003",
			"RSP=0x00007f00001ff000, RBP=" + rbp + ", RSI=0x0000000000000004, RDI=0x0000000000000005",
			"RIP=0x00007f0000001000, EFLAGS=0x0000000000010246",
			"", "Instructions: (pc=0x00007f0000001000)",
			"0x00007f0000000ff0:   90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90",
			"0x00007f0000001000:   48 8b 45 f0 90 90 90 90 90 90 90 90 90 90 90 90"}}
}

var _ = cases(
	rcase{name: "-16 read through a NULL frame pointer is no MAP_FAILED", rule: MmapFailed, log: nullFrameRead("0x0000000000000000", 0xfffffffffffffff0).log()},
	rcase{name: "a read 16 below a -1 pointer is", rule: MmapFailed, fire: true, log: nullFrameRead("0xffffffffffffffff", 0xffffffffffffffef).log(), min: 0.45},
)

const axTop = "j  com.sun.glass.ui.mac.MacWindow._setBounds2(JZZZZFFFFFFFF)Z+0 javafx.graphics@21.0.3"

var _ = cases(
	rcase{name: "JavaFX's AppKit bridge on a worker thread", rule: AppKit, fire: true, min: 0.5,
		log: hs{Platform: "bsd-aarch64", Frame: axTop, Frames: []string{axTop},
			Thread: `Current thread (0x000000014a0c6e00):  JavaThread "pool-3-thread-2" daemon [_thread_in_native, id=81975, stack(0x0000000175438000,0x000000017563b000)]`}.log(),
		want: []string{"Platform.runLater"}},
	rcase{name: "the same bridge on the JavaFX Application Thread is allowed", rule: AppKit,
		log: hs{Platform: "bsd-aarch64", Frame: axTop, Frames: []string{axTop},
			Thread: `Current thread (0x000000014a0c6e00):  JavaThread "JavaFX Application Thread" [_thread_in_native, id=1, stack(0x0000000175438000,0x000000017563b000)]`}.log()},
)

var _ = cases(
	rcase{name: "'sent by kill' on the error line of a header-only paste", rule: ExternalSignal, fire: true, min: 0.5,
		log: hs{Err: "SIGSEGV (0xb) at pc=0x00007f61d2a0b3c8 (sent by kill), pid=20481, tid=20502", Siginfo: " "}.log(), want: []string{"was sent by kill (line"}},
)

var _ = cases(
	rcase{name: "an AWT LWCToolkit native on the event thread hops to AppKit itself", rule: AppKit,
		log: hs{Platform: "bsd-aarch64", Frame: "j  sun.lwawt.macosx.CPlatformWindow.nativeSetNSWindowBounds(JDDDD)V+0 java.desktop@17", Frames: []string{"j  sun.lwawt.macosx.CPlatformWindow.nativeSetNSWindowBounds(JDDDD)V+0 java.desktop@17"},
			Thread: `Current thread (0x000000014a0c6e00):  JavaThread "AWT-EventQueue-0" [_thread_in_native, id=81975, stack(0x0000000175438000,0x000000017563b000)]`}.log()},
	rcase{name: "Java2D's Metal pipeline on its flusher thread hops to AppKit itself", rule: AppKit,
		log: hs{Platform: "bsd-aarch64", Frame: "j  sun.java2d.metal.MTLRenderQueue.flushBuffer(JI)V+0 java.desktop@21", Frames: []string{"j  sun.java2d.metal.MTLRenderQueue.flushBuffer(JI)V+0 java.desktop@21"},
			Thread: `Current thread (0x000000014a0c6e00):  JavaThread "Java2D Queue Flusher" daemon [_thread_in_native, id=40195, stack(0x0000000175438000,0x000000017563b000)]`}.log()},
	rcase{name: "SWT's Cocoa bindings on a worker thread call AppKit on that thread", rule: AppKit, fire: true, min: 0.5, below: 0.6,
		log: hs{Platform: "bsd-aarch64", Frame: "j  org.eclipse.swt.internal.cocoa.OS.objc_msgSend(JJ)J+0", Frames: []string{"j  org.eclipse.swt.internal.cocoa.OS.objc_msgSend(JJ)J+0"},
			Thread: `Current thread (0x000000014a0c6e00):  JavaThread "Worker-7" [_thread_in_native, id=40195, stack(0x0000000175438000,0x000000017563b000)]`}.log(),
		want: []string{"main thread"}},
)
