package fault

import (
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/model"
)

// Crashes built around objdump-verified Power code (testdata/ppc64): the
// function's bytes are the Instructions dump, the registers are set to
// what the crash would leave, and the expected values follow from the
// listing by hand.

const ppcLoad = 0x00007fff8c000000

func notes(a *Analysis) string { return strings.Join(a.Notes, " ") }

// store_through(NULL, 42): "mr r30,r3" keeps argument 1 across the call
// to prepare, then "stw r29,0(r30)" writes 4 bytes at r30 = 0.
func TestPPC64StoreThroughNull(t *testing.T) {
	f := readX(t, "ppc64/crash_ppc64le.objdump.txt")["store_through"]
	k := f.find(t, "stw r29,0(r30)")
	a := Analyze(xLog(ArchPPC64LE, "store_through", f, k, ppcLoad, map[string]uint64{"r30": 0, "r29": 42}, "SIGSEGV", 0))
	if a.Status != DecodeOK || a.Boundary.Method != BoundarySymbol || a.Instruction != "stw r29,0(r30)" || a.ABI != PPC64ELFv2.Name {
		t.Fatalf("status %s boundary %+v instruction %q abi %s notes %v", a.Status, a.Boundary, a.Instruction, a.ABI, a.Notes)
	}
	if acc := a.Accesses[0]; acc.Kind != AccessWrite || acc.Size != 4 || acc.Address != 0 || a.AddressClass != ClassNull || a.Agreement != AgreeExact {
		t.Errorf("access %+v class %s agreement %s", acc, a.AddressClass, a.Agreement)
	}
	base, src := reg(t, a, "r30"), reg(t, a, "r3")
	if base.DerivedFrom != "r3" || src.Role != "source" || src.ABIArgument != 1 || src.Function != "store_through" ||
		src.Caller != "caller" || src.Value != 0 || !src.HasValue {
		t.Errorf("r30 %+v\nr3 %+v", base, src)
	}
	notWritten(t, src)
}

// fill(MAP_FAILED, 1): "stb r29,0(r30)" through -1.
func TestPPC64MapFailed(t *testing.T) {
	f := readX(t, "ppc64/crash_ppc64le.objdump.txt")["fill"]
	k := f.find(t, "stb")
	a := Analyze(xLog(ArchPPC64LE, "fill", f, k, ppcLoad, map[string]uint64{"r30": ^uint64(0)}, "SIGSEGV", ^uint64(0)))
	if a.AddressClass != ClassAllOnes || a.Agreement != AgreeExact || a.Accesses[0].Size != 1 {
		t.Errorf("class %s agreement %s accesses %+v", a.AddressClass, a.Agreement, a.Accesses)
	}
}

// divw does not trap; trap (tw 31,0,0) is unconditional.
func TestPPC64DivideAndTrap(t *testing.T) {
	g := readX(t, "ppc64/crash_ppc64le.objdump.txt")
	div := g["divide"]
	a := Analyze(xLog(ArchPPC64LE, "divide", div, 0, ppcLoad, map[string]uint64{"r4": 0}, "SIGFPE", ppcLoad+div.start))
	if a.Instruction != "divw r3,r3,r4" || a.Divide != nil || !strings.Contains(notes(a), "does not trap on division by zero") {
		t.Errorf("instruction %q divide %+v notes %v", a.Instruction, a.Divide, a.Notes)
	}
	tr := g["trap_here"]
	k := tr.find(t, "trap")
	a = Analyze(xLog(ArchPPC64LE, "trap_here", tr, k, ppcLoad, nil, "SIGTRAP", ppcLoad+tr.insns[k].off))
	if a.Trap == nil || a.Trap.Kind != "trap" || a.Agreement != AgreePCSignal || !hasEvidence(a, "always holds") {
		t.Errorf("trap %+v agreement %s evidence %v", a.Trap, a.Agreement, a.Evidence)
	}
}

// HotSpot's implicit null check "tdeqi r3,0" fires when r3 is 0; the
// all-zero word is illtrap.
func TestPPC64HotSpotTraps(t *testing.T) {
	g := readX(t, "ppc64/ops_ppc64le_power10.objdump.txt")
	nc := g["nullcheck"]
	for _, c := range []struct {
		r3   uint64
		want string
	}{{0, "holds, so this trap fired"}, {0x1000, "does not hold"}} {
		a := Analyze(xLog(ArchPPC64LE, "nullcheck", nc, 0, ppcLoad, map[string]uint64{"r3": c.r3}, "SIGTRAP", ppcLoad+nc.start))
		if a.Instruction != "tdeqi r3,0" || a.Trap == nil || a.Trap.Kind != "tdi" || !hasEvidence(a, c.want) {
			t.Errorf("r3=%#x: instruction %q trap %+v evidence %v", c.r3, a.Instruction, a.Trap, a.Evidence)
		}
	}
	il := g["illtrap"]
	a := Analyze(xLog(ArchPPC64LE, "illtrap", il, 0, ppcLoad, nil, "SIGILL", ppcLoad+il.start))
	if a.Instruction != ".long 0x0" || a.Trap == nil || a.Trap.Kind != "illegal" {
		t.Errorf("instruction %q trap %+v", a.Instruction, a.Trap)
	}
}

// Update and prefixed forms: "ldu r9,8(r3)" reads at r3+8 and writes r3
// back; Power10 "pld r3,300000(r3)" is one 8-byte instruction.
func TestPPC64UpdateAndPrefixed(t *testing.T) {
	g := readX(t, "ppc64/ops_ppc64le_power10.objdump.txt")
	sum := g["sum"]
	k := sum.find(t, "ldu r9,8(r3)")
	a := Analyze(xLog(ArchPPC64LE, "sum", sum, k, ppcLoad, map[string]uint64{"r3": 0x10}, "SIGSEGV", 0x18))
	if acc := a.Accesses[0]; acc.Address != 0x18 || acc.Size != 8 || a.Agreement != AgreeExact {
		t.Errorf("access %+v agreement %s", acc, a.Agreement)
	}
	in, _ := ppcLE.decode(sum.code[sum.insns[k].off-sum.start:], 0)
	if e := ppcLE.effects(in); strings.Join(e.writes, ",") != "R9,R3" || e.call || e.unknown {
		t.Errorf("ldu effects %+v", e)
	}
	far := g["far"]
	a = Analyze(xLog(ArchPPC64LE, "far", far, 0, ppcLoad, map[string]uint64{"r3": 0}, "SIGSEGV", 300000))
	if a.Instruction != "pld r3,300000(r3)" || len(strings.Fields(pcInsn(t, a).Bytes)) != 8 ||
		a.Accesses[0].Address != 300000 || a.Agreement != AgreeExact {
		t.Errorf("instruction %q decoded %+v accesses %+v", a.Instruction, a.Decoded, a.Accesses)
	}
}

// Big-endian ppc64 (ELFv1): the same words in big-endian order.
func TestPPC64BigEndian(t *testing.T) {
	f := readX(t, "ppc64/ops_ppc64.objdump.txt")["field"]
	a := Analyze(xLog(ArchPPC64, "field", f, 0, 0x3fff8c000000, map[string]uint64{"r3": 0}, "SIGSEGV", 8))
	r3 := reg(t, a, "r3")
	if a.Instruction != "ld r3,8(r3)" || a.ABI != PPC64ELFv1.Name || a.AddressClass != ClassNearNull || r3.ABIArgument != 1 {
		t.Errorf("instruction %q abi %s class %s r3 %+v", a.Instruction, a.ABI, a.AddressClass, r3)
	}
}

// "stdu r1,-64(r1)" opens a frame: with sp at the stack bottom it is the
// push of a native stack overflow.
func TestPPC64FramePushInGuardZone(t *testing.T) {
	f := readX(t, "ppc64/crash_ppc64le.objdump.txt")["store_through"]
	k := f.find(t, "stdu r1,-64(r1)")
	const bottom = 0x00007fff58690000
	sp := uint64(bottom + 0x20)
	l := xLog(ArchPPC64LE, "store_through", f, k, ppcLoad, map[string]uint64{"r1": sp}, "SIGSEGV", sp-64)
	l.Thread.Stack = &model.StackBounds{Bottom: bottom, Top: bottom + 0x100000, SP: sp, HasSP: true}
	a := Analyze(l)
	if a.Accesses[0].Kind != AccessPush || a.AddressClass != ClassStackGuard || a.Stack == nil || !a.Stack.PushOrCall || !a.Stack.SPInGuardZone {
		t.Errorf("accesses %+v class %s stack %+v", a.Accesses, a.AddressClass, a.Stack)
	}
	if sp := reg(t, a, "r1"); sp.Role != "stack-pointer" {
		t.Errorf("r1 %+v", sp)
	}
}

// A call to a bad address: fetching pc faults, lr names the caller.
func TestPPC64FetchFaultUsesLR(t *testing.T) {
	f := readX(t, "ppc64/crash_ppc64le.objdump.txt")["fill"]
	l := xLog(ArchPPC64LE, "fill", f, 2, ppcLoad, map[string]uint64{"lr": ppcLoad + 0x1b4}, "SIGSEGV", ppcLoad+f.insns[2].off)
	for k := range l.Thread.Instructions.Unreadable {
		l.Thread.Instructions.Unreadable[k] = true
	}
	a := Analyze(l)
	if a.Status != DecodeUnreadable || a.Agreement != AgreeExecute || a.ReturnAddress != ppcLoad+0x1b4 || !hasEvidence(a, "lr, 0x7fff8c0001b4") {
		t.Errorf("status %s agreement %s return %v evidence %v", a.Status, a.Agreement, a.ReturnAddress, a.Evidence)
	}
}
