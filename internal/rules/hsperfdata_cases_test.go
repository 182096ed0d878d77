package rules

// Rows for hsperfdata-tmp beyond a fault address in the mapping.

const (
	perfAllocTop = "V  [libjvm.so+0xc633b9]  PerfMemory::alloc(unsigned long)+0x59"
	memsetTop    = "C  [libc.so.6+0x7ed9b]  memset+0xa5b"
	sigbusErr    = "SIGBUS (0x7) at pc=0x00007f3e0c5aad9b, pid=2, tid=3"
)

var _ = cases(
	rcase{name: "SIGBUS in PerfMemory::alloc", rule: Hsperfdata, fire: true, min: 0.8,
		log:  hs{Err: sigbusErr, Siginfo: si(7, "SIGBUS", "BUS_ADRERR", 0x7f3e0c5a0000), Frame: perfAllocTop, Frames: []string{perfAllocTop, "V  [libjvm.so+0xc5a1b2]  PerfDataManager::create_long_variable(CounterNS, char const*, PerfData::Units, long, JavaThread*)+0x40"}}.log(),
		want: []string{"PerfMemory::alloc", "PerfDisableSharedMem"}},
	rcase{name: "SIGBUS in memset with nothing else shown (header only)", rule: Hsperfdata, fire: true, below: 0.6,
		log:  hs{Err: sigbusErr, Siginfo: si(7, "SIGBUS", "BUS_ADRERR", 0x7f3e0c5a0000), Frame: memsetTop, Frames: []string{memsetTop}}.log(),
		want: []string{"not in the log"}},

	rcase{name: "SIGBUS in memset called by a mapped-buffer write is not the perf file", rule: Hsperfdata,
		log: hs{Err: sigbusErr, Siginfo: si(7, "SIGBUS", "BUS_ADRERR", 0x7f3e0c5a0000), Frame: memsetTop, Frames: []string{memsetTop, "V  [libjvm.so+0x9a1b2c]  Unsafe_SetMemory0+0x40"}}.log()},
	rcase{name: "SIGSEGV in PerfMemory is not a lost page", rule: Hsperfdata,
		log: hs{Frame: perfAllocTop, Frames: []string{perfAllocTop}}.log()},
)
