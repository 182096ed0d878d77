package explain

import (
	"strings"
	"testing"
)

// The two seeds must read as well as the seed posts themselves.

// Seed 004: the -1 from memfd_secret/mmap, the FFM frames that carried it,
// the unchecked results, and the remedy with the kernel facts and doctor.
func TestSeedMemfdSecretReading(t *testing.T) {
	r := fixture(t, "seed-004-memfd-secret.log")
	v := r.Verdict
	if v.Class != "unchecked-mmap-failed" || v.Confidence < 0.85 {
		t.Fatalf("verdict %s %.2f", v.Class, v.Confidence)
	}
	for _, want := range []string{"0xffffffffffffffff", "SEGV_MAPERR", "MAP_FAILED",
		"MemorySegment.copyFrom", "ScopedMemoryAccess.copyMemory", "Unsafe.copyMemory0", "LinuxSyscall.memfd_secret_external",
		"memfd_secret returned -1", "ENOSYS", "mmap(…, fd=-1, …) returned MAP_FAILED", "not checked"} {
		if !strings.Contains(v.Explanation, want) {
			t.Errorf("explanation lacks %q:\n%s", want, v.Explanation)
		}
	}
	rem := strings.Join(v.Remedy, "\n")
	for _, want := range []string{"errno", "Linux 5.14+", "secretmem.enable=1", "6.5", "hserr doctor"} {
		if !strings.Contains(rem, want) {
			t.Errorf("remedy lacks %q:\n%s", want, rem)
		}
	}
	lines := map[int]string{}
	for _, e := range v.Evidence {
		lines[e.N] = e.Text
	}
	for n, want := range map[int]string{4: "SIGSEGV", 24: "Unsafe.copyMemory0", 27: "ScopedMemoryAccess.copyMemory(", 30: "MemorySegment.copyFrom", 41: "si_addr: 0xffffffffffffffff"} {
		if !strings.Contains(lines[n], want) {
			t.Errorf("evidence line %d = %q, want it to quote %q", n, lines[n], want)
		}
	}
}

// Seed 000 is a JDK 7 excerpt without siginfo: the verdict must still come
// from the register proof (RDI=0, argument 1, written through at pc).
func TestSeedJNAExcerptReading(t *testing.T) {
	r := fixture(t, "seed-000-jna-elasticsearch.log")
	v := r.Verdict
	if v.Class != "jna-libffi-closure-alloc" || v.Confidence < 0.8 {
		t.Fatalf("verdict %s %.2f", v.Class, v.Confidence)
	}
	for _, want := range []string{"RDI=0x0 (line 9)", "first argument", "mov WORD PTR [rdi]", "registerMethod", "JNA < 5.10", "$TMPDIR", "$HOME"} {
		if !strings.Contains(v.Explanation, want) {
			t.Errorf("explanation lacks %q:\n%s", want, v.Explanation)
		}
	}
	lines := map[int]bool{}
	for _, e := range v.Evidence {
		lines[e.N] = true
	}
	for _, n := range []int{2, 6, 9, 23} { // error line, problematic frame, RDI line, registerMethod caller
		if !lines[n] {
			t.Errorf("evidence lacks line %d", n)
		}
	}
	if r.Fault == nil || !strings.Contains(r.Fault.Instruction, "[rdi]") {
		t.Errorf("fault analysis did not decode the store through rdi: %+v", r.Fault)
	}
	// The text shows the function from its start to the fault, as the seed
	// does, with the faulting instruction marked.
	var out strings.Builder
	if err := r.WriteText(&out, false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"decoded (boundary: symbol, ffi_prep_closure_loc):",
		"+0x0     8b 06",
		"=> +0x1a    66 c7 07 49 bb        mov word ptr [rdi], 0xbb49",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, out.String())
		}
	}
}
