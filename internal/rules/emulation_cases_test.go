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
	rcase{name: "Rosetta for Linux mapped, crash in a G1 worker: translation fits, so does a GC bug (capped)", rule: Emulation, fire: true, min: 0.65, below: 0.75,
		log: hs{Frame: g1Top, Frames: []string{g1Top}, Thread: g1Thread, Siginfo: segvAt(0x8),
			Process: []string{"Dynamic libraries:", "800000000000-800000029000 r--p 00000000 00:2b 3                          /run/rosetta/rosetta"}}.log(),
		want: []string{"/run/rosetta/rosetta", "-Xint"}},
	rcase{name: "qemu-x86_64 mapped, a safepoint guarantee (capped: the VM's own check)", rule: Emulation, fire: true, min: 0.65, below: 0.75,
		log: hs{Err: "Internal Error (safepoint.cpp:529), pid=9, tid=0x0000004001a7f700", Header: []string{"guarantee(thread->safepoint_state()->is_running()) failed: safepoint state"},
			Process: []string{"Dynamic libraries:", "00400000-004c7000 r--p 00000000 fe:02 262310                             /usr/bin/qemu-x86_64-static"}}.log()},
	rcase{name: "an ARM /proc/cpuinfo under an amd64 JVM, crash in the VM (capped)", rule: Emulation, fire: true, min: 0.65, below: 0.75,
		log: hs{Frame: g1Top, Frames: []string{g1Top}, Thread: g1Thread, System: []string{"/proc/cpuinfo:", "processor\t: 0", "CPU implementer\t: 0x61", "CPU architecture: 8"}}.log()},
	rcase{name: "QEMU TCG names the host CPU, SIGILL in compiled code", rule: Emulation, fire: true, min: 0.8,
		log: raw(withHost(hs{Err: "SIGILL (0x4) at pc=0x00007f682098912c, pid=1, tid=50", Siginfo: si(4, "SIGILL", "ILL_ILLOPN", 0x7f682098912c), Frame: staleTop, Frames: []string{staleTop}},
			"QEMU TCG CPU version 2.5+, 2 cores, 3G, Debian GNU/Linux 12 (bookworm)"))},
	rcase{name: "thread and stack in QEMU user mode's guest range, no CPU model, compiled code", rule: Emulation, fire: true, min: 0.7,
		log: raw(withHost(hs{Frame: staleTop, Frames: []string{staleTop}, Siginfo: si(11, "SIGSEGV", "SI_KERNEL", 0),
			Thread: `Current thread (0x000000400a1c3e20):  JavaThread "worker-2" [_thread_in_Java, id=44, stack(0x00000040c2a10000,0x00000040c2b11000)]`},
			"x86_64, 2 cores, 7G, Rocky Linux release 9.3 (Blue Onyx)"))},

	rcase{name: "libRosetta.dylib is in every macOS process: not translation", rule: Emulation,
		log: hs{Platform: "bsd-aarch64", Frame: staleTop, Frames: []string{staleTop},
			Process: []string{"Dynamic libraries:", "0x00000002268b8000 \t/usr/lib/libRosetta.dylib"}}.log()},
	rcase{name: "a real x86 host and 0x7f… stacks: not translation", rule: Emulation,
		log: raw(withHost(hs{Frame: staleTop, Frames: []string{staleTop}}, "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz, 8 cores, 31G, Ubuntu 22.04"))},
	rcase{name: "a thread in the guest range with a stack elsewhere is not the QEMU layout", rule: Emulation,
		log: hs{Frame: staleTop, Frames: []string{staleTop},
			Thread: `Current thread (0x000000400a1c3e20):  JavaThread "worker-2" [_thread_in_Java, id=44, stack(0x00007f00c2a10000,0x00007f00c2b11000)]`}.log()},
	rcase{name: "translator mapped but a vendor library crashed: context only", rule: Emulation,
		log: hs{Frame: libTop, Frames: []string{libTop}, Siginfo: segvAt(0x10),
			Process: []string{"Dynamic libraries:", "800000000000-800000029000 r--p 00000000 00:2b 3                          /run/rosetta/rosetta"}}.log()},
)

var _ = cases(
	rcase{name: "qemu-x86_64 mapped, a libc call into the vsyscall page", rule: Emulation, fire: true, min: 0.85,
		log: hs{Err: "SIGSEGV (0xb) at pc=0xffffffffff600400, pid=12, tid=88", Siginfo: segvAt(0xffffffffff601000),
			Frame: "C  [libc.so.6+0xb1a2c]  __gettimeofday+0x2c", Frames: []string{"C  [libc.so.6+0xb1a2c]  __gettimeofday+0x2c"},
			Process: []string{"Dynamic libraries:", "00400000-00522000 r--p 00000000 fe:03 1835221                            /usr/bin/qemu-x86_64"}}.log(),
		want: []string{"vsyscall page"}},
)

var _ = cases(
	rcase{name: "an Apple-silicon Mac runs a bsd-amd64 JVM that crashed in G1 (capped)", rule: Emulation, fire: true, min: 0.65, below: 0.75,
		log: raw(withHost(hs{Platform: "bsd-amd64", Frame: g1Top, Frames: []string{g1Top}, Thread: g1Thread, Siginfo: segvAt(0x8)},
			`"MacBookPro18,3" x86_64 3200 MHz, 8 cores, 16G, Darwin 22.6.0, macOS 13.5 (22G74)`))},
	rcase{name: "an Intel Mac runs the same crash natively", rule: Emulation,
		log: raw(withHost(hs{Platform: "bsd-amd64", Frame: g1Top, Frames: []string{g1Top}, Thread: g1Thread, Siginfo: segvAt(0x8)},
			`"MacBookPro16,2" x86_64 2300 MHz, 8 cores, 16G, Darwin 22.6.0, macOS 13.5 (22G74)`))},
)

var _ = cases(
	rcase{name: "Rosetta for Linux mapped, a fault in compiled Java code keeps its full confidence", rule: Emulation, fire: true, min: 0.85,
		log: hs{Frame: staleTop, Frames: []string{staleTop}, Siginfo: segvAt(0x18),
			Process: []string{"Dynamic libraries:", "800000000000-800000029000 r--p 00000000 00:2b 3                          /run/rosetta/rosetta"}}.log(),
		want: []string{"/run/rosetta/rosetta"}},
)
