package rules

import "strings"

// Rows for memory-access and stack rules: sentinels, mapped files, Unsafe,
// CDS, stacks, fonts, JNA.

const (
	copyStub = "v  ~StubRoutines::jbyte_disjoint_arraycopy"
	unsafeV  = "V  [libjvm.so+0xe66d70]  Unsafe_CopyMemory0+0xd0"
	fileMap  = "7f0012300000-7f0012400000 r--s 00000000 08:01 4242 /data/index/segment_1.idx"
	jsaMap   = "800000000-800d40000 rw-p 00001000 08:01 777 /usr/lib/jvm/java-17/lib/server/classes.jsa"
)

func sigbusAt(addr uint64) hs {
	return hs{Err: "SIGBUS (0x7) at pc=0x00007f0000001234, pid=100, tid=101", Siginfo: si(7, "SIGBUS", "BUS_ADRERR", addr)}
}

var _ = cases(
	rcase{name: "MAP_FAILED read by an FFM copy", rule: MmapFailed, fire: true, min: 0.85,
		log:  hs{Frame: copyStub, Frames: []string{copyStub, unsafeV, "j  jdk.incubator.foreign.MemorySegment.copyFrom(Ljdk/incubator/foreign/MemorySegment;)Ljdk/incubator/foreign/MemorySegment;+10 jdk.incubator.foreign@18"}, Siginfo: segvAt(0xffffffffffffffff)}.log(),
		want: []string{"MAP_FAILED", "memfd_secret", "errno"}},
	rcase{name: "an ordinary heap address in the same copy", rule: MmapFailed, log: hs{Frame: copyStub, Frames: []string{copyStub, unsafeV}}.log()},

	rcase{name: "JNA closure with RDI=0", rule: JNAClosure, fire: true, min: 0.9, log: jnaLog(0), want: []string{"RDI=0x0"}},
	rcase{name: "ffi_prep_closure_loc with a valid closure", rule: JNAClosure, log: jnaLog(0x7f0000001000)},

	rcase{name: "SIGBUS inside a file mapping", rule: SigbusMapped, fire: true, min: 0.9,
		log: func() hs {
			h := sigbusAt(0x7f0012345000)
			h.Frame, h.Frames, h.Process = copyStub, []string{copyStub}, []string{"Dynamic libraries:", fileMap}
			return h
		}().log(), want: []string{"segment_1.idx"}},
	rcase{name: "a SIGBUS on macOS in a vendor library, no file mapping: a protection fault", rule: SigbusMapped,
		log: hs{Platform: "bsd-aarch64", Err: "SIGBUS (0xa) at pc=0x0000000102345678, pid=100, tid=101", Siginfo: si(10, "SIGBUS", "BUS_ADRERR", 0x102400000),
			Frame: "C  [libvendor.dylib+0x1a2b]  vendor_write+0x10", Frames: []string{"C  [libvendor.dylib+0x1a2b]  vendor_write+0x10"}}.log()},
	rcase{name: "SIGSEGV in the same stub", rule: SigbusMapped, log: hs{Frame: copyStub, Frames: []string{copyStub}, Process: []string{"Dynamic libraries:", fileMap}}.log()},

	rcase{name: "SIGBUS in the hsperfdata file", rule: Hsperfdata, fire: true, min: 0.9,
		log: func() hs {
			h := sigbusAt(0x7f0012345000)
			h.Process = []string{"Dynamic libraries:", "7f0012340000-7f0012348000 rw-s 00000000 08:01 99 /tmp/hsperfdata_app/100"}
			return h
		}().log(), want: []string{"PerfDisableSharedMem"}},
	rcase{name: "SIGBUS in another file", rule: Hsperfdata, log: func() hs {
		h := sigbusAt(0x7f0012345000)
		h.Process = []string{"Dynamic libraries:", fileMap}
		return h
	}().log()},

	rcase{name: "Unsafe_CopyMemory0 at a freed address", rule: UnsafeOffheap, fire: true, min: 0.7,
		log: hs{Frame: unsafeV, Frames: []string{unsafeV, "j  sun.misc.Unsafe.copyMemory(Ljava/lang/Object;JLjava/lang/Object;JJ)V+0"}}.log()},
	rcase{name: "the same frames at MAP_FAILED belong to unchecked-mmap-failed", rule: UnsafeOffheap,
		log: hs{Frame: unsafeV, Frames: []string{unsafeV}, Siginfo: segvAt(0xffffffffffffffff)}.log()},

	rcase{name: "force-unmapped index read in a hole of the map", rule: UnmapUse, fire: true, min: 0.7,
		log: hs{Frame: "J 812 c2 kafka.log.AbstractIndex.binarySearch(Ljava/nio/ByteBuffer;J)I (90 bytes) @ 0x00007f0000001234 [0x00007f0000001200+0x34]",
			Frames: []string{"J 812 c2 kafka.log.AbstractIndex.binarySearch(Ljava/nio/ByteBuffer;J)I (90 bytes) @ 0x00007f0000001234 [0x00007f0000001200+0x34]"}, Process: unmappedMap()}.log(), want: []string{"SIGBUS instead"}},
	rcase{name: "a truncated mapped file raises SIGBUS, not this", rule: UnmapUse,
		log: func() hs {
			h := sigbusAt(0x7f0012345000)
			h.Frame, h.Frames = "J 812 c2 kafka.log.AbstractIndex.binarySearch(Ljava/nio/ByteBuffer;J)I (90 bytes) @ 0x00007f0000001234 [0x00007f0000001200+0x34]", []string{"J 812 c2 kafka.log.AbstractIndex.binarySearch(Ljava/nio/ByteBuffer;J)I (90 bytes) @ 0x00007f0000001234 [0x00007f0000001200+0x34]"}
			return h
		}().log()},

	rcase{name: "fault inside classes.jsa", rule: CDS, fire: true, min: 0.85,
		log: func() hs {
			h := sigbusAt(0x800001000)
			h.Frame, h.Process = jvmTop, []string{"Dynamic libraries:", jsaMap}
			return h
		}().log(), want: []string{"-Xshare:off"}},
	rcase{name: "a mapped .idx file is not CDS", rule: CDS, log: func() hs {
		h := sigbusAt(0x7f0012345000)
		h.Process = []string{"Dynamic libraries:", fileMap}
		return h
	}().log()},

	rcase{name: "EXCEPTION_IN_PAGE_ERROR in a copy stub", rule: InPageError, fire: true, min: 0.9,
		log: hs{Platform: "windows-amd64", Err: "EXCEPTION_IN_PAGE_ERROR (0xc0000006) at pc=0x000001f2a3b4c5d6, pid=100, tid=101",
			Siginfo: "siginfo: EXCEPTION_IN_PAGE_ERROR (0xc0000006), reading address 0x000001f2b0000000", Frame: copyStub, Frames: []string{copyStub}}.log(), want: []string{"local disk"}},
	rcase{name: "an access violation is not an in-page error", rule: InPageError,
		log: hs{Platform: "windows-amd64", Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x000001f2a3b4c5d6, pid=100, tid=101",
			Siginfo: "siginfo: EXCEPTION_ACCESS_VIOLATION (0xc0000005), reading address 0x0000000000000000", Frame: copyStub, Frames: []string{copyStub}}.log()},

	rcase{name: "stack guard fault in a native library", rule: StackOverflowNative, fire: true, min: 0.8,
		log: hs{Frame: libTop, Frames: []string{libTop}, Siginfo: segvAt(0x00007f0000100800)}.log()},
	rcase{name: "a fault far from the stack bottom", rule: StackOverflowNative, log: hs{Frame: libTop, Frames: []string{libTop}}.log()},
	rcase{name: "a read just below the stack bottom is not the guard zone", rule: StackOverflowNative,
		log: hs{Frame: libcCopy, Frames: []string{libcCopy, libTop}, Siginfo: segvAt(0x00007f00000ff800), Process: []string{"Dynamic libraries:",
			"7f0000400000-7f0000401000 r-xp 00000000 08:01 1 /usr/lib/libvendor.so"}}.log()},
	rcase{name: "a garbage free-space field (sp outside the stack) is not 0k", rule: StackOverflowNative,
		log: raw(strings.Replace(hsText(hs{Frame: libTop, Frames: []string{libTop}}), "sp=0x00007f00001ff000,  free space=1020k", "sp=0x00007f00000ff000,  free space=-1020k", 1))},

	rcase{name: "the same method 40 times on an exhausted stack", rule: JavaRecursion, fire: true, min: 0.85,
		log: hs{Frame: "V  [libjvm.so+0x1234]  SharedRuntime::throw_StackOverflowError(JavaThread*)+0x10", Frames: append([]string{"V  [libjvm.so+0x1234]  SharedRuntime::throw_StackOverflowError(JavaThread*)+0x10"}, repeat("J 77 c2 com.example.Soy.coerceToString(Ljava/lang/Object;)Ljava/lang/String; (40 bytes) @ 0x00007f0000001234 [0x00007f0000001200+0x34]", 40)...),
			Siginfo: segvAt(0x00007f0000100800)}.log(), want: []string{"com.example.Soy.coerceToString", "40 times"}},
	rcase{name: "a deep but varied Java stack", rule: JavaRecursion,
		log: hs{Frame: libTop, Frames: append([]string{libTop}, varied(40)...), Siginfo: segvAt(0x00007f0000100800)}.log()},

	rcase{name: "execstack warning and a stack-guard fault", rule: ExecStack, fire: true, min: 0.85,
		log: hs{Frame: libTop, Frames: []string{libTop}, Siginfo: segvAt(0x00007f0000100800),
			Process: []string{"Dll operation events (1 events):", "Event: 0.120 Loaded shared library /opt/app/libbridj.so", "", "VM warning events (1 events):",
				"Event: 0.121 You have loaded library /opt/app/libbridj.so which might have disabled stack guard. The VM will try to fix the stack guard now."}}.log(),
		want: []string{"execstack -c"}},
	rcase{name: "stack-guard fault without the warning", rule: ExecStack, log: hs{Frame: libTop, Frames: []string{libTop}, Siginfo: segvAt(0x00007f0000100800)}.log()},

	rcase{name: "32-bit main thread faults just below its stack", rule: GuardGap32, fire: true, min: 0.65,
		log: hs{Platform: "linux-x86", Thread: `Current thread (0x09a1b000):  JavaThread "main" [_thread_in_vm, id=100, stack(0xff700000,0xff800000)]`,
			Frame: jvmTop, Frames: []string{jvmTop}, Siginfo: "siginfo: si_signo: 11 (SIGSEGV), si_code: 1 (SEGV_MAPERR), si_addr: 0xff6ff000"}.log(), want: []string{"JDK-8197429"}},
	rcase{name: "the same fault on a 64-bit JVM", rule: GuardGap32,
		log: hs{Thread: `Current thread (0x00007f0000010000):  JavaThread "main" [_thread_in_vm, id=100, stack(0x00007f0000100000,0x00007f0000200000)]`, Frame: jvmTop, Frames: []string{jvmTop}, Siginfo: segvAt(0x00007f00000ff000)}.log()},

	rcase{name: "freetype reading font data under getGlyphImageNative: a bus error", rule: FontTemp, fire: true, min: 0.75,
		log: hs{Err: "SIGBUS (0x7) at pc=0x00007f0000001234, pid=100, tid=101", Siginfo: si(7, "SIGBUS", "BUS_ADRERR", 0x7f0012345678),
			Frame: libcCopy, Frames: []string{libcCopy, "C  [libfreetype.so.6+0x3e1a4]  FT_Stream_EnterFrame+0x64"}, Java: []string{"j  sun.font.FreetypeFontScaler.getGlyphImageNative(Lsun/font/Font2D;JJI)J+0"}}.log(), want: []string{"java.io.tmpdir"}},
	rcase{name: "freetype reading font data, a segfault with no temp font mapped: a candidate only", rule: FontTemp,
		log: hs{Frame: libcCopy, Frames: []string{libcCopy, "C  [libfreetype.so.6+0x3e1a4]  FT_Stream_EnterFrame+0x64"}, Java: []string{"j  sun.font.FreetypeFontScaler.getGlyphImageNative(Lsun/font/Font2D;JJI)J+0"}}.log()},
	rcase{name: "a NULL dereference in freetype is a font-library bug", rule: FontTemp,
		log: hs{Frame: "C  [libfreetype.so.6+0x3e1a4]  FT_Load_Glyph+0x64", Frames: []string{"C  [libfreetype.so.6+0x3e1a4]  FT_Load_Glyph+0x64"}, Siginfo: segvAt(0x10), Java: []string{"j  sun.font.FreetypeFontScaler.getGlyphImageNative(Lsun/font/Font2D;JJI)J+0"}}.log()},
)

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func varied(n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, "j  com.example.Step"+itoa(i)+".run()V+4")
	}
	return out
}
