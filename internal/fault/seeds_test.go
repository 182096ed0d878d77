package fault

import (
	"strings"
	"testing"
)

// The first seed: JNA's ffi_prep_closure_loc writes through RDI = NULL,
// which nothing in the function wrote, so it is argument 1 as passed by
// Java_com_sun_jna_Native_registerMethod (the closure ffi_closure_alloc
// failed to allocate).
func TestSeedJNAClosure(t *testing.T) {
	a := Analyze(parseFile(t, testdata("seed-000-jna-ffi-prep-closure.txt")))
	if a.Status != DecodeOK {
		t.Fatalf("status %s, notes %v", a.Status, a.Notes)
	}
	if a.Boundary.Method != BoundarySymbol || a.Boundary.Start != 0x00007f424226f3f0 || !a.Boundary.FunctionStart {
		t.Errorf("boundary = %+v, want symbol at 0x7f424226f3f0 (pc - 0x1a)", a.Boundary)
	}
	// the blog's disassembly, instruction by instruction
	want := []string{"mov eax, dword ptr [rsi]", "push rbp", "mov r9d, 0x2", "mov rbp, rsp", "dec eax",
		"cmp eax, 0x1", "jnbe 0x7f424226f447", "mov rax, qword ptr [rip+0x1049c6]  # 0x7f4242373dd0",
		"mov word ptr [rdi], 0xbb49"}
	for k, w := range want {
		if k >= len(a.Decoded) || a.Decoded[k].Text != w {
			t.Fatalf("decoded[%d] = %+v, want %q", k, a.Decoded[min(k, len(a.Decoded)-1)], w)
		}
	}
	if d := pcInsn(t, a); d.Address != 0x00007f424226f40a || d.Offset != "+0x1a" || d.Bytes != "66 c7 07 49 bb" {
		t.Errorf("pc instruction = %+v", d)
	}
	if len(a.Accesses) != 1 {
		t.Fatalf("accesses = %+v", a.Accesses)
	}
	if acc := a.Accesses[0]; acc.Kind != AccessWrite || acc.Size != 2 || !acc.HasAddress || acc.Address != 0 || acc.Operand != "[rdi]" {
		t.Errorf("access = %+v, want a 2-byte write at [rdi] = 0", acc)
	}
	if a.AddressClass != ClassNull {
		t.Errorf("address class %s, want null", a.AddressClass)
	}
	rdi := reg(t, a, "RDI")
	notWritten(t, rdi)
	if rdi.ABIArgument != 1 || rdi.Function != "ffi_prep_closure_loc" || rdi.Caller != "Java_com_sun_jna_Native_registerMethod" || rdi.ValueClass != ClassNull {
		t.Errorf("RDI provenance = %+v", rdi)
	}
	const sentence = "RDI=0x0 is not written between ffi_prep_closure_loc+0x0 and the fault, so it is argument 1 of ffi_prep_closure_loc as passed by its caller Java_com_sun_jna_Native_registerMethod"
	if !hasEvidence(a, sentence) {
		t.Errorf("evidence lacks the seed's reasoning:\n%s", strings.Join(a.Evidence, "\n"))
	}
	out := strings.Join(a.Lines(), "\n")
	for _, s := range []string{"=> +0x1a    66 c7 07 49 bb", "mov word ptr [rdi], 0xbb49", sentence} {
		if !strings.Contains(out, s) {
			t.Errorf("text lacks %q:\n%s", s, out)
		}
	}
}

// The second seed has only frames and siginfo: si_addr all ones is -1
// (mmap's MAP_FAILED) used as a pointer, and the analysis says what it
// could not do.
func TestSeedMinusOne(t *testing.T) {
	a := Analyze(parseFile(t, testdata("seed-004-memfd-secret-minus-one.txt")))
	if !a.HasSiAddr || a.SiAddr != 0xffffffffffffffff {
		t.Fatalf("si_addr = %v %v", a.SiAddr, a.HasSiAddr)
	}
	if a.AddressClass != ClassAllOnes || a.Address == nil || a.Address.Source != "si_addr" {
		t.Errorf("address = %+v, want all-ones from si_addr", a.Address)
	}
	if a.Status != DecodeNoDump || len(a.Decoded) != 0 || a.Instruction != "" {
		t.Errorf("status %s with %d decoded: nothing to decode was expected", a.Status, len(a.Decoded))
	}
	for _, n := range []string{"no Registers: block", "no Instructions: dump"} {
		if !strings.Contains(strings.Join(a.Notes, "\n"), n) {
			t.Errorf("notes lack %q: %v", n, a.Notes)
		}
	}
}
