package rules

// Rows for platform, toolkit and library-catalogue rules.

const winAV = "siginfo: EXCEPTION_ACCESS_VIOLATION (0xc0000005), reading address 0x0000000000000000"

const cairoTop = "C  [libcairo.so.2+0x66e64]  cairo_region_num_rectangles+0x4"

var _ = cases(
	rcase{name: "Rosetta's synthetic CPU under an x86-64 JVM, crash in compiled code", rule: Emulation, fire: true, min: 0.8,
		log:  hs{Platform: "bsd-amd64", Frame: staleTop, Frames: []string{staleTop}, System: []string{"CPU: total 8 (initial active 8) (1 cores per cpu, 1 threads per core) family 6 model 44 stepping 0 microcode 0x0, cmov, cx8, fxsr, mmx, sse, sse2, sse3, ssse3, sse4.1, sse4.2, popcnt"}}.log(),
		want: []string{"Rosetta", "macos-aarch64"}},
	rcase{name: "a real Westmere (microcode set) is not Rosetta", rule: Emulation,
		log: hs{System: []string{"CPU: total 8 (initial active 8) (4 cores per cpu, 2 threads per core) family 6 model 44 stepping 2 microcode 0x1f, cmov, cx8, fxsr, mmx, sse, sse2"}}.log()},
	rcase{name: "an arm64 kernel under an x86-64 JVM (QEMU), SIGILL", rule: Emulation, fire: true, min: 0.85,
		log: hs{Err: "SIGILL (0x4) at pc=0x00007f0000001234, pid=100, tid=101", Siginfo: si(4, "SIGILL", "ILL_ILLOPN", 0x7f0000001234), System: []string{"uname: Linux 6.6.16-linuxkit #1 SMP PREEMPT Fri Feb 16 11:54:02 UTC 2024 aarch64"}}.log()},
	rcase{name: "emulation with a NULL dereference in a vendor library is context, not the cause", rule: Emulation,
		log: hs{Frame: libTop, Frames: []string{libTop}, Siginfo: segvAt(0x10), System: []string{"uname: Linux 6.6.16-linuxkit #1 SMP PREEMPT Fri Feb 16 11:54:02 UTC 2024 aarch64"}}.log()},

	rcase{name: "libX11 on top in a Wayland session", rule: GTKWayland, fire: true, min: 0.8,
		log: hs{Frame: "C  [libX11.so.6+0x3a1b2]  XGetWindowProperty+0x12", Frames: []string{"C  [libX11.so.6+0x3a1b2]  XGetWindowProperty+0x12", "C  [libglass.so+0x2e1c]  Java_com_sun_glass_ui_gtk_GtkApplication__1runLoop+0x10"},
			Process: []string{"Environment Variables:", "XDG_SESSION_TYPE=wayland", "DISPLAY=:0"}}.log(), want: []string{"GDK_BACKEND=x11"}},
	rcase{name: "cairo on top is GTK/GDK drawing (Wayland session)", rule: GTKWayland, fire: true, min: 0.8,
		log: hs{Frame: cairoTop, Frames: []string{cairoTop}, Process: []string{"Environment Variables:", "XDG_SESSION_TYPE=wayland"}}.log(), want: []string{"Wayland"}},
	rcase{name: "cairo without a session type: the toolkit crashed, the cause is not claimed", rule: GTKWayland, fire: true, min: 0.6, below: 0.65,
		log: hs{Frame: cairoTop, Frames: []string{cairoTop}}.log(), want: []string{"does not show why"}},
	rcase{name: "a vendor library on top is not the toolkit, Wayland or not", rule: GTKWayland,
		log: hs{Frame: libTop, Frames: []string{libTop}, Process: []string{"Environment Variables:", "XDG_SESSION_TYPE=wayland"}}.log()},
	rcase{name: "cairo on top is not font rendering", rule: LibraryClass, class: "awt-font-native",
		log: hs{Frame: cairoTop, Frames: []string{cairoTop}}.log()},

	rcase{name: "objc_msgSend on macOS", rule: AppKit, fire: true, min: 0.75,
		log: hs{Platform: "bsd-aarch64", Frame: "C  [libobjc.A.dylib+0x6c10]  objc_msgSend+0x10", Frames: []string{"C  [libobjc.A.dylib+0x6c10]  objc_msgSend+0x10", "C  [AppKit+0x2a1b2c]  -[NSWindow _close]+0x40"}}.log(), want: []string{"main thread"}},
	rcase{name: "objc_msgSend named on Linux is not AppKit", rule: AppKit,
		log: hs{Frame: "C  [libobjc.A.dylib+0x6c10]  objc_msgSend+0x10", Frames: []string{"C  [libobjc.A.dylib+0x6c10]  objc_msgSend+0x10"}}.log()},

	rcase{name: "SIGBUS in SafeFetchN on macOS aarch64", rule: MacPlatform, fire: true, min: 0.7,
		log: hs{Platform: "bsd-aarch64", Err: "SIGBUS (0xa) at pc=0x0000000104a1b2c4, pid=100, tid=101", Siginfo: "siginfo: si_signo: 10 (SIGBUS), si_code: 1 (BUS_ADRALN), si_addr: 0x0000000104a1b2c4",
			Frame: "v  ~StubRoutines::SafeFetchN", Frames: []string{"v  ~StubRoutines::SafeFetchN"}}.log(), want: []string{"SafeFetch"}},
	rcase{name: "the same stub on Linux", rule: MacPlatform,
		log: hs{Frame: "v  ~StubRoutines::SafeFetchN", Frames: []string{"v  ~StubRoutines::SafeFetchN"}}.log()},

	rcase{name: "crash inside an injected EDR DLL", rule: InjectedDLL, fire: true, min: 0.85,
		log: hs{Platform: "windows-amd64", Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x00007ffb12345678, pid=100, tid=101", Siginfo: winAV,
			Frame: "C  [SYSFER.DLL+0x1a2b]", Frames: []string{"C  [SYSFER.DLL+0x1a2b]"},
			Process: []string{"Dynamic libraries:", "0x00007ff6c2a40000 - 0x00007ff6c2a4e000 \tC:\\Program Files\\Java\\bin\\java.exe", "0x00007ffb12340000 - 0x00007ffb12400000 \tC:\\Windows\\System32\\SYSFER.DLL"}}.log(),
		want: []string{"Symantec"}},
	rcase{name: "a crash in ntdll with an EDR DLL loaded: healthy JVMs there load it too", rule: InjectedDLL,
		log: hs{Platform: "windows-amd64", Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x00007ffb12345678, pid=100, tid=101", Siginfo: winAV,
			Frame: "C  [ntdll.dll+0x1a2b]", Frames: []string{"C  [ntdll.dll+0x1a2b]"},
			Process: []string{"Dynamic libraries:", "0x00007ffb12340000 - 0x00007ffb12400000 \tC:\\Windows\\System32\\SYSFER.DLL"}}.log()},
	rcase{name: "the DLL loaded but the crash is in a vendor library", rule: InjectedDLL,
		log: hs{Platform: "windows-amd64", Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x00007ffb12345678, pid=100, tid=101", Siginfo: winAV,
			Frame: "C  [vendor.dll+0x1a2b]", Frames: []string{"C  [vendor.dll+0x1a2b]"},
			Process: []string{"Dynamic libraries:", "0x00007ffb12340000 - 0x00007ffb12400000 \tC:\\Windows\\System32\\SYSFER.DLL"}}.log()},

	rcase{name: "NVIDIA OpenGL driver on top", rule: LibraryClass, class: "gpu-opengl-driver", fire: true, min: 0.8,
		log: hs{Platform: "windows-amd64", Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x00007ffb12345678, pid=100, tid=101", Siginfo: winAV,
			Frame: "C  [nvoglv64.dll+0x9a1b2c]", Frames: []string{"C  [nvoglv64.dll+0x9a1b2c]"}}.log(), want: []string{"driver"}},
	rcase{name: "libzip on JDK 17 is not the JDK 8 zip bug", rule: LibraryClass, class: "zip-file-modified-while-open",
		log: hs{Frame: "C  [libzip.so+0x1234]  inflate_fast+0x10", Frames: []string{"C  [libzip.so+0x1234]  inflate_fast+0x10"}}.log()},

	rcase{name: "AsyncGetCallTrace stack walk", rule: Profiler, fire: true, min: 0.75,
		log: hs{Frame: "V  [libjvm.so+0x1234]  frame::safe_for_sender(JavaThread*)+0x10", Frames: []string{"V  [libjvm.so+0x1234]  frame::safe_for_sender(JavaThread*)+0x10", "V  [libjvm.so+0x2234]  AsyncGetCallTrace+0x1a0", "C  [libasyncProfiler.so+0x1234]  Profiler::getJavaTraceAsync+0x40"}}.log()},
	rcase{name: "a sender walk in a thread dump is no profiler", rule: Profiler,
		log: hs{Thread: vmThread, Frame: "V  [libjvm.so+0x1234]  frame::sender(RegisterMap*) const+0x10", Frames: []string{"V  [libjvm.so+0x1234]  frame::sender(RegisterMap*) const+0x10"}}.log()},
)
