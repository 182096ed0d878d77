package rules

// Rows for musl-glibc-mismatch: the unrelocated small pc, with and without
// musl in the log, and crashes in musl itself.

const (
	smallPCErr = "SIGSEGV (0xb) at pc=0x0000000000020820, pid=1, tid=7"
	smallPCTop = "C  0x0000000000020820"
	vendorInit = "C  [libvendor_native.so+0x2330c]  init_vendor_tables+0xc"
	muslMapped = "7fbaf7bea000-7fbaf7c77000 r-xp 00000000 08:01 1975971                    /lib/ld-musl-x86_64.so.1"
	muslTop    = "C  [ld-musl-x86_64.so.1+0x399db]"
)

var _ = cases(
	rcase{name: "a bare small pc called from a vendor library, ld-musl mapped", rule: MuslMismatch, fire: true, min: 0.8,
		log: hs{Err: smallPCErr, Frame: smallPCTop, Frames: []string{smallPCTop, vendorInit}, Siginfo: segvAt(0x20820),
			Process: []string{"Dynamic libraries:", muslMapped}}.log(),
		want: []string{"musl", "ld-musl", "libvendor_native.so"}},
	rcase{name: "a small pc in a vendor library, musl not in the log: a candidate at the threshold", rule: MuslMismatch, fire: true, min: 0.5, below: 0.6,
		log:  hs{Err: smallPCErr, Frame: vendorInit, Frames: []string{vendorInit}, Siginfo: segvAt(0x20820)}.log(),
		want: []string{"does not show which C library"}},

	rcase{name: "a crash inside musl itself is not a mismatch (musl JDKs run on musl)", rule: MuslMismatch,
		log: hs{Err: "SIGSEGV (0xb) at pc=0x00007ffff7f9d9db, pid=1, tid=156", Frame: muslTop, Frames: []string{muslTop},
			Process: []string{"Dynamic libraries:", muslMapped}}.log()},
	rcase{name: "a NULL function pointer (pc 0) is not an unrelocated jump", rule: MuslMismatch,
		log: hs{Err: "SIGSEGV (0xb) at pc=0x0000000000000000, pid=1, tid=7", Frame: "C  0x0000000000000000", Frames: []string{"C  0x0000000000000000", vendorInit},
			Process: []string{"Dynamic libraries:", muslMapped}}.log()},
	rcase{name: "a small pc in compiled Java code is not a native relocation", rule: MuslMismatch,
		log: hs{Err: smallPCErr, Frame: staleTop, Frames: []string{staleTop}, Process: []string{"Dynamic libraries:", muslMapped}}.log()},
)

var _ = cases(
	rcase{name: "a small pc on a process the log shows on glibc is no musl mismatch", rule: MuslMismatch,
		log: hs{Err: smallPCErr, Frame: smallPCTop, Frames: []string{smallPCTop, vendorInit}, Siginfo: segvAt(0x20820),
			System: []string{"libc: glibc 2.35 NPTL 2.35 "}}.log()},
)
