package rules

// Rows for the C2 halt: an Internal Error through debug64 in _thread_in_Java.

const debug64Top = "V  [libjvm.so+0xaf7305]  MacroAssembler::debug64(char*, long, long*)+0x45"

func c2HaltLog(state string) hs {
	return hs{Err: "Internal Error (macroAssembler_x86.cpp:864), pid=100, tid=101",
		Header: []string{"fatal error: DEBUG MESSAGE: duplicated predicate failed which is impossible"},
		Frame:  debug64Top, Frames: []string{debug64Top},
		Thread: `Current thread (0x00007f0000010000):  JavaThread "main" [` + state + `, id=101, stack(0x00007f0000100000,0x00007f0000200000)]`,
		More: []string{"Stack slot to memory mapping:",
			"stack at sp + 5 slots: 0x00007f745ca3cfb3 is at entry_point+2707 in (nmethod*)0x00007f745ca3c310"},
		Process: []string{"Compilation events (2 events):",
			"Event: 0.239 Thread 0x00007f746c165520  422       4       java.util.GregorianCalendar::computeTime (976 bytes)",
			"Event: 0.255 Thread 0x00007f746c165520 nmethod 422 0x00007f745ca3c310 code [0x00007f745ca3c520, 0x00007f745ca3d130]", ""}}
}

var _ = cases(
	rcase{name: "debug64 halt in C2 code names the method to exclude", rule: C2Halt, fire: true, min: 0.85,
		log: c2HaltLog("_thread_in_Java").log(), want: []string{"-XX:CompileCommand=exclude,java.util.GregorianCalendar::computeTime", "tier 4 (C2)", "duplicated predicate"}},
	rcase{name: "debug64 reached from the VM (_thread_in_vm) is not compiled code", rule: C2Halt,
		log: c2HaltLog("_thread_in_vm").log()},
)
