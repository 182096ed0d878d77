package fault

import (
	"math"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/model"
)

// Crashes built around objdump-verified s390x code (testdata/s390x).

const s390Load = 0x000003ff80000000

// store_through(NULL, 42): "lgr %r10,%r2" keeps argument 1 across the
// call; decoding the 2-, 4- and 6-byte instructions from the symbol start
// lands on "st %r9,0(%r10)".
func TestS390XStoreThroughNull(t *testing.T) {
	f := readX(t, "s390x/crash_s390x.objdump.txt")["store_through"]
	k := f.find(t, "st %r9,0(%r10)")
	a := Analyze(xLog(ArchS390X, "store_through", f, k, s390Load, map[string]uint64{"r10": 0, "r9": 42}, "SIGSEGV", 0))
	if a.Status != DecodeOK || a.Boundary.Method != BoundarySymbol || a.Instruction != "st %r9,0(%r10)" || a.ABI != S390X.Name {
		t.Fatalf("status %s boundary %+v instruction %q abi %s notes %v", a.Status, a.Boundary, a.Instruction, a.ABI, a.Notes)
	}
	if acc := a.Accesses[0]; acc.Kind != AccessWrite || acc.Size != 4 || acc.Address != 0 || a.AddressClass != ClassNull {
		t.Errorf("access %+v class %s", acc, a.AddressClass)
	}
	base, src := reg(t, a, "r10"), reg(t, a, "r2")
	if base.DerivedFrom != "r2" || src.ABIArgument != 1 || src.Function != "store_through" || src.Value != 0 {
		t.Errorf("r10 %+v\nr2 %+v", base, src)
	}
	notWritten(t, src)
}

// Without a symbol the boundary comes from a scan, even when the dump
// starts inside an instruction.
func TestS390XScan(t *testing.T) {
	f := readX(t, "s390x/crash_s390x.objdump.txt")["store_through"]
	k := f.find(t, "st %r9,0(%r10)")
	l := xLog(ArchS390X, "store_through", f, k, s390Load, map[string]uint64{"r10": 0}, "SIGSEGV", 0)
	l.Header.ProblematicFrame = &model.Frame{Kind: "C", Library: "libops.so", LibOffset: 0x2e}
	d := l.Thread.Instructions
	d.Start, d.Bytes, d.Unreadable = d.Start+3, d.Bytes[3:], d.Unreadable[3:] // inside stmg
	a := Analyze(l)
	if a.Status != DecodeOK || a.Boundary.Method != BoundaryScan || a.Instruction != "st %r9,0(%r10)" {
		t.Fatalf("status %s boundary %+v instruction %q", a.Status, a.Boundary, a.Instruction)
	}
	checkWindow(t, "scan", a)
}

// s390x reports the page of a fault address: si_addr 0 for a load at
// NULL+8 agrees by page, and the operand gives the exact address.
func TestS390XPageGranularSiAddr(t *testing.T) {
	f := readX(t, "s390x/ops_s390x.objdump.txt")["field"]
	a := Analyze(xLog(ArchS390X, "field", f, 0, s390Load, map[string]uint64{"r2": 0}, "SIGSEGV", 0))
	if a.Instruction != "lg %r2,8(%r2)" || a.Agreement != AgreeSamePage || a.Address.Source != "operand" ||
		a.AddressClass != ClassNearNull || a.Address.Delta != 8 {
		t.Errorf("instruction %q agreement %s address %+v", a.Instruction, a.Agreement, a.Address)
	}
}

// mvc 0(16,%r2),0(%r3) writes at r2 and reads at r3; si_addr picks one.
func TestS390XStorageToStorage(t *testing.T) {
	f := readX(t, "s390x/ops_s390x.objdump.txt")["copy"]
	a := Analyze(xLog(ArchS390X, "copy", f, 0, s390Load, map[string]uint64{"r2": 0x3ff00010000, "r3": 0x5000}, "SIGSEGV", 0x5000))
	if len(a.Accesses) != 2 || a.Accesses[0].Kind != AccessWrite || a.Accesses[1].Kind != AccessRead ||
		a.Accesses[1].Size != 16 || !a.Accesses[1].Faulting || a.Accesses[0].Faulting {
		t.Errorf("accesses %+v", a.Accesses)
	}
	if src := reg(t, a, "r3"); src.Role != "base" || src.ABIArgument != 2 {
		t.Errorf("r3 %+v", src)
	}
}

// Division traps on s390x: dsgr by zero and INT64_MIN / -1.
func TestS390XDivide(t *testing.T) {
	f := readX(t, "s390x/crash_s390x.objdump.txt")["divide"]
	k := f.find(t, "dsgr %r4,%r3")
	pc := s390Load + f.insns[k].off
	a := Analyze(xLog(ArchS390X, "divide", f, k, s390Load, map[string]uint64{"r3": 0}, "SIGFPE", pc))
	if d := a.Divide; d == nil || !d.ByZero || d.Divisor != "%r3" || a.Agreement != AgreePCSignal {
		t.Errorf("divide %+v agreement %s", a.Divide, a.Agreement)
	}
	a = Analyze(xLog(ArchS390X, "divide", f, k, s390Load, map[string]uint64{"r3": math.MaxUint64, "r5": 1 << 63}, "SIGFPE", pc))
	if d := a.Divide; d == nil || d.ByZero || !d.Overflow {
		t.Errorf("divide %+v", a.Divide)
	}
	// the PSW of a suppressed divide points past it: the log's pc is the
	// next instruction, si_addr the divide
	a = Analyze(xLog(ArchS390X, "divide", f, k+1, s390Load, map[string]uint64{"r3": 0}, "SIGFPE", pc))
	if !strings.Contains(notes(a), "4 bytes before pc") {
		t.Errorf("notes %v", a.Notes)
	}
}

// cgite %r2,0 (compare and trap if equal) and the illegal halfword 0x0000.
func TestS390XTraps(t *testing.T) {
	g := readX(t, "s390x/ops_s390x.objdump.txt")
	nc := g["nullcheck"]
	a := Analyze(xLog(ArchS390X, "nullcheck", nc, 0, s390Load, map[string]uint64{"r2": 0}, "SIGFPE", s390Load+nc.start))
	if a.Trap == nil || a.Trap.Kind != "cgit" || a.Instruction != "cgite %r2,0" || !hasEvidence(a, "matches, so this trap fired") {
		t.Errorf("instruction %q trap %+v evidence %v", a.Instruction, a.Trap, a.Evidence)
	}
	il := g["illtrap"]
	a = Analyze(xLog(ArchS390X, "illtrap", il, 0, s390Load, nil, "SIGILL", s390Load+il.start))
	if a.Trap == nil || a.Trap.Kind != "illegal" || a.Instruction != ".short 0x0000" || len(pcInsn(t, a).Bytes) != len("00 00") {
		t.Errorf("instruction %q trap %+v", a.Instruction, a.Trap)
	}
}
