package fault

import (
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/model"
)

// x86Log is a minimal x86-64 log: code loaded at start with pc at
// start+off, the problematic frame fn+off, the given registers and OS.
func x86Log(code []byte, start, off uint64, fn, os string, regs map[string]uint64) *model.Log {
	l := &model.Log{}
	pc := start + off
	l.Header.Signal, l.Header.PC, l.Header.HasPC = "SIGSEGV", pc, true
	l.Header.Version = model.Version{OS: os, Arch: "amd64"}
	if fn != "" {
		l.Header.ProblematicFrame = &model.Frame{Kind: "C", Library: "libx.so", Symbol: fn, SymOffset: off, HasSymOffset: true}
		l.Thread.NativeFrames = []model.Frame{*l.Header.ProblematicFrame, {Kind: "C", Library: "libx.so", Symbol: "caller_fn", SymOffset: 0x40, HasSymOffset: true}}
	}
	l.Thread.Instructions = &model.HexDump{Anchor: pc, HasAnchor: true, Start: start, Unit: 1, Bytes: code, Unreadable: make([]bool, len(code))}
	if regs != nil {
		l.Thread.Registers = &model.Registers{Arch: "x86_64"}
		for _, n := range gp64 {
			v, ok := regs[n]
			if !ok {
				v = 0x00007f0000001000
			}
			l.Thread.Registers.Regs = append(l.Thread.Registers.Regs, model.Register{Name: n, Value: v})
		}
	}
	return l
}

// One function body under each ABI: `mov dword ptr [REG], 1` at the
// function start, with REG = 0. Which argument REG is depends on the ABI.
func TestABIArguments(t *testing.T) {
	cases := []struct {
		name, os string
		code     []byte // the store, then ret
		reg      string
		arg      int
		abi      string
	}{
		{"sysv rdi", "linux", []byte{0xc7, 0x07, 1, 0, 0, 0, 0xc3}, "RDI", 1, SysV.Name},
		{"sysv rcx is arg 4", "linux", []byte{0xc7, 0x01, 1, 0, 0, 0, 0xc3}, "RCX", 4, SysV.Name},
		{"sysv r9", "macos", []byte{0x41, 0xc7, 0x01, 1, 0, 0, 0, 0xc3}, "R9", 6, SysV.Name},
		{"win64 rcx", "windows", []byte{0xc7, 0x01, 1, 0, 0, 0, 0xc3}, "RCX", 1, Win64.Name},
		{"win64 r9", "windows", []byte{0x41, 0xc7, 0x01, 1, 0, 0, 0, 0xc3}, "R9", 4, Win64.Name},
		{"win64 rdi is not an argument", "windows", []byte{0xc7, 0x07, 1, 0, 0, 0, 0xc3}, "RDI", 0, Win64.Name},
		{"sysv rbx is not an argument", "linux", []byte{0xc7, 0x03, 1, 0, 0, 0, 0xc3}, "RBX", 0, SysV.Name},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := Analyze(x86Log(c.code, 0x7f0000400000, 0, "fn", c.os, map[string]uint64{c.reg: 0}))
			if a.ABI != c.abi {
				t.Errorf("abi %q, want %q", a.ABI, c.abi)
			}
			r := reg(t, a, c.reg)
			notWritten(t, r)
			if r.ABIArgument != c.arg {
				t.Errorf("%s is argument %d, want %d", c.reg, r.ABIArgument, c.arg)
			}
			if c.arg > 0 && r.Caller != "caller_fn" {
				t.Errorf("caller %q", r.Caller)
			}
		})
	}
}

// A register written before pc, or clobbered by a call, is not the
// caller's argument; an unknown OS leaves the ABI open.
func TestProvenanceLimits(t *testing.T) {
	// mov rdi, rax ; mov dword ptr [rdi], 1
	a := Analyze(x86Log([]byte{0x48, 0x89, 0xc7, 0xc7, 0x07, 1, 0, 0, 0}, 0x1000, 3, "fn", "linux", map[string]uint64{"RDI": 0}))
	if r := reg(t, a, "RDI"); r.DerivedFrom != "RAX" || r.ABIArgument != 0 {
		t.Errorf("RDI %+v: want a copy of RAX", r)
	}
	// call +0 ; mov dword ptr [rdi], 1: the call may clobber RDI
	a = Analyze(x86Log([]byte{0xe8, 0, 0, 0, 0, 0xc7, 0x07, 1, 0, 0, 0}, 0x1000, 5, "fn", "linux", map[string]uint64{"RDI": 0}))
	if r := reg(t, a, "RDI"); r.ABIArgument != 0 || !strings.Contains(r.WrittenBy, "call") {
		t.Errorf("RDI %+v: want clobbered by the call", r)
	}
	// the same call does not clobber callee-saved RBX
	a = Analyze(x86Log([]byte{0xe8, 0, 0, 0, 0, 0xc7, 0x03, 1, 0, 0, 0}, 0x1000, 5, "fn", "linux", map[string]uint64{"RBX": 0}))
	notWritten(t, reg(t, a, "RBX"))
	// unknown OS: no ABI, so no argument number
	a = Analyze(x86Log([]byte{0xc7, 0x07, 1, 0, 0, 0}, 0x1000, 0, "fn", "", map[string]uint64{"RDI": 0}))
	if r := reg(t, a, "RDI"); r.ABIArgument != 0 || a.ABI != "" || !hasEvidence(a, "calling convention") {
		t.Errorf("RDI %+v abi %q", r, a.ABI)
	}
	// no symbol: window only, provenance unknown
	a = Analyze(x86Log([]byte{0x90, 0x90, 0xc7, 0x07, 1, 0, 0, 0}, 0x1000, 2, "", "linux", map[string]uint64{"RDI": 0}))
	if r := reg(t, a, "RDI"); r.WrittenBeforeFault != nil || a.Boundary.FunctionStart {
		t.Errorf("RDI %+v boundary %+v", r, a.Boundary)
	}
}

// One address per class.
func TestClassify(t *testing.T) {
	l := &model.Log{}
	l.Thread.Stack = &model.StackBounds{Bottom: 0x7f0000100000, Top: 0x7f0000200000}
	l.Process.Libraries = []model.Mapping{
		{Start: 0x7f0000400000, End: 0x7f0000401000, Perms: "r-xp", Path: "/lib/libx.so"},
		{Start: 0x7f0000500000, End: 0x7f0000501000, Perms: "rw-p"},
		{Start: 0x7f0000600000, End: 0x7f0000601000, Perms: "r--p", Path: "/lib/libx.so"},
	}
	cases := []struct {
		addr     uint64
		kind     AccessKind
		arch     model.Arch
		class    AddressClass
		conflict string
	}{
		{0, AccessRead, ArchX86_64, ClassNull, ""},
		{0x8, AccessRead, ArchX86_64, ClassNearNull, ""},
		{0xffff, AccessWrite, ArchX86_64, ClassNearNull, ""},
		{0xffffffffffffffff, AccessWrite, ArchX86_64, ClassAllOnes, ""},
		{0xffffffff, AccessWrite, ArchX86, ClassAllOnes, ""},
		{0xfffffffffffffff0, AccessRead, ArchX86_64, ClassNearAllOnes, ""},
		{0x0030003000310038, AccessRead, ArchX86_64, ClassNonCanonical, ""},
		{0x0012000000001000, AccessRead, ArchAArch64, ClassNonCanonical, ""},
		{0xffff000000001000, AccessRead, ArchAArch64, ClassKernel, ""},
		{0xffff800000001000, AccessRead, ArchX86_64, ClassKernel, ""},
		{0x7f00000ff800, AccessPush, ArchX86_64, ClassStackGuard, ""},
		// below the bottom only a push is the stack's growth: a read there
		// is a buffer over-read into the next mapping, not an overflow
		{0x7f00000ff800, AccessRead, ArchX86_64, ClassUnmapped, ""},
		{0x7f0000100100, AccessWrite, ArchX86_64, ClassStackGuard, ""},
		{0x7f0000180000, AccessRead, ArchX86_64, ClassStack, ""},
		{0x7f0000400010, AccessWrite, ArchX86_64, ClassMapped, "write to a r-xp mapping"},
		{0x7f0000400010, AccessRead, ArchX86_64, ClassMapped, ""},
		{0x7f0000500010, AccessExecute, ArchX86_64, ClassMapped, "execute to a rw-p mapping"},
		{0x7f0000600010, AccessReadWrite, ArchX86_64, ClassMapped, "write to a r--p mapping"},
		{0x7f0000700000, AccessRead, ArchX86_64, ClassUnmapped, ""},
	}
	for _, c := range cases {
		fa := classify(l, c.arch, c.addr, c.kind)
		if fa.Class != c.class || fa.PermissionConflict != c.conflict {
			t.Errorf("%s %#x (%s): class %s conflict %q, want %s %q (%s)", c.arch, c.addr, c.kind, fa.Class, fa.PermissionConflict, c.class, c.conflict, fa.Detail)
		}
	}
	// a #GP reports si_addr 0 with SI_KERNEL: the address is not known,
	// and 0 is not a NULL dereference
	gp := &model.Log{Thread: model.Thread{Siginfo: &model.Siginfo{SigName: "SIGSEGV", CodeName: "SI_KERNEL", HasCode: true, Code: 128, HasAddr: true}}}
	if fa := classify(gp, ArchX86_64, 0, AccessRead); fa.Class != ClassUnknown || !strings.Contains(fa.Detail, "general-protection") {
		t.Errorf("#GP si_addr 0: class %s (%s), want unknown", fa.Class, fa.Detail)
	}
	// without a memory map absence cannot be shown
	if fa := classify(&model.Log{}, ArchX86_64, 0x7f0000700000, AccessRead); fa.Class != ClassUnknown {
		t.Errorf("no map: %s", fa.Class)
	}
	// a Windows module list is not a memory map
	win := &model.Log{}
	win.Process.Libraries = []model.Mapping{{Start: 0x7ff000000000, End: 0x7ff000100000, Path: "C:\\x.dll"}}
	if fa := classify(win, ArchX86_64, 0x7f0000700000, AccessRead); fa.Class != ClassUnknown {
		t.Errorf("module list: %s", fa.Class)
	}
}

// Decode-level facts: ud2, idiv overflow, EVEX on a CPU without
// AVX-512, a push at the stack bottom, and an x86 #GP.
func TestX86Facts(t *testing.T) {
	// idiv rcx with RAX = INT64_MIN, RDX = -1 (sign extension), RCX = -1
	a := Analyze(x86Log([]byte{0x48, 0xf7, 0xf9}, 0x1000, 0, "f", "linux",
		map[string]uint64{"RAX": 1 << 63, "RDX": ^uint64(0), "RCX": ^uint64(0)}))
	if d := a.Divide; d == nil || d.ByZero || !d.Overflow || d.Divisor != "rcx" {
		t.Errorf("divide %+v", a.Divide)
	}
	// div ecx with RCX = 0x100000000: the 32-bit divisor is 0
	a = Analyze(x86Log([]byte{0xf7, 0xf1}, 0x1000, 0, "f", "linux", map[string]uint64{"RCX": 1 << 32}))
	if d := a.Divide; d == nil || !d.ByZero {
		t.Errorf("divide %+v", a.Divide)
	}
	// vmovups zmm0, [rdi] on a CPU whose flags lack avx512f
	l := x86Log([]byte{0x62, 0xf1, 0x7c, 0x48, 0x10, 0x07}, 0x1000, 0, "f", "linux", map[string]uint64{"RDI": 0x7f0000001000})
	l.Header.Signal = "SIGILL"
	l.System.CPUFeatures = []string{"total 8", "avx", "avx2"}
	l.System.CPUFlags = []string{"fpu", "avx", "avx2", "sse4_2"}
	a = Analyze(l)
	if x := a.ISA; x == nil || x.Extension != "avx512f" || x.Encoding != "evex" || x.InCPUFlags == nil || *x.InCPUFlags || *x.InCPUFeatures {
		t.Errorf("isa %+v", a.ISA)
	}
	// popcnt on a CPU that has it (HotSpot and cpuinfo spell sse4.2/sse4_2 differently)
	l = x86Log([]byte{0xf3, 0x48, 0x0f, 0xb8, 0xc1}, 0x1000, 0, "f", "linux", map[string]uint64{})
	l.System.CPUFeatures = []string{"sse4.2", "popcnt"}
	a = Analyze(l)
	if x := a.ISA; x == nil || x.Extension != "popcnt" || x.InCPUFlags != nil || !*x.InCPUFeatures {
		t.Errorf("isa %+v", a.ISA)
	}
	// push rbp with sp 0x40 bytes above the stack bottom: native stack overflow
	l = x86Log([]byte{0x55}, 0x1000, 0, "deep", "linux", map[string]uint64{"RSP": 0x7f0000100040})
	l.Thread.Stack = &model.StackBounds{Bottom: 0x7f0000100000, Top: 0x7f0000200000}
	l.Thread.Siginfo = &model.Siginfo{Addr: 0x7f0000100038, HasAddr: true}
	a = Analyze(l)
	if s := a.Stack; s == nil || !s.PushOrCall || !s.SPInGuardZone || !s.FaultInGuardZone || a.AddressClass != ClassStackGuard || a.Agreement != AgreeExact {
		t.Errorf("stack %+v class %s agreement %s", a.Stack, a.AddressClass, a.Agreement)
	}
	// #GP on Linux: si_addr 0, SI_KERNEL; the operand is non-canonical
	l = x86Log([]byte{0x48, 0x8b, 0x07}, 0x1000, 0, "f", "linux", map[string]uint64{"RDI": 0x4141414141414141})
	l.Thread.Siginfo = &model.Siginfo{Code: 128, CodeName: "SI_KERNEL", HasCode: true, HasAddr: true}
	a = Analyze(l)
	if a.Agreement != AgreeGPZero || a.AddressClass != ClassNonCanonical {
		t.Errorf("agreement %s class %s", a.Agreement, a.AddressClass)
	}
	// the same on Windows reports -1
	l.Header.Version.OS = "windows"
	l.Thread.Siginfo = &model.Siginfo{Addr: ^uint64(0), HasAddr: true, Access: "reading"}
	a = Analyze(l)
	if a.Agreement != AgreeWindowsGP || a.AddressClass != ClassNonCanonical || a.Address.Uncertain != "" {
		t.Errorf("agreement %s address %+v", a.Agreement, a.Address)
	}
}

// Bad input is reported, never guessed and never a panic.
func TestBadInput(t *testing.T) {
	if a := Analyze(nil); a == nil || a.Status != DecodeNoPC || len(a.Notes) == 0 {
		t.Errorf("nil log: %+v", a)
	}
	if a := Analyze(&model.Log{}); a.Status != DecodeNoPC || a.AddressClass != ClassUnknown {
		t.Errorf("empty log: %+v", a)
	}
	// garbage: push es, pop es, daa, das are invalid in 64-bit mode
	garbage := []byte{0x06, 0x07, 0x27, 0x2f, 0x06, 0x07}
	a := Analyze(x86Log(garbage, 0x1000, 2, "f", "linux", nil))
	if a.Status != DecodeInvalid || a.BytesAtPC == "" || a.Instruction != "" {
		t.Errorf("garbage: status %s bytes %q instruction %q", a.Status, a.BytesAtPC, a.Instruction)
	}
	// ?? at pc
	l := x86Log([]byte{0x90, 0, 0}, 0x1000, 1, "f", "linux", nil)
	l.Thread.Instructions.Unreadable = []bool{false, true, true}
	if a := Analyze(l); a.Status != DecodeUnreadable {
		t.Errorf("unreadable: %s", a.Status)
	}
	// an architecture without a decoder keeps the bytes
	l = x86Log([]byte{0x7c, 0x08, 0x02, 0xa6}, 0x1000, 0, "f", "linux", nil)
	l.Header.Version.Arch = "riscv64"
	if a := Analyze(l); a.Status != DecodeUnsupported || a.BytesAtPC != "7c 08 02 a6" || !strings.Contains(strings.Join(a.Notes, " "), "not available for riscv64") {
		t.Errorf("riscv64: status %s bytes %q notes %v", a.Status, a.BytesAtPC, a.Notes)
	}
	// aarch64 pc not on a word boundary
	l = x86Log([]byte{0x1f, 0x20, 0x03, 0xd5, 0x1f, 0x20, 0x03, 0xd5}, 0x1000, 2, "f", "linux", nil)
	l.Header.Version.Arch = "aarch64"
	if a := Analyze(l); a.Status != DecodeInvalid {
		t.Errorf("misaligned: %s", a.Status)
	}
	// no registers: the instruction decodes, the address cannot be computed
	a = Analyze(x86Log([]byte{0xc7, 0x07, 1, 0, 0, 0}, 0x1000, 0, "f", "linux", nil))
	if a.Status != DecodeOK || len(a.Accesses) != 1 || a.Accesses[0].HasAddress || a.Accesses[0].Why == "" {
		t.Errorf("no registers: %+v", a.Accesses)
	}
}

// Register values read as text: 8 printable ASCII bytes or 4 UTF-16LE
// characters, in memory order.
func TestAsText(t *testing.T) {
	for _, c := range []struct {
		v         uint64
		text, enc string
	}{
		{0x6f697461636f766e, "nvocatio", "ascii"},
		{0x0030003000310030, "0100", "utf-16le"},
		{0x00007f0012345678, "", ""},
		{0x4141414141414100, "", ""},
	} {
		text, enc, ok := asText(c.v)
		if text != c.text || enc != c.enc || ok != (c.text != "") {
			t.Errorf("asText(%#x) = %q %q %v, want %q %q", c.v, text, enc, ok, c.text, c.enc)
		}
	}
}

// An Internal Error whose siginfo is the assert poison-page write is not a
// fault to decode or classify.
func TestAssertPoisonIsNoFault(t *testing.T) {
	l := &model.Log{}
	l.Header.ErrorKind = "internal-error"
	l.Header.HasPC, l.Header.PC = true, 0x7f0000001234
	l.Thread.Siginfo = &model.Siginfo{SigName: "SIGSEGV", CodeName: "SEGV_ACCERR", HasAddr: true, Addr: 0x7f0000500000}
	a := Analyze(l)
	if !a.AssertPoison || a.Address != nil || a.HasSiAddr {
		t.Errorf("poison write read as a fault: poison %v address %+v si_addr %v", a.AssertPoison, a.Address, a.HasSiAddr)
	}
}

// A compiled frame whose pc is before its code (negative code_begin
// offset) is noted: the pc is outside the method.
func TestPCBeforeCompiledCode(t *testing.T) {
	code := []byte{0x90, 0x90, 0x90, 0x90, 0x8b, 0x07, 0x90, 0x90}
	l := x86Log(code, 0x7f0000001000, 4, "", "linux", nil)
	l.Header.ProblematicFrame = &model.Frame{Kind: "J", CodeBegin: 0x7f0000001078, CodeOffset: ^uint64(0x74 - 1)}
	a := Analyze(l)
	found := false
	for _, n := range a.Notes {
		found = found || strings.Contains(n, "116 bytes before the compiled method's code")
	}
	if !found {
		t.Errorf("no note for a pc before the method's code: %q", a.Notes)
	}
}
