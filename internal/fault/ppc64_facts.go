package fault

import (
	"fmt"
	"strings"

	"golang.org/x/arch/ppc64/ppc64asm"
)

// facts records Power traps and divisions at pc. HotSpot's ppc64 port uses
// conditional traps for implicit checks (tdi/twi on a null or out-of-range
// value, td for inline-cache misses) and handles the SIGTRAP of those it
// placed; a crash report at one means the JVM did not expect it.
func (ppcMachine) facts(i insn, a *Analysis, r regs, _ cpuInfo) {
	if i.text == ppcZero {
		a.Trap = &Trap{Kind: "illegal", Instruction: i.String()}
		a.evidence(fmt.Sprintf("`%s` is not a Power instruction, so executing it raises SIGILL: HotSpot emits the zero word as illtrap where execution must never arrive, "+
			"and zero words are also padding and traceback data, so pc may have reached data.", i.String()))
		return
	}
	in := i.ppc
	if in == nil {
		return
	}
	op := in.Op.String()
	switch op {
	case "tw", "td", "twi", "tdi":
		t := &Trap{Kind: op, Instruction: i.String()}
		if i.String() == "trap" {
			t.Kind = "trap"
		}
		if v, ok := in.Args[2].(ppc64asm.Imm); ok {
			t.Immediate = uint64(int64(v))
		}
		a.Trap = t
		a.evidence(fmt.Sprintf("`%s` is a conditional trap (SIGTRAP when the condition holds); HotSpot's ppc64 port places such traps for implicit null and range checks and for code that must not be reached.", i.String()))
		if s := ppcTrapHolds(in, r); s != "" {
			a.evidence(s)
		}
	}
	if ppcDivide(op) {
		// Power integer division does not trap: a zero divisor or overflow
		// leaves the result undefined. Record it so a SIGFPE rule does not
		// blame it.
		a.note("the instruction at pc is a Power " + op + ", which does not trap on division by zero (the result is undefined)")
	}
}

// ppcDivide matches divw, divdu, divwe, modsd, … with their o/. forms.
func ppcDivide(op string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(op, "."), "o")
	switch base {
	case "divw", "divwu", "divd", "divdu", "divwe", "divweu", "divde", "divdeu",
		"modsw", "moduw", "modsd", "modud":
		return true
	}
	return false
}

// ppcTrapHolds evaluates the trap condition (TO: 16 signed <, 8 signed >,
// 4 equal, 2 unsigned <, 1 unsigned >) on the logged registers, which are
// the values at the trap.
func ppcTrapHolds(in *ppc64asm.Inst, r regs) string {
	to, _ := in.Args[0].(ppc64asm.Imm)
	if to == 31 {
		return "Its condition (TO=31) always holds: the trap is unconditional."
	}
	ra := ppcCanon(in.Args[1])
	x, xn, ok := r.get(ra)
	if ra == "" || !ok {
		return ""
	}
	var y uint64
	yText := ""
	switch b := in.Args[2].(type) {
	case ppc64asm.Imm:
		y, yText = uint64(int64(b)), fmt.Sprintf("%d", int64(b))
	case ppc64asm.Reg:
		v, name, ok := r.get(ppcCanon(b))
		if !ok {
			return ""
		}
		y, yText = v, name+"="+short(v)
	default:
		return ""
	}
	word := in.Op == ppc64asm.TW || in.Op == ppc64asm.TWI
	if word { // tw compares the low words, sign-extended for the signed tests
		x, y = uint64(int64(int32(x))), uint64(int64(int32(y)))
	}
	hold := (to&16 != 0 && int64(x) < int64(y)) || (to&8 != 0 && int64(x) > int64(y)) ||
		(to&4 != 0 && x == y) || (to&2 != 0 && x < y) || (to&1 != 0 && x > y)
	what := fmt.Sprintf("With the logged values (%s=%s, %s) its condition TO=%d ", xn, short(x), yText, to)
	if hold {
		return what + "holds, so this trap fired."
	}
	return what + "does not hold, so these values do not explain a trap here."
}
