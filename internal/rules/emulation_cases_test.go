package rules

import "strings"

// Rows for the translation signs the emulation rule reads.

const g1Top = "V  [libjvm.so+0x801075]  G1ParScanThreadState::copy_to_survivor_space(G1HeapRegionAttr, oopDesc*, markWord)+0x35"

const g1Thread = `Current thread (0x00007fffd8043800):  GCTaskThread "GC Thread#0" [stack: 0x00007fffe0400000,0x00007fffe0500000] [id=91]`

// withHost puts a SUMMARY section with host before the THREAD section.
func withHost(h hs, host string) string {
	return strings.Replace(hsText(h), "---------------  T H R E A D", "---------------  S U M M A R Y ------------\n\nHost: "+host+"\n\n---------------  T H R E A D", 1)
}

var _ = cases(
	rcase{name: "Rosetta for Linux mapped, crash in a G1 worker", rule: Emulation, fire: true, min: 0.85,
		log: hs{Frame: g1Top, Frames: []string{g1Top}, Thread: g1Thread, Siginfo: segvAt(0x8),
			Process: []string{"Dynamic libraries:", "800000000000-800000023000 r--p 00000000 00:32 2                          /run/rosetta/rosetta"}}.log(),
		want: []string{"/run/rosetta/rosetta", "-Xint"}},
	rcase{name: "qemu-x86_64 mapped, a safepoint guarantee", rule: Emulation, fire: true, min: 0.85,
		log: hs{Err: "Internal Error (safepoint.cpp:384), pid=1, tid=0x000000403ee40700", Header: []string{"guarantee(PageArmed == 0) failed: invariant"},
			Process: []string{"Dynamic libraries:", "00200000-002b5000 r--p 00000000 fe:01 131090                             /usr/bin/qemu-x86_64-static"}}.log()},
	rcase{name: "an ARM /proc/cpuinfo under an amd64 JVM, crash in the VM", rule: Emulation, fire: true, min: 0.85,
		log: hs{Frame: g1Top, Frames: []string{g1Top}, Thread: g1Thread, System: []string{"/proc/cpuinfo:", "processor\t: 0", "CPU implementer\t: 0x61", "CPU architecture: 8"}}.log()},
	rcase{name: "QEMU TCG names the host CPU, SIGILL in compiled code", rule: Emulation, fire: true, min: 0.8,
		log: raw(withHost(hs{Err: "SIGILL (0x4) at pc=0x00007f682098912c, pid=1, tid=50", Siginfo: si(4, "SIGILL", "ILL_ILLOPN", 0x7f682098912c), Frame: staleTop, Frames: []string{staleTop}},
			"QEMU TCG CPU version 2.5+, 6 cores, 11G, Amazon Linux release 2023"))},
	rcase{name: "thread and stack in QEMU user mode's guest range, no CPU model, compiled code", rule: Emulation, fire: true, min: 0.7,
		log: raw(withHost(hs{Frame: staleTop, Frames: []string{staleTop}, Siginfo: si(11, "SIGSEGV", "SI_KERNEL", 0),
			Thread: `Current thread (0x0000004004278650):  JavaThread "Thread-0" [_thread_in_Java, id=30, stack(0x00000040b9595000,0x00000040b9696000)]`},
			"x86_64, 4 cores, 1G, Oracle Linux Server release 8.4"))},

	rcase{name: "libRosetta.dylib is in every macOS process: not translation", rule: Emulation,
		log: hs{Platform: "bsd-aarch64", Frame: staleTop, Frames: []string{staleTop},
			Process: []string{"Dynamic libraries:", "0x00000002268b8000 \t/usr/lib/libRosetta.dylib"}}.log()},
	rcase{name: "a real x86 host and 0x7f… stacks: not translation", rule: Emulation,
		log: raw(withHost(hs{Frame: staleTop, Frames: []string{staleTop}}, "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz, 8 cores, 31G, Ubuntu 22.04"))},
	rcase{name: "a thread in the guest range with a stack elsewhere is not the QEMU layout", rule: Emulation,
		log: hs{Frame: staleTop, Frames: []string{staleTop},
			Thread: `Current thread (0x0000004004278650):  JavaThread "Thread-0" [_thread_in_Java, id=30, stack(0x00007f00b9595000,0x00007f00b9696000)]`}.log()},
	rcase{name: "translator mapped but a vendor library crashed: context only", rule: Emulation,
		log: hs{Frame: libTop, Frames: []string{libTop}, Siginfo: segvAt(0x10),
			Process: []string{"Dynamic libraries:", "800000000000-800000023000 r--p 00000000 00:32 2                          /run/rosetta/rosetta"}}.log()},
)

var _ = cases(
	rcase{name: "qemu-x86_64 mapped, a libc call into the vsyscall page", rule: Emulation, fire: true, min: 0.85,
		log: hs{Err: "SIGSEGV (0xb) at pc=0xffffffffff600400, pid=1, tid=295", Siginfo: segvAt(0xffffffffff601000),
			Frame: "C  [libc.so.6+0x125910]  make_request+0x60", Frames: []string{"C  [libc.so.6+0x125910]  make_request+0x60"},
			Process: []string{"Dynamic libraries:", "00200000-00320000 r--p 00000000 fe:10 4383104                            /usr/bin/qemu-x86_64"}}.log(),
		want: []string{"vsyscall page"}},
)

var _ = cases(
	rcase{name: "an Apple-silicon Mac runs a bsd-amd64 JVM that crashed in G1", rule: Emulation, fire: true, min: 0.8,
		log: raw(withHost(hs{Platform: "bsd-amd64", Frame: g1Top, Frames: []string{g1Top}, Thread: g1Thread, Siginfo: segvAt(0x8)},
			`"MacBookPro18,1" x86_64 3200 MHz, 10 cores, 32G, Darwin 23.0.0, macOS 14.0 (23A344)`))},
	rcase{name: "an Intel Mac runs the same crash natively", rule: Emulation,
		log: raw(withHost(hs{Platform: "bsd-amd64", Frame: g1Top, Frames: []string{g1Top}, Thread: g1Thread, Siginfo: segvAt(0x8)},
			`"MacBookPro15,1" x86_64 2200 MHz, 12 cores, 16G, Darwin 23.0.0, macOS 14.0 (23A344)`))},
)
