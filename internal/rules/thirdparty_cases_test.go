package rules

// Rows for third-party-native-crash: a named third-party library on top,
// and the near misses that belong to more specific classes or to no
// library at all.

const (
	chilkatTop = "C  [jna8588255081773605818.tmp+0x13c480]  CkMultiByteBase::nextIdx()+0x10"
	rocksTop   = "C  [librocksdbjni5040108181873856658.so+0x3e1a4]  rocksdb::DBImpl::Get()+0x64"
	ffiTop     = "C  [jna3125142934924644081.tmp+0xd278]  Java_com_sun_jna_Native_invokeVoid+0x498"
)

var _ = cases(
	rcase{name: "a vendor library at a heap address", rule: ThirdPartyNative, fire: true, min: 0.6,
		log: hs{Frame: libTop, Frames: []string{libTop}}.log(), want: []string{"libvendor.so", "Upgrade libvendor.so", "Report the crash", "addr2line"}},
	rcase{name: "a library JNA extracted (Chilkat), named by its symbol", rule: ThirdPartyNative, fire: true, min: 0.6,
		log: hs{Frame: chilkatTop, Frames: []string{chilkatTop}}.log(), want: []string{"Chilkat Software", "not JNA itself", "Upgrade Chilkat (jna8588255081773605818.tmp, by Chilkat Software)"}},
	rcase{name: "RocksDB named by its file", rule: ThirdPartyNative, fire: true, min: 0.6,
		log: hs{Frame: rocksTop, Frames: []string{rocksTop}}.log(), want: []string{"RocksDB", "Meta"}},
	rcase{name: "on Windows the offset is resolved with the PDB, not addr2line", rule: ThirdPartyNative, fire: true, min: 0.6,
		log: hs{Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x00007ff812341234, pid=100, tid=101", Platform: "windows-amd64",
			Frame: "C  [vendor.dll+0x1234]", Frames: []string{"C  [vendor.dll+0x1234]"}, Siginfo: "siginfo: EXCEPTION_ACCESS_VIOLATION (0xc0000005), reading address 0x00000123456789ab"}.log(),
		want: []string{"WinDbg"}},
	rcase{name: "ASCII bytes as the base register are quoted as string bytes used as a pointer", rule: ThirdPartyNative, fire: true, min: 0.6,
		log: hs{Err: "SIGSEGV (0xb) at pc=0x00007f0000001234, pid=100, tid=101", Siginfo: si(11, "SIGSEGV", "SI_KERNEL", 0), Frame: libTop, Frames: []string{libTop},
			More: []string{"Registers:",
				"RAX=0x0000000000000001, RBX=0x00007f0000300000, RCX=0x0000000000000002, RDX=0x0000000000000003",
				"RSP=0x00007f00001ff000, RBP=0x00007f00001ff040, RSI=0x0000000000000010, RDI=0x6f697461636f766e",
				"RIP=0x00007f0000001234, EFLAGS=0x0000000000010246",
				"", "Instructions: (pc=0x00007f0000001234)",
				"0x00007f0000001224:   90 90 90 90 90 90 90 90 90 90 90 90 90 90 90 90",
				"0x00007f0000001234:   8b 47 08 85 c0 90 90 90 90 90 90 90 90 90 90 90"}}.log(),
		want: []string{`"nvocatio"`, "string bytes were used as a pointer"}},
	rcase{name: "JNA's own entry point is JNA, not an extracted library", rule: ThirdPartyNative,
		log: hs{Frame: ffiTop, Frames: []string{ffiTop}}.log()},
	rcase{name: "libjvm on top is not third-party", rule: ThirdPartyNative,
		log: hs{Frame: jvmTop, Frames: []string{jvmTop}}.log()},
	rcase{name: "a GPU driver has its own class", rule: ThirdPartyNative,
		log: hs{Frame: "C  [libnvidia-glcore.so.535.54.03+0x1234]", Frames: []string{"C  [libnvidia-glcore.so.535.54.03+0x1234]"}}.log()},
	rcase{name: "libc on top (a copy routine) is not inside the library", rule: ThirdPartyNative,
		log: hs{Frame: libcCopy, Frames: []string{libcCopy, libTop}}.log()},
)

var _ = cases(
	rcase{name: "a JDK library the catalogue names (libjsvml, JDK 17+ vector math) is not third-party", rule: ThirdPartyNative,
		log: hs{Frame: "C  [libjsvml.so+0x1234]  __jsvml_exp8_ha_z0+0x10", Frames: []string{"C  [libjsvml.so+0x1234]  __jsvml_exp8_ha_z0+0x10"}}.log()},
)

var _ = cases(
	rcase{name: "the Visual C++ runtime is the OS's, not a third-party library", rule: ThirdPartyNative,
		log: hs{Platform: "windows-amd64", Frame: "C  [VCRUNTIME140.dll+0x1234]", Frames: []string{"C  [VCRUNTIME140.dll+0x1234]"}}.log()},
	rcase{name: "libc++ on macOS is the OS's", rule: ThirdPartyNative,
		log: hs{Platform: "bsd-aarch64", Frame: "C  [libc++abi.dylib+0x1234]  __cxa_throw+0x10", Frames: []string{"C  [libc++abi.dylib+0x1234]  __cxa_throw+0x10"}}.log()},
)
