package fault

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/arch/s390x/s390xasm"
)

// facts records s390x illegal opcodes, compare-and-trap and divisions
// (which, unlike Power's and AArch64's, raise a fixed-point-divide
// exception: SIGFPE).
func (m s390Machine) facts(i insn, a *Analysis, r regs, _ cpuInfo) {
	if a.HasSiAddr && a.SiAddr < a.PC && a.PC-a.SiAddr <= 6 {
		a.note(fmt.Sprintf("si_addr %s is %d bytes before pc: an s390x exception that suppresses or completes the instruction "+
			"(operation, divide, data exceptions) leaves the PSW address, which the log prints as pc, after it; the instruction at si_addr is the one that trapped",
			short(uint64(a.SiAddr)), uint64(a.PC-a.SiAddr)))
	}
	if strings.HasPrefix(i.text, ".short 0x00") {
		id, _ := strconv.ParseUint(strings.TrimPrefix(i.text, ".short 0x00"), 16, 8)
		a.Trap = &Trap{Kind: "illegal", Immediate: id, Instruction: i.text}
		a.evidence(fmt.Sprintf("`%s` has the unassigned opcode 0x00, so executing it raises SIGILL: HotSpot's s390x assembler emits it as illtrap where execution must never arrive.", i.text))
		return
	}
	op := s390Op(i)
	switch {
	case op == "trap2" || op == "trap4":
		a.Trap = &Trap{Kind: op, Instruction: i.String()}
		a.evidence(fmt.Sprintf("`%s` is a deliberate trap instruction.", i.String()))
	case strings.HasSuffix(op, "t") && s390NoWrite[op]:
		a.Trap = &Trap{Kind: op, Instruction: i.String()}
		a.evidence(fmt.Sprintf("`%s` is a compare-and-trap: it raises a data exception when the comparison matches its mask.", i.String()))
		if s := s390TrapHolds(i.s390, r); s != "" {
			a.evidence(s)
		}
	case s390Divides[op] != 0:
		a.Divide = m.divide(i, op, r)
		a.evidence(fmt.Sprintf("`%s` is an integer division by %s%s; s390x division raises SIGFPE on a zero divisor or a quotient that does not fit.",
			i.String(), a.Divide.Divisor, divideWords(a.Divide)))
	}
}

// s390Divides: the divisor width in bits; negative for the logical
// (unsigned) divisions.
var s390Divides = map[string]int{"d": 32, "dr": 32, "dsg": 64, "dsgr": 64, "dsgf": 32, "dsgfr": 32,
	"dl": -32, "dlr": -32, "dlg": -64, "dlgr": -64}

// divide reads the divisor (register forms) and the dividend from the
// even/odd pair R1, R1+1 to tell division by zero from quotient overflow.
func (s390Machine) divide(i insn, op string, r regs) *Divide {
	in := i.s390
	d := &Divide{Op: op}
	if ops := s390Operands(in); len(ops) > 0 {
		d.Divisor = ops[0].text // a storage divisor's value is not in the log
		return d
	}
	div, ok := in.Args[1].(s390xasm.Reg)
	if !ok {
		return d
	}
	d.Divisor = div.String(0)
	dv, _, ok := r.get(s390Canon(div))
	if !ok {
		return d
	}
	bits := s390Divides[op]
	if bits == 32 || bits == -32 {
		dv &= 0xffffffff
	}
	d.DivisorValue, d.HasDivisorValue = Addr(dv), true
	d.ByZero = dv == 0
	r1, _ := in.Args[0].(s390xasm.Reg)
	hi, _, okHi := r.get(s390Canon(r1))
	lo, _, okLo := r.get(s390Canon(r1 | 1))
	if d.ByZero || !okHi || !okLo {
		return d
	}
	switch op {
	case "dsgr": // 64-bit dividend in R1+1
		d.Overflow = lo == 1<<63 && dv == math.MaxUint64
	case "dsgfr":
		d.Overflow = lo == 1<<63 && dv == 0xffffffff
	case "dlgr": // 128-bit R1:R1+1; the quotient must fit in 64 bits
		d.Overflow = hi >= dv
	case "dlr":
		d.Overflow = hi&0xffffffff >= dv
	case "dr": // 64-bit signed from the low words; quotient must fit 32 bits
		n := int64(hi<<32 | lo&0xffffffff)
		q := n / int64(int32(uint32(dv)))
		d.Overflow = q != int64(int32(q)) || (n == math.MinInt64 && int32(uint32(dv)) == -1)
	}
	return d
}

// s390TrapHolds evaluates a register or immediate compare-and-trap (mask:
// 8 equal, 4 first low, 2 first high) on the logged values.
func s390TrapHolds(in *s390xasm.Inst, r regs) string {
	op := in.Op.String()
	var mask s390xasm.Mask
	var y uint64
	x, xn, ok := r.get(s390Canon(in.Args[0]))
	if !ok {
		return ""
	}
	yText := ""
	switch v := in.Args[1].(type) {
	case s390xasm.Reg:
		val, name, ok := r.get(s390Canon(v))
		if !ok {
			return ""
		}
		y, yText = val, name+"="+short(val)
	case s390xasm.Sign16:
		y, yText = uint64(int64(v)), fmt.Sprint(int64(v))
	case s390xasm.Imm:
		y, yText = uint64(v), fmt.Sprint(uint64(v))
	default:
		return "" // storage forms: the value is not in the log
	}
	mask, ok = in.Args[2].(s390xasm.Mask)
	if !ok {
		return ""
	}
	logical := strings.HasPrefix(op, "cl")
	if !strings.Contains(op, "g") { // 32-bit forms compare the low words
		if logical {
			x, y = x&0xffffffff, y&0xffffffff
		} else {
			x, y = uint64(int64(int32(x))), uint64(int64(int32(y)))
		}
	}
	lt, gt := int64(x) < int64(y), int64(x) > int64(y)
	if logical {
		lt, gt = x < y, x > y
	}
	hold := (mask&8 != 0 && x == y) || (mask&4 != 0 && lt) || (mask&2 != 0 && gt)
	what := fmt.Sprintf("With the logged values (%s=%s, %s) its mask %d ", xn, short(x), yText, mask)
	if hold {
		return what + "matches, so this trap fired."
	}
	return what + "does not match, so these values do not explain a trap here."
}
