package rules

// Rows for hsperfdata-tmp beyond a fault address in the mapping.

const (
	perfAllocTop = "V  [libjvm.so+0xb8e4c2]  PerfMemory::alloc(unsigned long)+0x72"
	memsetTop    = "C  [libc.so.6+0x9b4d1]  memset+0x4b1"
	sigbusErr    = "SIGBUS (0x7) at pc=0x00007f5d2e19b4d1, pid=2, tid=3"
)

var _ = cases(
	rcase{name: "SIGBUS in PerfMemory::alloc", rule: Hsperfdata, fire: true, min: 0.8,
		log:  hs{Err: sigbusErr, Siginfo: si(7, "SIGBUS", "BUS_ADRERR", 0x7f5d2a000000), Frame: perfAllocTop, Frames: []string{perfAllocTop, "V  [libjvm.so+0xc5a1b2]  PerfDataManager::create_long_variable(CounterNS, char const*, PerfData::Units, long, JavaThread*)+0x40"}}.log(),
		want: []string{"PerfMemory::alloc", "PerfDisableSharedMem"}},
	rcase{name: "SIGBUS in memset with nothing else shown (header only) is a candidate, not a verdict", rule: Hsperfdata,
		log: hs{Err: sigbusErr, Siginfo: si(7, "SIGBUS", "BUS_ADRERR", 0x7f5d2a000000), Frame: memsetTop, Frames: []string{memsetTop}}.log()},
	rcase{name: "SIGBUS in a modern glibc's __memset_avx2 alone is no verdict either", rule: Hsperfdata,
		log: hs{Err: "SIGBUS (0x7) at pc=0x00007f8a41d9e2a3, pid=48, tid=61", Siginfo: si(7, "SIGBUS", "BUS_ADRERR", 0x7f8a3c400000),
			Frame: "C  [libc.so.6+0x19e2a3]  __memset_avx2_unaligned_erms+0x63", Frames: []string{"C  [libc.so.6+0x19e2a3]  __memset_avx2_unaligned_erms+0x63"}}.log()},
	rcase{name: "SIGBUS in memset under PerfMemory code is the perf file", rule: Hsperfdata, fire: true, min: 0.8,
		log:  hs{Err: sigbusErr, Siginfo: si(7, "SIGBUS", "BUS_ADRERR", 0x7f5d2a000000), Frame: memsetTop, Frames: []string{memsetTop, "V  [libjvm.so+0xb8e1f0]  PerfMemory::initialize()+0x1c4"}}.log(),
		want: []string{"PerfMemory::initialize"}},

	rcase{name: "SIGBUS in memset called by a mapped-buffer write is not the perf file", rule: Hsperfdata,
		log: hs{Err: sigbusErr, Siginfo: si(7, "SIGBUS", "BUS_ADRERR", 0x7f5d2a000000), Frame: memsetTop, Frames: []string{memsetTop, "V  [libjvm.so+0x9a1b2c]  Unsafe_SetMemory0+0x40"}}.log()},
	rcase{name: "SIGSEGV in PerfMemory is not a lost page", rule: Hsperfdata,
		log: hs{Frame: perfAllocTop, Frames: []string{perfAllocTop}}.log()},
)

const fillWindow = "C  [libzip.so+0x13a65]  fill_window+0x95"

var _ = cases(
	rcase{name: "libzip deflating a stream in memory is no zip file modified", rule: LibraryClass, class: "zip-file-modified-while-open",
		log: hs{JDK: "1.8.0_281-b09", Frame: fillWindow, Frames: []string{fillWindow, "C  [libzip.so+0x14b3e]  deflate_slow+0x1ce", "C  [libzip.so+0x12f2a]  deflate+0x15a", "C  [libzip.so+0x5a1f]  Java_java_util_zip_Deflater_deflateBytes+0x1bf"}}.log()},
	rcase{name: "libzip reading a jar's central directory on JDK 8", rule: LibraryClass, class: "zip-file-modified-while-open", fire: true, min: 0.8,
		log: hs{JDK: "1.8.0_281-b09", Frame: "C  [libzip.so+0x5a1f]  newEntry+0x6f", Frames: []string{"C  [libzip.so+0x5a1f]  newEntry+0x6f", "C  [libzip.so+0x6b2e]  ZIP_GetEntry2+0xd8", "C  [libzip.so+0x3c1d]  Java_java_util_zip_ZipFile_getEntry+0xe5"}}.log()},
)

const msvcrTop = "C  [msvcr120.dll+0x6a3e4]"

var _ = cases(
	rcase{name: "an illegal instruction in the Visual C++ runtime on Windows", rule: SigillCPU, fire: true, min: 0.6,
		log: hs{Platform: "windows-amd64", Err: "EXCEPTION_ILLEGAL_INSTRUCTION (0xc000001d) at pc=0x000007feeab35c01, pid=100, tid=101", Siginfo: " ",
			Frame: msvcrTop, Frames: []string{msvcrTop}}.log(), want: []string{"C library"}},
	rcase{name: "an access violation in the Visual C++ runtime is no CPU feature", rule: SigillCPU,
		log: hs{Platform: "windows-amd64", Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x000007feeab35c01, pid=100, tid=101", Siginfo: winAV,
			Frame: msvcrTop, Frames: []string{msvcrTop}}.log()},
	rcase{name: "the Visual C++ runtime is the C library, not a third-party library", rule: ThirdPartyNative,
		log: hs{Platform: "windows-amd64", Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x000007feeab35c01, pid=100, tid=101", Siginfo: winAV,
			Frame: "C  [msvcr100.dll+0x4c1b2]", Frames: []string{"C  [msvcr100.dll+0x4c1b2]"}}.log()},
	rcase{name: "Windows common controls are the OS's", rule: ThirdPartyNative,
		log: hs{Platform: "windows-amd64", Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x00007ffb31461a07, pid=100, tid=101", Siginfo: winAV,
			Frame: "C  [COMCTL32.dll+0x51a07]", Frames: []string{"C  [COMCTL32.dll+0x51a07]"}}.log()},
)

var _ = cases(
	rcase{name: "a fault inside a bundled jemalloc, no symbol", rule: HeapCorruption, fire: true, min: 0.7,
		log: hs{Platform: "windows-amd64", Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x00007ffcb629e4c9, pid=100, tid=101", Siginfo: winAV,
			Frame: "C  [jemalloc.dll+0x2e4c9]", Frames: []string{"C  [jemalloc.dll+0x2e4c9]"}}.log(), want: []string{"allocator"}},
	rcase{name: "jemalloc preloaded but the fault is in a vendor library", rule: HeapCorruption,
		log: hs{Frame: libTop, Frames: []string{libTop}, Process: []string{"Dynamic libraries:", "7f0000000000-7f0000100000 r-xp 00000000 08:01 1234                       /usr/lib/libjemalloc.so.2"}}.log()},
)
