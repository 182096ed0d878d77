package parse

import (
	"testing"
)

// Frame lines of every letter and era (hs_err-format.md §5.4).
func TestParseFrame(t *testing.T) {
	cases := []struct {
		line                       string
		kind, lib, sym, method     string
		libOff, symOff, addr       uint64
		bci                        int
		compiler, id, module, stub string
		osr                        bool
		source                     string
	}{
		{line: "C  [libc.so.6+0x749c1]  memcpy+0x11", kind: "C", lib: "libc.so.6", libOff: 0x749c1, sym: "memcpy", symOff: 0x11},
		{line: "C  [jna4948368637624641726.tmp+0x1240a]  ffi_prep_closure_loc+0x1a", kind: "C", lib: "jna4948368637624641726.tmp", libOff: 0x1240a, sym: "ffi_prep_closure_loc", symOff: 0x1a},
		{line: "C  0x0000000000000002", kind: "C", addr: 2},
		{line: "V  [libjvm.so+0xae3dd1]  jni_invoke_static(JNIEnv_*, JavaValue*, _jobject*, JNICallType, _jmethodID*, JNI_ArgumentPusher*, JavaThread*) [clone .constprop.1]+0x391",
			kind: "V", lib: "libjvm.so", libOff: 0xae3dd1, sym: "jni_invoke_static(JNIEnv_*, JavaValue*, _jobject*, JNICallType, _jmethodID*, JNI_ArgumentPusher*, JavaThread*) [clone .constprop.1]", symOff: 0x391},
		{line: "V  [jvm.dll+0x5abff0]", kind: "V", lib: "jvm.dll", libOff: 0x5abff0},
		{line: "V  [jvm.dll+0x1e2b3c]  Unsafe_GetByte+0x4c  (unsafe.cpp:123)", kind: "V", lib: "jvm.dll", libOff: 0x1e2b3c, sym: "Unsafe_GetByte", symOff: 0x4c, source: "unsafe.cpp:123"},
		{line: "C  [ntdll.dll+0x5a2f1]  (no source info available)", kind: "C", lib: "ntdll.dll", libOff: 0x5a2f1, source: "no source info available"},
		{line: "j  java.lang.Thread.run()V+11", kind: "j", method: "java.lang.Thread.run()V", bci: 11},
		{line: "j  jdk.internal.misc.Unsafe.getByte(J)B+3 java.base@25.0.1", kind: "j", method: "jdk.internal.misc.Unsafe.getByte(J)B", bci: 3, module: "java.base@25.0.1"},
		{line: "J 18293% C2 com.foo.Bar.loop(I)V (690 bytes) @ 0x00007f1234567890 [0x00007f1234567600+0x290]", kind: "J", id: "18293", osr: true, compiler: "C2", method: "com.foo.Bar.loop(I)V", addr: 0x00007f1234567890},
		{line: "J 3285 c2 java.util.HashMap.get(Ljava/lang/Object;)Ljava/lang/Object; java.base@11.0.8 (110 bytes) @ 0x00007f3c2d0a1b2c [0x00007f3c2d0a1a00+0x000000000000012c]",
			kind: "J", id: "3285", compiler: "c2", method: "java.util.HashMap.get(Ljava/lang/Object;)Ljava/lang/Object;", module: "java.base@11.0.8", addr: 0x00007f3c2d0a1b2c},
		{line: "J 10498  org.foo.Native.call()V (0 bytes) @ 0x00007f00000000a0 [0x00007f0000000000+0xa0]", kind: "J", id: "10498", method: "org.foo.Native.call()V", addr: 0xa0 + 0x00007f0000000000},
		{line: "J  java.lang.Thread.sleep(J)V", kind: "J", method: "java.lang.Thread.sleep(J)V"},
		{line: "v  ~StubRoutines::call_stub 0x00007fa37eb38fa6", kind: "v", stub: "~StubRoutines::call_stub", addr: 0x00007fa37eb38fa6},
		{line: "v  ~StubRoutines::jbyte_disjoint_arraycopy", kind: "v", stub: "~StubRoutines::jbyte_disjoint_arraycopy"},
		{line: "j  Foo$$Lambda$14+0x0000000800c0b248.run()V+5", kind: "j", method: "Foo$$Lambda$14+0x0000000800c0b248.run()V", bci: 5},
	}
	for _, c := range cases {
		f := parseFrame(c.line, 7)
		if f.Kind != c.kind || f.Library != c.lib || f.Symbol != c.sym || f.Method != c.method ||
			f.LibOffset != c.libOff || f.SymOffset != c.symOff || f.Address != c.addr || f.BCI != c.bci ||
			f.Compiler != c.compiler || f.CompileID != c.id || f.Module != c.module || f.Stub != c.stub ||
			f.OSR != c.osr || f.Source != c.source || f.N != 7 || f.Text != c.line {
			t.Errorf("parseFrame(%q) = %+v", c.line, f)
		}
	}
}

func TestSiginfoForms(t *testing.T) {
	cases := []struct {
		line            string
		signo, code     int
		codeName, name  string
		addr            uint64
		hasAddr, sender bool
		access          string
	}{
		{line: "siginfo: si_signo: 11 (SIGSEGV), si_code: 1 (SEGV_MAPERR), si_addr: 0xffffffffffffffff", signo: 11, code: 1, codeName: "SEGV_MAPERR", name: "SIGSEGV", addr: ^uint64(0), hasAddr: true},
		{line: "siginfo: si_signo: 11 (SIGSEGV), si_code: 0 (SI_USER), sent from pid: 1234 (uid: 1000)", signo: 11, code: 0, codeName: "SI_USER", name: "SIGSEGV", sender: true},
		{line: "siginfo: si_signo: 6 (SIGABRT), si_code: -6 (SI_TKILL)", signo: 6, code: -6, codeName: "SI_TKILL", name: "SIGABRT"},
		{line: "siginfo:si_signo=11, si_errno=0, si_code=1, si_addr=0x0000000000000000", signo: 11, code: 1, hasAddr: true},
		{line: "siginfo: EXCEPTION_ACCESS_VIOLATION (0xc0000005), writing address 0x0000000000000010", name: "EXCEPTION_ACCESS_VIOLATION", addr: 0x10, hasAddr: true, access: "writing"},
		{line: "siginfo: ExceptionCode=0xc0000005, reading address 0x0000000000000000", addr: 0, hasAddr: true, access: "reading"},
		{line: "siginfo: EXCEPTION_ACCESS_VIOLATION (0xc0000005), data execution prevention violation at address 0x00000000deadbeef", name: "EXCEPTION_ACCESS_VIOLATION", addr: 0xdeadbeef, hasAddr: true, access: "data execution prevention violation"},
	}
	for _, c := range cases {
		p := newParser()
		p.siginfo(c.line)
		si := p.log.Thread.Siginfo
		if si.Signo != c.signo || si.Code != c.code || si.CodeName != c.codeName || si.SigName != c.name ||
			si.Addr != c.addr || si.HasAddr != c.hasAddr || si.HasSender != c.sender || si.Access != c.access {
			t.Errorf("siginfo(%q) = %+v", c.line, si)
		}
	}
}

func TestVersionLines(t *testing.T) {
	cases := []struct {
		header                  string
		jdk, platform, gc, arch string
		major                   int
	}{
		{"# JRE version: Java(TM) SE Runtime Environment (7.0_75-b13) (build 1.7.0_75-b13)\n# Java VM: Java HotSpot(TM) 64-Bit Server VM (24.75-b04 mixed mode linux-amd64 compressed oops)", "7.0_75-b13", "linux-amd64", "", "amd64", 7},
		{"# JRE version: OpenJDK Runtime Environment Temurin-17.0.7+7 (17.0.7+7) (build 17.0.7+7)\n# Java VM: OpenJDK 64-Bit Server VM Temurin-17.0.7+7 (17.0.7+7, mixed mode, sharing, tiered, compressed oops, compressed class ptrs, g1 gc, linux-aarch64)", "17.0.7+7", "linux-aarch64", "g1 gc", "aarch64", 17},
		{"# JRE version:  (8.0_131-b12) (build )\n# Java VM: OpenJDK 64-Bit Server VM (25.131-b12 mixed mode linux-amd64 )", "8.0_131-b12", "linux-amd64", "", "amd64", 8},
		{"# JRE version: OpenJDK Runtime Environment 22.3 (18.0+37) (build 18+37)\n# Java VM: OpenJDK 64-Bit Server VM 22.3 (18+37, mixed mode, sharing, tiered, compressed oops, compressed class ptrs, g1 gc, linux-amd64)", "18.0+37", "linux-amd64", "g1 gc", "amd64", 18},
		{"# JRE version: OpenJDK Runtime Environment (21.0.2+13) (build 21.0.2+13)\n# Java VM: OpenJDK 64-Bit Server VM (21.0.2+13, mixed mode, sharing, tiered, compressed oops, compressed class ptrs, z gc, bsd-aarch64)", "21.0.2+13", "bsd-aarch64", "z gc", "aarch64", 21},
		{"# JRE version: OpenJDK Runtime Environment (11.0.8+10) (build 11.0.8+10-LTS)\n# Java VM: OpenJDK 64-Bit Server VM (11.0.8+10-LTS, mixed mode, tiered, compressed oops, g1 gc, windows-amd64)", "11.0.8+10", "windows-amd64", "g1 gc", "amd64", 11},
	}
	for _, c := range cases {
		l := ParseBytes([]byte(c.header + "\n"))
		v := l.Header.Version
		if v.JDK != c.jdk || v.Platform != c.platform || v.GC != c.gc || v.Arch != c.arch || v.Major != c.major {
			t.Errorf("%q:\n got %+v", c.header, v)
		}
	}
}

func TestThreadDescriptions(t *testing.T) {
	cases := []struct {
		line, typ, name, state string
		id                     int64
		daemon                 bool
		lo, hi                 uint64
	}{
		{`Current thread (0x00007fa39002a0a0):  JavaThread "main"             [_thread_in_vm, id=31389, stack(0x00007fa395d9e000,0x00007fa395e9e000) (1024K)]`, "JavaThread", "main", "_thread_in_vm", 31389, false, 0x00007fa395d9e000, 0x00007fa395e9e000},
		{`Current thread (0x00007f0d4c0f1800):  JavaThread "Finalizer" daemon [_thread_blocked, id=92334, stack(0x00007f0d3c1f0000,0x00007f0d3c2f1000)]`, "JavaThread", "Finalizer", "_thread_blocked", 92334, true, 0x00007f0d3c1f0000, 0x00007f0d3c2f1000},
		{`Current thread (0x000002a0fb816800):  VMThread "VM Thread" [stack: 0x000000a3b9300000,0x000000a3b9400000] [id=2308]`, "VMThread", "VM Thread", "", 2308, false, 0x000000a3b9300000, 0x000000a3b9400000},
		{`Current thread (0x00007f2ba8040800):  GCTaskThread [stack: 0x00007f2bad7f8000,0x00007f2bad8f8000] [id=258493]`, "GCTaskThread", "", "", 258493, false, 0x00007f2bad7f8000, 0x00007f2bad8f8000},
		{`Current thread (0x0805b000):  JavaThread "main" [_thread_in_native, id=31370]`, "JavaThread", "main", "_thread_in_native", 31370, false, 0, 0},
		{`Current thread (0x00007f1):  JavaThread "pool-1 [worker] \"x\"" daemon [_thread_in_Java, id=5, stack(0x1000,0x2000)]`, "JavaThread", `pool-1 [worker] \"x\"`, "_thread_in_Java", 5, true, 0x1000, 0x2000},
	}
	for _, c := range cases {
		p := newParser()
		p.currentThread(c.line)
		ti := p.log.Thread.Current
		if ti.Type != c.typ || ti.Name != c.name || ti.State != c.state || ti.ID != c.id || ti.Daemon != c.daemon || ti.StackBase != c.lo || ti.StackTop != c.hi {
			t.Errorf("%q:\n got %+v", c.line, ti)
		}
	}
}

func TestRegisterLayouts(t *testing.T) {
	cases := []struct {
		name, block string
		arch        string
		want        map[string]uint64
	}{
		{"linux-x86_64", "Registers:\nRAX=0x0000000000000001, RBX=0x0000000000000002, RCX=0x0000000000000003, RDX=0x0000000000000004\nR8 =0x0000000000000008, R9 =0x0000000000000009\nRIP=0x00007f424226f40a, EFLAGS=0x0000000000010246, CSGSFS=0x0000000000000033, ERR=0x0000000000000006\n  TRAPNO=0x000000000000000e\n\nXMM[0]=0x0000000000000000 0x3ff0000000000000\n  MXCSR=0x00001fa2\n",
			"x86_64", map[string]uint64{"RAX": 1, "R8": 8, "R9": 9, "RIP": 0x00007f424226f40a, "TRAPNO": 0xe, "MXCSR": 0x1fa2, "XMM[0]": 0}},
		{"linux-aarch64-21", "Registers:\nR0=0x0000000000000000\nR1=0x0000ffff8c0a1000\nR29=0x0000ffff8d7fe5e0\nR30=0x0000ffff8c62f2a8\n", "aarch64", map[string]uint64{"R0": 0, "R1": 0x0000ffff8c0a1000, "R30": 0x0000ffff8c62f2a8}},
		{"linux-aarch64-17", "Registers:\nR0 =0x0000000000000000 is an unknown value\nR1 =0x0000ffff8c0a1000 points into unknown readable memory\nR30=0x0000ffff8c62f2a8 is an unknown value\nR29=0x1 is an unknown value\n", "aarch64", map[string]uint64{"R0": 0, "R1": 0x0000ffff8c0a1000}},
		{"linux-ppc64", "Registers:\npc =0x00007fffaa6c8d54  lr =0x00007fffaa6c8d6c  ctr=0x00007fffaa8961f0  \nr0 =0x0000000000000001  r1 =0x00007fff58f8e0a0  r2 =0x00007fffab437300  \n", "ppc64", map[string]uint64{"pc": 0x00007fffaa6c8d54, "ctr": 0x00007fffaa8961f0, "r2": 0x00007fffab437300}},
		{"macos-aarch64", "Registers:\n x0=0x0000000000000000  x1=0x0000000000000001\n fp=0x000000016fdfe000  lr=0x0000000100123456  sp=0x000000016fdfdf00\n pc=0x0000000100123460 cpsr=0x0000000060001000\n", "macos-aarch64", map[string]uint64{"x0": 0, "x1": 1, "lr": 0x0000000100123456, "pc": 0x0000000100123460, "cpsr": 0x60001000}},
		{"linux-x86", "Registers:\nEAX=0x00000000, EBX=0xb7f8cff4, ECX=0x00000001, EDX=0x00000000\nESP=0xb7da183c, EBP=0xb7da1858, ESI=0x00000000, EDI=0x080b7a58\nEIP=0xb7f0b3e2, EFLAGS=0x00010246, CR2=0x00000000\n", "x86", map[string]uint64{"EBX": 0xb7f8cff4, "EIP": 0xb7f0b3e2, "CR2": 0}},
	}
	for _, c := range cases {
		l := ParseBytes([]byte(c.block))
		r := l.Thread.Registers
		if r == nil {
			t.Errorf("%s: no registers", c.name)
			continue
		}
		if r.Arch != c.arch {
			t.Errorf("%s: arch %q, want %q", c.name, r.Arch, c.arch)
		}
		for name, v := range c.want {
			got, ok := l.Register(name)
			if !ok || got != v {
				t.Errorf("%s: %s = %#x (%v), want %#x", c.name, name, got, ok, v)
			}
		}
		if l.Parse.UnknownCount != 0 {
			t.Errorf("%s: unknown lines %+v", c.name, l.Parse.Unknown)
		}
	}
}

func TestInstructionDumps(t *testing.T) {
	// JDK 24+ "=>" marker, ?? for unreadable bytes, ASCII-free byte units.
	x86 := "Instructions: (pc=0x00007fa39579dfa1)\n  0x00007fa39579df91:   48 89 e5 41 56 41 55 49 89 cd 41 54 49 89 d4 53\n=>0x00007fa39579dfa1:   45 0f b6 75 00 ?? ?? 00 4c 8b a3 a8 01 00 00 00\n"
	l := ParseBytes([]byte(x86))
	d := l.Thread.Instructions
	if d.Anchor != 0x00007fa39579dfa1 || d.Start != 0x00007fa39579df91 || d.Unit != 1 || len(d.Bytes) != 32 {
		t.Fatalf("x86 dump: %+v", d)
	}
	if d.Bytes[16] != 0x45 || !d.Unreadable[21] || d.Unreadable[20] || !d.HasUnreadable {
		t.Errorf("x86 bytes: % x unreadable %v", d.Bytes, d.Unreadable)
	}
	// aarch64 prints 4-byte words: "d503201f" is nop, bytes 1f 20 03 d5 in memory.
	a64 := "# Java VM: OpenJDK 64-Bit Server VM (17.0.7+7, mixed mode, linux-aarch64)\nInstructions: (pc=0x0000ffff8c62f2a8)\n0x0000ffff8c62f298:   d503201f f9400000 aa0003e1 d65f03c0\n"
	l = ParseBytes([]byte(a64))
	d = l.Thread.Instructions
	if d.Unit != 4 || len(d.Bytes) != 16 || d.Bytes[0] != 0x1f || d.Bytes[3] != 0xd5 || d.Bytes[4] != 0x00 || d.Bytes[7] != 0xf9 {
		t.Errorf("aarch64 dump: unit %d bytes % x", d.Unit, d.Bytes)
	}
	// ppc64 (big-endian) keeps word order.
	ppc := "# Java VM: OpenJDK 64-Bit Server VM (25.181-b13 mixed mode linux-ppc64 compressed oops)\nInstructions: (pc=0x00003fff71efdc3c)\n0x00003fff71efdc3c:   e9230000 7c0802a6\n"
	d = ParseBytes([]byte(ppc)).Thread.Instructions
	if len(d.Bytes) != 8 || d.Bytes[0] != 0xe9 || d.Bytes[3] != 0x00 {
		t.Errorf("ppc64 dump: % x", d.Bytes)
	}
	// A gap stops collection and is reported.
	gap := "Instructions: (pc=0x1010)\n0x0000000000001000:   90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90\n0x0000000000001020:   90 90\n"
	d = ParseBytes([]byte(gap)).Thread.Instructions
	if !d.Gaps || len(d.Bytes) != 16 {
		t.Errorf("gap: %+v", d)
	}
}

func TestSignalHandlers(t *testing.T) {
	in := "Signal Handlers:\n" +
		"   SIGSEGV: crash_handler in libjvm.so, mask=11100100010111111101111111111110, flags=SA_RESTART|SA_SIGINFO, unblocked\n" +
		"    SIGBUS: 0x00007f12345678a0 in libfoo.so+1234, mask=11100100010111111101111111111110, flags=SA_RESTART|SA_SIGINFO, unblocked\n" +
		"  *** Handler was modified!\n" +
		"  *** Expected: javaSignalHandler in libjvm.so, mask=11100100010111111101111111111110, flags=SA_RESTART|SA_SIGINFO\n" +
		"SIGILL: [libjvm.so+0xb80fd0], sa_mask[0]=11111111011111111101111111111110, sa_flags=SA_RESTART|SA_SIGINFO, flags was changed from 0x10000004, consider using jsig library\n"
	l := ParseBytes([]byte(in))
	hs := l.Process.SignalHandlers
	if len(hs) != 3 {
		t.Fatalf("handlers: %+v", hs)
	}
	if hs[0].Library != "libjvm.so" || hs[0].Blocked != "unblocked" || hs[0].Modified {
		t.Errorf("SIGSEGV: %+v", hs[0])
	}
	if !hs[1].Modified || hs[1].Library != "libfoo.so+1234" || hs[1].Expected == "" {
		t.Errorf("SIGBUS: %+v", hs[1])
	}
	if hs[2].Library != "libjvm.so" || hs[2].FlagsChanged != "0x10000004" || hs[2].Mask == "" {
		t.Errorf("SIGILL: %+v", hs[2])
	}
}
