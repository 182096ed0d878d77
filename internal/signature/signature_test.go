package signature

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/model"
)

func cframe(lib string, off uint64, sym string) model.Frame {
	return model.Frame{Kind: "C", Library: lib, LibOffset: off, HasLibOffset: true, Symbol: sym}
}

func vframe(off uint64, sym string) model.Frame {
	return model.Frame{Kind: "V", Library: "libjvm.so", LibOffset: off, HasLibOffset: true, Symbol: sym}
}

func jframe(m string) model.Frame { return model.Frame{Kind: "J", Method: m} }

func logWith(jdk string, frames ...model.Frame) *model.Log {
	l := &model.Log{}
	l.Header.Version.JDK = jdk
	l.Header.Version.Platform = "linux-amd64"
	l.Header.Signal = "SIGSEGV"
	l.Thread.NativeFrames = frames
	return l
}

func TestDefaultRulesCompile(t *testing.T) {
	r := DefaultRules()
	if len(r.Irrelevant) < 10 || len(r.ModuleCollapse) < 5 || len(r.JavaCollapse) < 3 || len(r.System) < 5 {
		t.Fatalf("lists look empty: %d irrelevant, %d module, %d java, %d system",
			len(r.Irrelevant), len(r.ModuleCollapse), len(r.JavaCollapse), len(r.System))
	}
	if r.AlgorithmID() != "1" {
		t.Fatalf("AlgorithmID = %q, want %q", r.AlgorithmID(), "1")
	}
}

func TestNormFunc(t *testing.T) {
	cases := map[string]string{
		"memcpy+0x11":                 "memcpy",
		"cairo_region_num_rectangles": "cairo_region_num_rectangles",
		"G1ParScanThreadState::copy_to_survivor_space(InCSetState, oopDesc*, markOopDesc*)":                                                                                    "G1ParScanThreadState::copy_to_survivor_space",
		"void ShenandoahConcurrentMark::mark_loop_work<ShenandoahMarkRefsClosure, true>(ShenandoahMarkRefsClosure*, unsigned short*, unsigned int, ShenandoahTaskTerminator*)": "ShenandoahConcurrentMark::mark_loop_work<ShenandoahMarkRefsClosure, true>",
		"Method::validate_bci_from_bcx(long) const":   "Method::validate_bci_from_bcx",
		"MetadataOnStackMark::~MetadataOnStackMark()": "MetadataOnStackMark::~MetadataOnStackMark",
		"foo(int) [clone .isra.0]":                    "foo",
		"unsigned long Foo::bar(int)":                 "Foo::bar",
		"Foo::operator()(int)":                        "Foo::operator()",
		"":                                            "",
	}
	for in, want := range cases {
		if got := normFunc(in); got != want {
			t.Errorf("normFunc(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCollapseExtractedLibraries(t *testing.T) {
	r := DefaultRules()
	cases := map[string]string{
		"jna8588255081773605818.tmp":                                         "jna<N>.tmp",
		"jna3125142934924644081.tmp":                                         "jna<N>.tmp",
		"/tmp/jna-1234/jna3125142934924644081.tmp":                           "jna<N>.tmp",
		"libasyncProfiler1234.so":                                            "libasyncProfiler.so",
		"librocksdbjni5678.so":                                               "librocksdbjni.so",
		"librocksdbjni8233471029837459.so":                                   "librocksdbjni.so",
		"libnetty_transport_native_epoll_x86_6412345678.so":                  "libnetty_transport_native_epoll_x86_64.so",
		"snappy-1.1.8-7b3c1d2e-1a2b-3c4d-5e6f-0123456789ab-libsnappyjava.so": "snappy-<ver>-<uuid>-libsnappyjava.so",
		"libc.so.6":        "libc.so.6",
		"libjvm.so":        "libjvm.so",
		"libzip.so":        "libzip.so",
		"libcairo.so.2":    "libcairo.so.2",
		"libfreetype.so.6": "libfreetype.so.6",
		"jvm.dll":          "jvm.dll",
	}
	for in, want := range cases {
		var notes []string
		if got := r.module(in, &notes); got != want {
			t.Errorf("module(%q) = %q, want %q", in, got, want)
		}
	}
	javaCases := map[string]string{
		"sun.reflect.GeneratedMethodAccessor12373.invoke":          "sun.reflect.GeneratedMethodAccessor<N>.invoke",
		"com.foo.Bar$$Lambda$123/0x0000000800c0b440.apply":         "com.foo.Bar$$Lambda.apply",
		"com.sun.proxy.$Proxy42.call":                              "com.sun.proxy.$Proxy<N>.call",
		"java.lang.invoke.LambdaForm$MH/0x0000000800d2c400.invoke": "java.lang.invoke.LambdaForm$MH.invoke",
		"java.util.HashMap.get":                                    "java.util.HashMap.get",
	}
	for in, want := range javaCases {
		if got := applyCollapse(r.JavaCollapse, in); got != want {
			t.Errorf("java collapse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSkipsIrrelevantFrames(t *testing.T) {
	l := logWith("17.0.7+7",
		cframe("libc.so.6", 0x18b6d5, "__memmove_avx_unaligned_erms+0x45"),
		cframe("libfoo.so", 0x1234, "foo_copy+0x10"),
		cframe("libfoo.so", 0x2234, "foo_main+0x20"),
		jframe("com.acme.Native.copy(J)V"),
	)
	s := Compute(l, "native-bad-buffer-copy")
	want := "native-bad-buffer-copy | libfoo.so!foo_copy | libfoo.so!foo_main | com.acme.Native.copy"
	if s.String() != want {
		t.Fatalf("got  %q\nwant %q\nnotes %q", s.String(), want, s.Notes)
	}
	if !hasNote(s.Notes, "skipped irrelevant frames: libc.so.6!__memmove_avx_unaligned_erms") {
		t.Errorf("notes do not say what was skipped: %q", s.Notes)
	}
}

func TestVMErrorFramesSkipped(t *testing.T) {
	l := logWith("11.0.9+11",
		vframe(0x100, "VMError::report_and_die(int, char const*, char const*, __va_list_tag*, Thread*, unsigned char*, void*, void*, char const*, int, unsigned long)"),
		vframe(0x200, "report_vm_error(char const*, int, char const*, char const*, ...)"),
		vframe(0x300, "Method::validate_bci_from_bcx(long) const"),
		vframe(0x400, "frame::interpreter_frame_bci() const"),
		vframe(0x500, "JavaThread::pd_get_top_frame_for_profiling(frame*, void*, bool)"),
	)
	l.Header.ErrorKind = "internal-error"
	l.Header.ErrorSource = "method.cpp:2153"
	l.Header.Messages = []model.Line{{N: 5, Text: "#  assert(bcx == 0x7f01 || 12 > 3) failed: bad bcx"}}
	s := Compute(l, "vm-assert-guarantee")
	want := "vm-assert-guarantee | at method.cpp: assert(bcx == <addr> // <n> > <n>) failed: bad bcx | Method::validate_bci_from_bcx | frame::interpreter_frame_bci | JavaThread::pd_get_top_frame_for_profiling"
	if s.String() != want {
		t.Fatalf("got  %q\nwant %q", s.String(), want)
	}
}

// Symbol-less frames must never merge all libc crashes: the offset and the
// build are part of the signature.
func TestSymbolLessFallback(t *testing.T) {
	a := Compute(logWith("8.0_131-b12", cframe("libc.so.6", 0x749c1, ""), cframe("libc.so.6", 0x1000, ""), vframe(0xaa477d, ""), vframe(0x4e862a, "")), "native-heap-corruption")
	b := Compute(logWith("8.0_131-b12", cframe("libc.so.6", 0x12345, ""), cframe("libc.so.6", 0x1000, ""), vframe(0xaa477d, ""), vframe(0x4e862a, "")), "native-heap-corruption")
	c := Compute(logWith("8.0_144-b01", cframe("libc.so.6", 0x749c1, ""), cframe("libc.so.6", 0x1000, ""), vframe(0xaa477d, ""), vframe(0x4e862a, "")), "native-heap-corruption")
	if a.Hash() == b.Hash() || a.Hash() == c.Hash() || b.Hash() == c.Hash() {
		t.Fatalf("symbol-less crashes merged:\n%s\n%s\n%s", a, b, c)
	}
	want := "native-heap-corruption | libc.so.6+0x749c1 | libc.so.6+0x1000 | libjvm.so+0xaa477d | build 8.0_131-b12 linux-amd64"
	if a.String() != want {
		t.Fatalf("got  %q\nwant %q", a.String(), want)
	}
	if !hasNote(a.Notes, "module+offset") {
		t.Errorf("notes do not explain the offset fallback: %q", a.Notes)
	}
	// Same bytes again: same signature.
	a2 := Compute(logWith("8.0_131-b12", cframe("libc.so.6", 0x749c1, ""), cframe("libc.so.6", 0x1000, ""), vframe(0xaa477d, ""), vframe(0x4e862a, "")), "native-heap-corruption")
	if a2.Hash() != a.Hash() {
		t.Fatal("same input, different hash")
	}
}

// A stack of only system frames keeps going until it reaches the owner.
func TestReachesNonSystemFrame(t *testing.T) {
	l := logWith("17.0.7+7",
		cframe("libc.so.6", 0x1, "malloc_consolidate"),
		cframe("libc.so.6", 0x2, "_int_malloc"),
		cframe("libc.so.6", 0x3, "malloc"),
		cframe("libc.so.6", 0x4, "calloc"),
		cframe("libmylib.so", 0x5, "my_alloc"),
		cframe("libmylib.so", 0x6, "my_other"),
	)
	s := Compute(l, "native-heap-corruption")
	if got := s.Frames[len(s.Frames)-1]; got != "libmylib.so!my_alloc" {
		t.Fatalf("last frame %q, want libmylib.so!my_alloc (%s)", got, s)
	}
}

func TestCollapsedNamesGroupTogether(t *testing.T) {
	a := Compute(logWith("17.0.7+7", cframe("jna8588255081773605818.tmp", 0x10, "ffi_prep_closure_loc+0x10"), jframe("com.sun.jna.Native.registerMethod(Ljava/lang/Class;)V")), "jna-libffi-closure-alloc")
	b := Compute(logWith("17.0.7+7", cframe("jna3125142934924644081.tmp", 0x10, "ffi_prep_closure_loc+0x10"), jframe("com.sun.jna.Native.registerMethod(Ljava/lang/Class;)V")), "jna-libffi-closure-alloc")
	if a.Hash() != b.Hash() {
		t.Fatalf("random JNA names split the group:\n%s\n%s", a, b)
	}
	if !hasNote(a.Notes, "collapsed library name jna8588255081773605818.tmp") {
		t.Errorf("no collapse note: %q", a.Notes)
	}
	// Different class, same frames: different group.
	c := Compute(logWith("17.0.7+7", cframe("jna3125142934924644081.tmp", 0x10, "ffi_prep_closure_loc+0x10")), "jni-null-deref")
	if c.Hash() == a.Hash() {
		t.Fatal("different classes share a group")
	}
}

func TestRecursionCountedOnce(t *testing.T) {
	var fr []model.Frame
	for i := 0; i < 50; i++ {
		fr = append(fr, jframe("com.acme.Tree.walk(Lcom/acme/Node;)V"))
	}
	fr = append(fr, jframe("com.acme.Main.main([Ljava/lang/String;)V"))
	s := Compute(logWith("21.0.1+12", fr...), "stack-overflow-java-recursion")
	want := "stack-overflow-java-recursion | com.acme.Tree.walk | com.acme.Main.main"
	if s.String() != want {
		t.Fatalf("got %q want %q", s.String(), want)
	}
}

func TestEmptyAndFallbacks(t *testing.T) {
	l := &model.Log{}
	l.Header.Signal = "SIGBUS"
	s := Compute(l, "")
	if s.String() != "unclassified | EMPTY: no frame data (SIGBUS)" {
		t.Fatalf("got %q", s.String())
	}
	if got := Compute(nil, "x").String(); got != "x | EMPTY: no log" {
		t.Fatalf("nil log: %q", got)
	}
	// Problematic frame + Java frames when there are no native frames.
	l2 := &model.Log{}
	pf := model.Frame{Kind: "j", Method: "org.apache.activemq.artemis.nativo.jlibaio.LibaioContext.done(Lorg/apache/activemq/artemis/nativo/jlibaio/SubmitInfo;)V"}
	l2.Header.ProblematicFrame = &pf
	l2.Thread.JavaFrames = []model.Frame{pf, jframe("org.apache.activemq.artemis.nativo.jlibaio.LibaioContext.poll()V")}
	s2 := Compute(l2, "jni-handle-use-after-free")
	want := "jni-handle-use-after-free | org.apache.activemq.artemis.nativo.jlibaio.LibaioContext.done | org.apache.activemq.artemis.nativo.jlibaio.LibaioContext.poll"
	if s2.String() != want {
		t.Fatalf("got %q want %q", s2.String(), want)
	}
	// Bare pcs.
	l3 := logWith("17", model.Frame{Kind: "C", Address: 0, HasAddress: true}, cframe("libx.so", 1, "x"))
	if got := Compute(l3, "jni-null-deref").Frames[0]; got != "@<null>" {
		t.Fatalf("bare NULL pc = %q", got)
	}
}

func TestEditedRulesChangeAlgorithmID(t *testing.T) {
	dir := t.TempDir()
	if err := WriteDefaultRules(dir); err != nil {
		t.Fatal(err)
	}
	r, err := LoadRules(dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.AlgorithmID() != "1" {
		t.Fatalf("unchanged copies: AlgorithmID = %q", r.AlgorithmID())
	}
	f := filepath.Join(dir, IrrelevantFile)
	b, _ := os.ReadFile(f)
	if err := os.WriteFile(f, append(b, []byte("\n^foo_copy$\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	r2, err := LoadRules(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(r2.AlgorithmID(), "1+rules:") {
		t.Fatalf("edited lists: AlgorithmID = %q", r2.AlgorithmID())
	}
	l := logWith("17", cframe("libfoo.so", 1, "foo_copy"), cframe("libfoo.so", 2, "foo_main"))
	if s := r2.Compute(l, "c"); s.Frames[0] != "libfoo.so!foo_main" {
		t.Fatalf("edited list not applied: %s", s)
	}
	if r2.Compute(l, "c").Hash() == DefaultRules().Compute(l, "c").Hash() {
		t.Fatal("edited lists share a group id with the defaults")
	}
	// A broken list is an error, not a panic.
	os.WriteFile(filepath.Join(dir, SystemFile), []byte("([\n"), 0o644)
	if _, err := LoadRules(dir); err == nil || !strings.Contains(err.Error(), "system.txt:1") {
		t.Fatalf("bad regexp: err = %v", err)
	}
}

func hasNote(notes []string, sub string) bool {
	for _, n := range notes {
		if strings.Contains(n, sub) {
			return true
		}
	}
	return false
}

func TestSolarisAndJDKSpelling(t *testing.T) {
	if got := normFunc("void*ChunkPool::allocate(unsigned long,AllocFailStrategy::AllocFailEnum)+0x128"); got != "ChunkPool::allocate" {
		t.Errorf("solaris symbol: %q", got)
	}
	if got := normFunc("char*resource_allocate_bytes(unsigned long)"); got != "resource_allocate_bytes" {
		t.Errorf("solaris symbol: %q", got)
	}
	if got := normFunc("Foo::operator*(Foo const&)"); got != "Foo::operator*" {
		t.Errorf("operator*: %q", got)
	}
	a := Compute(logWith("1.8.0_262-b10", vframe(0xa41ea4, "")), "x")
	b := Compute(logWith("8.0_262-b10", vframe(0xa41ea4, "")), "x")
	if a.Hash() != b.Hash() {
		t.Fatalf("same build spelled twice: %s / %s", a, b)
	}
	if normJDK("11.0.9+11") != "11.0.9+11" || normJDK("1.7.0_75-b13") != "7.0_75-b13" {
		t.Fatal("normJDK")
	}
}

// TestGoldenHashes pins group ids. If this fails, the algorithm or the
// built-in lists changed the signature of existing crashes: bump Version
// (so stored databases do not mix old and new ids) and update the table.
// The ids were checked outside Go:
//
//	printf 'hserr-signature\0001\000%s' "$SIG" | sha256sum | cut -c1-16
func TestGoldenHashes(t *testing.T) {
	internal := logWith("11.0.9+11", vframe(1, "VMError::report_and_die()"), vframe(2, "Method::validate_bci_from_bcx(long) const"))
	internal.Header.ErrorKind, internal.Header.ErrorSource = "internal-error", "method.cpp:2153"
	internal.Header.Messages = []model.Line{{Text: "#  assert(bcx == 0x7f01) failed: bad bcx"}}
	cases := []struct {
		log   *model.Log
		class string
		sig   string
	}{
		{logWith("17.0.7+7", cframe("libc.so.6", 1, "__memmove_avx_unaligned_erms"), cframe("libfoo.so", 2, "foo(int)"), jframe("a.B.c()V")),
			"native-bad-buffer-copy", "native-bad-buffer-copy | libfoo.so!foo | a.B.c"},
		{logWith("8.0_131-b12", cframe("libc.so.6", 0x749c1, ""), vframe(0xaa477d, "")),
			"native-heap-corruption", "native-heap-corruption | libc.so.6+0x749c1 | libjvm.so+0xaa477d | build 8.0_131-b12 linux-amd64"},
		{logWith("17.0.7+7", cframe("jna123456789.tmp", 1, "ffi_prep_closure_loc"), jframe("com.sun.jna.Native.registerMethod(Ljava/lang/Class;)V")),
			"jna-libffi-closure-alloc", "jna-libffi-closure-alloc | jna<N>.tmp!ffi_prep_closure_loc | com.sun.jna.Native.registerMethod"},
		{internal, "vm-assert-guarantee", "vm-assert-guarantee | at method.cpp: assert(bcx == <addr>) failed: bad bcx | Method::validate_bci_from_bcx"},
	}
	golden := map[string]string{
		"native-bad-buffer-copy":   "6d3cb5008c4960ba",
		"native-heap-corruption":   "e147373fd29b49b2",
		"jna-libffi-closure-alloc": "b5363649413a53b9",
		"vm-assert-guarantee":      "ca79bbe4ad3e1fc4",
	}
	for _, c := range cases {
		s := Compute(c.log, c.class)
		if s.String() != c.sig {
			t.Errorf("signature changed:\n got  %q\n want %q", s.String(), c.sig)
		}
		if want := golden[c.class]; want != s.Hash() {
			t.Errorf("%s: hash %s, want %q", c.class, s.Hash(), want)
		}
	}
}
