package rules

import (
	"strings"
	"testing"
)

// The healthy-noise check: a rule may rest only on evidence that separates
// a crashing JVM from a healthy one. Every line below is something healthy
// JVMs log all the time (method-handle and lambda linkage errors HotSpot
// throws and catches, class-loading probes, GC and class-loading events,
// the JDK's own signal handlers, agent options, libraries every process
// loads). Woven into otherwise neutral logs, none may be quoted as evidence
// by a root cause and none may change the verdict.

// healthyEvents are PROCESS-section event logs of healthy JVMs (JDK 8, 11,
// 17 and 21 forms).
var healthyEvents = []string{
	"GC Heap History (2 events):",
	"Event: 1.905 GC heap before",
	"Event: 1.931 GC heap after",
	"",
	"Deoptimization events (1 events):",
	"Event: 2.101 Thread 0x00007f0000010000 Uncommon trap: trap_request=0xffffff45 fr.pc=0x00007f0011223344 relative_pc=0x0000000000000104 method=java.util.HashMap.getNode(Ljava/lang/Object;)Ljava/util/HashMap$Node; @ 24 c2",
	"",
	"Classes loaded (2 events):",
	"Event: 0.016 Loading class sun/nio/cs/UTF_8$Encoder",
	"Event: 0.016 Loading class sun/nio/cs/UTF_8$Encoder done",
	"",
	"Internal exceptions (7 events):",
	"Event: 0.221 Thread 0x00007f0000010000 Exception <a 'java/lang/NoSuchMethodError'{0x000000062a8a4d58}: 'java.lang.Object java.lang.invoke.DirectMethodHandle$Holder.invokeStaticInit(java.lang.Object, java.lang.Object)'> (0x000000062a8a4d58) thrown at [src/hotspot/share/interpreter/linkResolver.cpp, line 773]",
	"Event: 0.231 Thread 0x00007f0000010000 Exception <a 'java/lang/NoSuchMethodError'{0x000000062a8b0000}: 'void java.lang.invoke.LambdaForm$MH/0x0000000800c04000.invoke(java.lang.Object, java.lang.Object)'> (0x000000062a8b0000) thrown at [src/hotspot/share/interpreter/linkResolver.cpp, line 759]",
	"Event: 0.301 Thread 0x00007f0000010000 Exception <a 'java/lang/NoSuchMethodError': java.lang.Object.lambda$static$0(Ljava/lang/String;)Z> (0x000000076fb07cc0) thrown at [/build/openjdk/hotspot/src/share/vm/interpreter/linkResolver.cpp, line 582]",
	"Event: 0.021 Thread 0x00007f0000010000 Exception <a 'java/lang/NoSuchMethodError': Method sun.misc.Unsafe.defineClass(Ljava/lang/String;[BII)Ljava/lang/Class; name or signature does not match> (0x000000076fb07cc0) thrown at [/build/openjdk/hotspot/src/share/vm/prims/jni.cpp, line 3555]",
	"Event: 0.512 Thread 0x00007f0000010000 Exception <a 'java/lang/ClassNotFoundException'{0x000000062a900000}: org/slf4j/impl/StaticLoggerBinder> (0x000000062a900000) thrown at [src/hotspot/share/classfile/systemDictionary.cpp, line 256]",
	"Event: 0.610 Thread 0x00007f0000010000 Exception <a 'java/lang/UnsatisfiedLinkError'{0x000000062a910000}: no netty_transport_native_epoll_x86_64 in java.library.path> (0x000000062a910000) thrown at [src/hotspot/share/prims/jni.cpp, line 600]",
	"Event: 0.612 Thread 0x00007f0000010000 Exception <a 'java/lang/UnsatisfiedLinkError'{0x000000062a920000}: /tmp/libnetty_transport_native_epoll_x86_6412345.so: /lib64/libc.so.6: version `GLIBC_2.34' not found (required by /tmp/libnetty_transport_native_epoll_x86_6412345.so)> (0x000000062a920000) thrown at [src/hotspot/share/prims/jni.cpp, line 600]",
	"",
	"Dll operation events (1 events):",
	"Event: 0.001 Loaded shared library /usr/lib/jvm/java-17/lib/libjava.so",
	"",
}

// healthyProcess are the PROCESS lines of a healthy JVM: its memory map of
// common libraries, agent options and the JDK's own signal handlers.
var healthyProcess = []string{
	"Dynamic libraries:",
	"7f0000400000-7f0000401000 r-xp 00000000 08:01 11 /usr/lib/jvm/java-17/lib/server/libjvm.so",
	"7f0000410000-7f0000411000 r-xp 00000000 08:01 12 /usr/lib/x86_64-linux-gnu/libc.so.6",
	"7f0000420000-7f0000421000 r-xp 00000000 08:01 13 /usr/lib/x86_64-linux-gnu/libz.so.1.2.11",
	"7f0000430000-7f0000431000 r-xp 00000000 08:01 14 /usr/lib/jvm/java-17/lib/libjava.so",
	"7f0000440000-7f0000441000 r-xp 00000000 08:01 15 /usr/lib/jvm/java-17/lib/libnio.so",
	"7f0000450000-7f0000451000 r-xp 00000000 08:01 16 /usr/lib/jvm/java-17/lib/libnet.so",
	"7f0000460000-7f0000461000 r-xp 00000000 08:01 17 /usr/lib/jvm/java-17/lib/libzip.so",
	"7f0000470000-7f0000471000 r-xp 00000000 08:01 18 /usr/lib/jvm/java-17/lib/libfontmanager.so",
	"7f0000480000-7f0000481000 r-xp 00000000 08:01 19 /usr/lib/x86_64-linux-gnu/libfreetype.so.6.17.4",
	"7f0000490000-7f0000491000 r-xp 00000000 08:01 20 /tmp/jna-1234/jna5678901234567890.tmp",
	"7f00004a0000-7f00004a1000 r-xp 00000000 08:01 21 /usr/lib/x86_64-linux-gnu/libnss_files.so.2",
	"7f00004b0000-7f00004b1000 r-xp 00000000 08:01 22 /usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30",
	// a musl JDK's own loader, and macOS's Rosetta stub every process maps
	"7f00004c0000-7f00004c1000 r-xp 00000000 08:01 23 /lib/ld-musl-x86_64.so.1",
	"7f00004d0000-7f00004d1000 r-xp 00000000 08:01 24 /usr/lib/libRosetta.dylib",
	"",
	"VM Arguments:",
	"jvm_args: -javaagent:/opt/newrelic/newrelic.jar -Xms1g -Xmx1g",
	"java_command: com.example.Main",
	"",
	"Environment Variables:",
	"JAVA_TOOL_OPTIONS=-javaagent:/opt/otel/opentelemetry-javaagent.jar",
	"",
	"Signal Handlers:",
	"   SIGSEGV: crash_handler in libjvm.so, mask=11100100010111111101111111111110, flags=SA_RESTART|SA_SIGINFO, unblocked",
	"    SIGBUS: crash_handler in libjvm.so, mask=11100100010111111101111111111110, flags=SA_RESTART|SA_SIGINFO, unblocked",
	"    SIGFPE: crash_handler in libjvm.so, mask=11100100010111111101111111111110, flags=SA_RESTART|SA_SIGINFO, unblocked",
	"   SIGPIPE: javaSignalHandler in libjvm.so, mask=11100100010111111101111111111110, flags=SA_RESTART|SA_SIGINFO, blocked",
	"    SIGILL: crash_handler in libjvm.so, mask=11100100010111111101111111111110, flags=SA_RESTART|SA_SIGINFO, unblocked",
	"   SIGUSR2: SR_handler in libjvm.so, mask=00000000000000000000000000000000, flags=SA_RESTART|SA_SIGINFO, blocked",
	"    SIGHUP: UserHandler in libjvm.so, mask=11100100010111111101111111111110, flags=SA_RESTART|SA_SIGINFO, blocked",
	"   SIGQUIT: UserHandler in libjvm.so, mask=11100100010111111101111111111110, flags=SA_RESTART|SA_SIGINFO, blocked",
	"SIGSEGV: [libjvm.so+0xb80fd0], sa_mask[0]=11111111011111111101111111111110, sa_flags=SA_RESTART|SA_SIGINFO",
	"SIGBUS: [libjvm.so+0xb80fd0], sa_mask[0]=11111111011111111101111111111110, sa_flags=SA_RESTART|SA_SIGINFO",
}

// healthySystem are SYSTEM lines of a healthy JVM: a distribution's THP
// default and the container block every containerised JVM prints.
var healthySystem = []string{
	"/sys/kernel/mm/transparent_hugepage/enabled: [always] madvise never",
	"/sys/kernel/mm/transparent_hugepage/defrag (defrag/compaction efforts parameter): always defer defer+madvise [madvise] never",
	"",
	"container (cgroup) information:",
	"container_type: cgroupv2",
	"cpu_cpuset_cpus: 0-15",
	"active_processor_count: 6",
	"cpu_quota: 600000",
	"cpu_period: 100000",
	"memory_limit_in_bytes: 8589934592",
	"",
}

// healthyWindows are PROCESS lines of a healthy Windows JVM: the DLLs
// every process on a machine with an EDR agent or an overlay loads.
var healthyWindows = []string{
	"Dynamic libraries:",
	"0x00007ff6c2a40000 - 0x00007ff6c2a4e000 \tC:\\Program Files\\Java\\bin\\java.exe",
	"0x00007ffb12340000 - 0x00007ffb12400000 \tC:\\Windows\\System32\\SYSFER.DLL",
	"0x00007ffb12500000 - 0x00007ffb12600000 \tC:\\Program Files\\CrowdStrike\\umppc12345.dll",
	"0x00007ffb12700000 - 0x00007ffb12800000 \tC:\\Windows\\SYSTEM32\\ntdll.dll",
	"",
}

// neutralLogs are crashes of several shapes that none of the noise
// explains: a vendor library's fault, a VM-internal fault, a JIT-compiled
// fault and one the rules cannot place.
var neutralLogs = map[string]hs{
	"vendor library at a heap address": {Frame: libTop, Frames: []string{libTop, "j  com.vendor.Native.read()V+0"}},
	"vendor library at NULL":           {Frame: libTop, Frames: []string{libTop, "j  com.vendor.Native.read()V+0"}, Siginfo: segvAt(0x10)},
	"libjvm in a Java thread":          {Frame: "V  [libjvm.so+0x5a1b2c]  Symbol::as_C_string()+0x1c", Frames: []string{"V  [libjvm.so+0x5a1b2c]  Symbol::as_C_string()+0x1c"}},
	"compiled Java code": {Frame: "J 1985 c2 java.net.URLStreamHandler.parseURL(Ljava/net/URL;Ljava/lang/String;II)V java.base@17.0.10 (1193 bytes) @ 0x00007f0011223344 [0x00007f0011220000+0x0000000000003344]",
		Thread: `Current thread (0x00007f0000010000):  JavaThread "main" [_thread_in_Java, id=101, stack(0x00007f0000100000,0x00007f0000200000)]`},
	"no frame at all": {},
	"Windows: vendor DLL at a heap address": {Platform: "windows-amd64", Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x00007ffb1a2b3c4d, pid=100, tid=101",
		Siginfo: "siginfo: EXCEPTION_ACCESS_VIOLATION (0xc0000005), reading address 0x000001f2a0b1c000", Frame: "C  [vendor.dll+0x3c4d]", Frames: []string{"C  [vendor.dll+0x3c4d]"}},
	"Windows: crash in ntdll": {Platform: "windows-amd64", Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x00007ffb12701234, pid=100, tid=101",
		Siginfo: "siginfo: EXCEPTION_ACCESS_VIOLATION (0xc0000005), reading address 0x0000000000000010", Frame: "C  [ntdll.dll+0x1234]", Frames: []string{"C  [ntdll.dll+0x1234]"}},
}

func TestHealthyNoiseIsNoEvidence(t *testing.T) {
	noise := map[string]bool{}
	for _, s := range append(append(append(append([]string{}, healthyEvents...), healthyProcess...), healthySystem...), healthyWindows...) {
		if s = strings.TrimSpace(s); s != "" && !strings.HasSuffix(s, ":") && !strings.HasSuffix(s, "events):") {
			noise[s] = true
		}
	}
	for name, h := range neutralLogs {
		t.Run(name, func(t *testing.T) {
			plain := NewPass(h.log())
			want, _ := Decide(plain, Run(plain, All()))
			noisy := h
			noisy.Process = append(append(append([]string{}, h.Process...), healthyEvents...), healthyProcess...)
			noisy.System = append(append([]string{}, h.System...), healthySystem...)
			libs := 12
			if strings.HasPrefix(h.Platform, "windows") {
				noisy.Process = append(append(append([]string{}, h.Process...), healthyEvents...), healthyWindows...)
				noisy.Process = append(noisy.Process, healthyProcess[14:]...) // the agent options and handlers, not the Linux map
				libs = 4
			}
			p := NewPass(noisy.log())
			if pr := p.Log.Process; len(pr.Events) < 4 || len(pr.SignalHandlers) < 8 || len(pr.Libraries) < libs || len(pr.VMArguments.JVMArgs) == 0 || len(pr.Environment) == 0 {
				t.Fatalf("the noise was not parsed: %d event logs, %d handlers, %d libraries, %d args, %d env",
					len(pr.Events), len(pr.SignalHandlers), len(pr.Libraries), len(pr.VMArguments.JVMArgs), len(pr.Environment))
			}
			fs := Run(p, All())
			got, _ := Decide(p, fs)
			if got.Class != want.Class || got.Confidence != want.Confidence {
				t.Errorf("healthy noise changed the verdict: %s (%.2f) → %s (%.2f): %s", want.Class, want.Confidence, got.Class, got.Confidence, got.Summary)
			}
			for _, f := range fs {
				if f.Class == "agents-present" {
					continue // says agents are loaded, as context; never a cause (factor, no confidence gain)
				}
				for _, e := range f.Evidence {
					if noise[strings.TrimSpace(e.Text)] {
						t.Errorf("%s (%s %.2f) quotes a line healthy JVMs log: %q", f.Class, f.Role, f.Confidence, e.Text)
					}
				}
			}
		})
	}
}

// A linkage error about application code still counts; the JDK's own do not.
func TestMismatchEvent(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"Exception <a 'java/lang/NoSuchMethodError'{0x0}: 'void com.vendor.Native.callback(long)'> (0x0) thrown at [src/hotspot/share/prims/jni.cpp, line 1146]", true},
		{"Exception <a 'java/lang/NoSuchFieldError': handle> (0x0) thrown at [jni.cpp, line 2032]", true},
		{"Exception <a 'java/lang/UnsatisfiedLinkError'{0x0}: 'long org.rocksdb.RocksDB.open(long, java.lang.String)'> (0x0) thrown at [nativeLookup.cpp, line 415]", true},
		{"Exception <a 'java/lang/UnsatisfiedLinkError'{0x0}: no rocksdbjni in java.library.path> (0x0) thrown at [jni.cpp, line 600]", false},
		{"Exception <a 'java/lang/NoSuchMethodError'{0x0}: 'java.lang.Object java.lang.invoke.Invokers$Holder.linkToTargetMethod(java.lang.Object)'> (0x0) thrown at [linkResolver.cpp, line 759]", false},
		{"Exception <a 'java/lang/NoSuchMethodError': java.lang.Object.lambda$comparing$77a9974f$1(Ljava/util/function/Function;)I> (0x0) thrown at [linkResolver.cpp, line 582]", false},
		{"Exception <a 'java/lang/ClassNotFoundException'{0x0}: com/vendor/Missing> (0x0) thrown at [systemDictionary.cpp, line 256]", false},
		{"Exception <a 'java/lang/UnsatisfiedLinkError'{0x0}: /tmp/libx.so: /lib64/libc.so.6: version `GLIBC_2.34' not found (required by /tmp/libx.so)> (0x0) thrown at [jni.cpp, line 600]", false},
	} {
		if got := mismatchEvent(c.text); got != c.want {
			t.Errorf("mismatchEvent(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// A #GP that the fault analysis explains by the pointer the code used (a
// non-canonical operand) is software: no hardware finding, not even a weak one.
func TestSoftwareGPIsNoHardwareSign(t *testing.T) {
	l := hs{Siginfo: si(11, "SIGSEGV", "SI_KERNEL", 0), Frame: libTop, Frames: []string{libTop},
		More: []string{"Registers:",
			"RAX=0x0000000000000001, RBX=0x00007f0000300000, RCX=0x0000000000000002, RDX=0x0000000000000003",
			"RSP=0x00007f00001ff000, RBP=0x00007f00001ff040, RSI=0x0000000000000010, RDI=0x1234567812345678",
			"RIP=0x00007f0000001234, EFLAGS=0x0000000000010246",
			"", "Instructions: (pc=0x00007f0000001234)",
			"0x00007f0000001224:   90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90",
			"0x00007f0000001234:   8b 47 08 85 c0 90 90 90 90 90 90 90 90 90 90 90"}}.log()
	if fs := Run(NewPass(l), []*Rule{Hardware}); len(fs) > 0 {
		t.Errorf("hardware finding for a #GP on a non-canonical operand: %s %.2f", fs[0].Summary, fs[0].Confidence)
	}
}
