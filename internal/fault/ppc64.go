package fault

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/arch/ppc64/ppc64asm"
)

// ppcMachine decodes the Power ISA (ppc64 big-endian, ppc64le): 4-byte
// words in the platform's byte order. Power10 prefixed instructions take
// two words; the window still starts on a word, so a window that starts on
// the second word of one shows that word as its own instruction.
type ppcMachine struct{ order binary.ByteOrder }

var errTruncated = errors.New("truncated")

func (ppcMachine) fixedWidth() int { return 4 }

func (m ppcMachine) decode(b []byte, addr uint64) (insn, error) {
	if len(b) < 4 {
		return insn{}, errTruncated
	}
	in, err := ppc64asm.Decode(b, m.order)
	if err != nil {
		return insn{}, err
	}
	if in.Op == 0 {
		// ppc64asm returns no error for an all-zero word, which is no
		// instruction: the CPU raises SIGILL (HotSpot emits it as illtrap)
		return insn{addr: addr, n: 4, text: ppcZero, raw: b[:4]}, nil
	}
	return insn{addr: addr, n: in.Len, raw: b[:in.Len], ppc: &in}, nil
}

// ppcZero is objdump's text for the all-zero word.
const ppcZero = ".long 0x0"

// ppcText is GNU syntax with the extended mnemonics objdump prints for the
// most common forms, so the listing reads like objdump's. GNUSyntax panics
// on table surprises; the plain form is the fallback.
func ppcText(in ppc64asm.Inst, pc uint64) (s string) {
	defer func() {
		if recover() != nil {
			s = in.String()
		}
	}()
	if a := ppcAlias(in); a != "" {
		return a
	}
	return ppcZeroRA(in, ppc64asm.GNUSyntax(in, pc))
}

// ppcZeroRA prints RA=0 of an indexed load or store as "0", as objdump
// does: it is the value 0, not r0. ppc64asm does so only for some forms.
func ppcZeroRA(in ppc64asm.Inst, s string) string {
	mem, ok := ppcMemOps[in.Op.String()]
	if !ok || !mem.index {
		return s
	}
	var gprs []int
	for k, a := range in.Args {
		if ppcCanon(a) != "" {
			gprs = append(gprs, k)
		}
	}
	sp := strings.IndexByte(s, ' ')
	if len(gprs) < 2 || sp < 0 || in.Args[gprs[len(gprs)-2]] != ppc64asm.R0 {
		return s
	}
	fields := strings.Split(s[sp+1:], ",")
	if k := gprs[len(gprs)-2]; k < len(fields) {
		fields[k] = "0"
	}
	return s[:sp+1] + strings.Join(fields, ",")
}

// ppcAlias spells the special cases of or, ori, addi, addis, rldicl,
// rldicr and the traps with objdump's extended mnemonics.
func ppcAlias(in ppc64asm.Inst) string {
	a := in.Args
	reg := func(k int) (ppc64asm.Reg, bool) { r, ok := a[k].(ppc64asm.Reg); return r, ok }
	imm := func(k int) (int64, bool) { v, ok := a[k].(ppc64asm.Imm); return int64(v), ok }
	switch in.Op {
	case ppc64asm.OR:
		if d, ok := reg(0); ok && a[1] == a[2] {
			return fmt.Sprintf("mr %s,%s", d, a[1])
		}
	case ppc64asm.ORI:
		if v, ok := imm(2); ok && v == 0 && a[0] == ppc64asm.R0 && a[1] == ppc64asm.R0 {
			return "nop"
		}
	case ppc64asm.ADDI, ppc64asm.ADDIS:
		if s, ok := reg(1); ok && s == ppc64asm.R0 {
			v, _ := imm(2)
			name := "li"
			if in.Op == ppc64asm.ADDIS {
				name = "lis"
			}
			return fmt.Sprintf("%s %s,%d", name, a[0], v)
		}
	case ppc64asm.RLDICL, ppc64asm.RLDICR: // shifts and masks
		sh, _ := imm(2)
		mb, _ := imm(3)
		switch {
		case in.Op == ppc64asm.RLDICR && sh+mb == 63:
			return fmt.Sprintf("sldi %s,%s,%d", a[0], a[1], sh)
		case in.Op == ppc64asm.RLDICL && sh == 0:
			return fmt.Sprintf("clrldi %s,%s,%d", a[0], a[1], mb)
		case in.Op == ppc64asm.RLDICL && sh+mb == 64:
			return fmt.Sprintf("srdi %s,%s,%d", a[0], a[1], mb)
		}
	case ppc64asm.TW, ppc64asm.TD, ppc64asm.TWI, ppc64asm.TDI:
		to, _ := imm(0)
		if in.Op == ppc64asm.TW && to == 31 && a[1] == ppc64asm.R0 && a[2] == ppc64asm.R0 {
			return "trap"
		}
		cond, ok := ppcTrapCond[to]
		if !ok {
			break
		}
		op := in.Op.String()
		name := op[:2] + cond + op[2:] // tdi 4 -> tdeqi
		if v, ok := imm(2); ok {
			return fmt.Sprintf("%s %s,%d", name, a[1], v)
		}
		return fmt.Sprintf("%s %s,%s", name, a[1], a[2])
	}
	return ""
}

// ppcTrapCond are binutils' names for the trap conditions (TO field):
// 16 signed <, 8 signed >, 4 ==, 2 unsigned <, 1 unsigned >.
var ppcTrapCond = map[int64]string{1: "lgt", 2: "llt", 4: "eq", 5: "lge", 6: "lle", 8: "gt", 12: "ge",
	16: "lt", 20: "le", 24: "ne", 31: "u"}

// ppcCanon maps a general-purpose register to "R<n>"; "" for others
// (floating-point, vector, condition and special registers).
func ppcCanon(a ppc64asm.Arg) string {
	if r, ok := a.(ppc64asm.Reg); ok && r >= ppc64asm.R0 && r <= ppc64asm.R31 {
		return fmt.Sprintf("R%d", r-ppc64asm.R0)
	}
	return ""
}

// ppcBase reports the canonical base register of a D/X-form address: RA
// as a base reads 0, not r0, when it is register 0.
func ppcBase(a ppc64asm.Arg) string {
	if r, ok := a.(ppc64asm.Reg); ok && r == ppc64asm.R0 {
		return ""
	}
	return ppcCanon(a)
}
