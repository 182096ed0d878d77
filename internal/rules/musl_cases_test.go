package rules

// Rows for musl-glibc-mismatch: the unrelocated small pc, with and without
// musl in the log, and crashes in musl itself.

const (
	smallPCErr = "SIGSEGV (0xb) at pc=0x000000000001c3f0, pid=1, tid=7"
	smallPCTop = "C  0x000000000001c3f0"
	vendorInit = "C  [libvendor_native.so+0x1f4a8]  init_vendor_tables+0x18"
	muslMapped = "7f3c21a40000-7f3c21acd000 r-xp 00000000 fd:00 2203117                    /lib/ld-musl-x86_64.so.1"
	muslTop    = "C  [ld-musl-x86_64.so.1+0x4a1c7]"
)

var _ = cases(
	rcase{name: "a bare small pc called from a vendor library, ld-musl mapped", rule: MuslMismatch, fire: true, min: 0.8,
		log: hs{Err: smallPCErr, Frame: smallPCTop, Frames: []string{smallPCTop, vendorInit}, Siginfo: segvAt(0x1c3f0),
			Process: []string{"Dynamic libraries:", muslMapped}}.log(),
		want: []string{"musl", "ld-musl", "libvendor_native.so"}},
	rcase{name: "a small pc from a vendor library, musl not in the log: a candidate below the threshold", rule: MuslMismatch,
		log: hs{Err: smallPCErr, Frame: smallPCTop, Frames: []string{smallPCTop, vendorInit}, Siginfo: segvAt(0x1c3f0)}.log()},
	rcase{name: "a small pc inside a named library, ld-musl mapped: low-mapped code, a candidate only", rule: MuslMismatch,
		log: hs{Err: "SIGSEGV (0xb) at pc=0x0000000000431a44, pid=1, tid=9", Frame: "C  [launcher+0x31a44]", Frames: []string{"C  [launcher+0x31a44]"},
			Process: []string{"Dynamic libraries:", muslMapped}}.log()},

	rcase{name: "a crash inside musl itself is not a mismatch (musl JDKs run on musl)", rule: MuslMismatch,
		log: hs{Err: "SIGSEGV (0xb) at pc=0x00007f3c21a8a1c7, pid=12, tid=31", Frame: muslTop, Frames: []string{muslTop},
			Process: []string{"Dynamic libraries:", muslMapped}}.log()},
	rcase{name: "a NULL function pointer (pc 0) is not an unrelocated jump", rule: MuslMismatch,
		log: hs{Err: "SIGSEGV (0xb) at pc=0x0000000000000000, pid=1, tid=7", Frame: "C  0x0000000000000000", Frames: []string{"C  0x0000000000000000", vendorInit},
			Process: []string{"Dynamic libraries:", muslMapped}}.log()},
	rcase{name: "a small pc in compiled Java code is not a native relocation", rule: MuslMismatch,
		log: hs{Err: smallPCErr, Frame: staleTop, Frames: []string{staleTop}, Process: []string{"Dynamic libraries:", muslMapped}}.log()},
)

var _ = cases(
	rcase{name: "a small pc on a process the log shows on glibc is no musl mismatch", rule: MuslMismatch,
		log: hs{Err: smallPCErr, Frame: smallPCTop, Frames: []string{smallPCTop, vendorInit}, Siginfo: segvAt(0x1c3f0),
			System: []string{"libc: glibc 2.35 NPTL 2.35 "}}.log()},
)

// The reviewer's probes: a small pc is also where a non-PIE executable's
// code lives, and glibc's own loader on the stack shows glibc.
var _ = cases(
	rcase{name: "a frame whose offset exceeds the pc is the caller: the pc is in no library", rule: MuslMismatch, fire: true, min: 0.8,
		log: hs{Err: smallPCErr, Frame: vendorInit, Frames: []string{vendorInit}, Siginfo: segvAt(0x1c3f0),
			Process: []string{"Dynamic libraries:", muslMapped}}.log(),
		want: []string{"in no library"}},
	rcase{name: "a non-PIE executable's code at 0x401234 is no unrelocated jump", rule: MuslMismatch,
		log: hs{Err: "SIGSEGV (0xb) at pc=0x0000000000401234, pid=4242, tid=4243", Frame: "C  [mylauncher+0x1234]  start_vm+0x54", Frames: []string{"C  [mylauncher+0x1234]  start_vm+0x54"}}.log()},
	rcase{name: "an ARM launcher frame at a small pc is no unrelocated jump", rule: MuslMismatch,
		log: hs{Err: "SIGSEGV (0xb) at pc=0x0000000000412345, pid=77, tid=78", Platform: "linux-aarch64", Frame: "C  [java+0x2345]", Frames: []string{"C  [java+0x2345]"}}.log()},
	rcase{name: "glibc's loader ld-linux on the stack shows glibc", rule: MuslMismatch,
		log: hs{Err: smallPCErr, Frame: smallPCTop, Frames: []string{smallPCTop, "C  [ld-linux-x86-64.so.2+0x11b6a]"}, Siginfo: segvAt(0x1c3f0)}.log()},
)
