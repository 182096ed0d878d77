package rules

// The shape the crash lab produces (lab/c/handler.c): a library takes
// SIGSEGV and SIGPIPE and forwards faults without the ucontext.
var (
	fwdFrames = []string{
		"V  [libjvm.so+0xf21801]  VMError::report_and_die(int, char const*, char const*, __va_list_tag*, Thread*, unsigned char*, void*, void*, char const*, int, unsigned long)+0x171",
		"V  [libjvm.so+0xdc1a6f]  JVM_handle_linux_signal+0x18f",
		"C  [libc.so.6+0x3c050]",
		"j  lab.HandlerOverride.main([Ljava/lang/String;)V+7",
		"v  ~StubRoutines::call_stub",
	}
	fwdHandlers = []string{
		"Signal Handlers:",
		"   SIGSEGV: crash_handler in libjvm.so, mask=11100100010111111101111111111110, flags=SA_RESTART|SA_SIGINFO, unblocked",
		"   SIGPIPE: lab_signal_handler in liblab.so, mask=00000000000000000000000000000000, flags=SA_ONSTACK|SA_SIGINFO, unblocked",
		"  *** Handler was modified!",
		"  *** Expected: javaSignalHandler in libjvm.so, mask=11100100110111111111111111111110, flags=SA_RESTART|SA_SIGINFO",
	}
	pcZero = "SIGSEGV (0xb) at pc=0x0000000000000000, pid=100, tid=101"
)

var _ = cases(
	rcase{name: "HotSpot reports a Java-frame fault at pc=0 and a library handler is installed", rule: SignalForwarded, fire: true, min: 0.8,
		log:  hs{Err: pcZero, Siginfo: segvAt(0), Frames: fwdFrames, Process: fwdHandlers}.log(),
		want: []string{"without the original siginfo and ucontext", "libjsig.so", "SIGPIPE → lab_signal_handler in liblab.so"}},
	rcase{name: "the same crash shape with only HotSpot's handlers installed", rule: SignalForwarded,
		log: hs{Err: pcZero, Siginfo: segvAt(0), Frames: fwdFrames, Process: fwdHandlers[:2]}.log()},
	rcase{name: "a library handler is installed but the fault is an ordinary one in a library", rule: SignalForwarded,
		log: hs{Frame: "C  [libvendor.so+0x1234]  vendor_read+0x14", Frames: []string{"C  [libvendor.so+0x1234]  vendor_read+0x14", "j  Foo.read()V+1"}, Process: fwdHandlers}.log()},
)
