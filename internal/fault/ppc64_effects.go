package fault

import (
	"golang.org/x/arch/ppc64/ppc64asm"
)

// ppcCalls branch and link: the callee may clobber every volatile register.
var ppcCalls = setOf("bl", "bla", "bcl", "bcla", "bcctrl", "bclrl", "bctarl")

// ppcNoWrite are instructions whose first operand is a GPR they only read
// (cache management takes RA,RB; the rest move a GPR to a special register).
var ppcNoWrite = setOf("dcbt", "dcbtst", "dcbf", "dcbfl", "dcbst", "dcbi", "icbi", "icbt", "dcbz",
	"mtmsr", "mtmsrd", "mtsr", "mtsrin", "slbie", "tlbie", "tlbiel", "copy", "paste.", "wait")

// ppcMultiple load several registers from one operand; provenance cannot
// follow them, so they count as unknown.
var ppcMultiple = setOf("lmw", "lswi", "lswx")

// effects follows the ISA's operand order: the first operand is the target
// when it is a GPR, except for stores, compares (a CR field first), traps
// and branches (an immediate first) and the listed read-only forms.
func (ppcMachine) effects(i insn) effects {
	in := i.ppc
	if in == nil {
		if i.text == ppcZero {
			return effects{} // an illegal word writes nothing
		}
		return effects{unknown: true}
	}
	op := in.Op.String()
	var e effects
	add := func(a ppc64asm.Arg) {
		if r := ppcCanon(a); r != "" {
			e.writes = append(e.writes, r)
		}
	}
	mem, isMem := ppcMemOps[op]
	switch {
	case ppcMultiple[op]:
		return effects{unknown: true}
	case ppcCalls[op]:
		// bcl 20,31,.+4 only reads the pc into lr; it is not a call
		e.call = !(op == "bcl" && in.Args[2] == ppc64asm.PCRel(4))
	case op == "sc" || op == "scv":
		e.call = true // the kernel returns in r3 and may clobber the volatile registers
		e.writes = append(e.writes, "R3")
	case ppcNoWrite[op]:
	case isMem && mem.write:
	default:
		add(in.Args[0])
		if mem.pair {
			if r, ok := in.Args[0].(ppc64asm.Reg); ok && r < ppc64asm.R31 {
				add(r + 1)
			}
		}
	}
	if isMem && mem.update {
		if p, ok := ppcOperand(in, mem); ok && p.base != "" {
			e.writes = append(e.writes, p.base)
		}
	}
	return e
}

func (ppcMachine) accesses(i insn, r regs) []Access {
	in := i.ppc
	if in == nil {
		return nil
	}
	mem, ok := ppcMemOps[in.Op.String()]
	if !ok {
		return nil
	}
	p, ok := ppcOperand(in, mem)
	if !ok {
		return nil
	}
	acc := Access{Kind: AccessRead, Operand: p.text, Size: mem.size}
	if mem.write {
		acc.Kind = AccessWrite
	}
	known := true
	val := func(canon string) uint64 {
		if canon == "" {
			return 0
		}
		v, name, ok := r.get(canon)
		acc.Registers = append(acc.Registers, name)
		if !ok && known {
			known, acc.Why = false, name+" is not in the log"
		}
		return v
	}
	addr := val(p.base) + val(p.index) + uint64(p.disp)
	if p.pcrel {
		addr = i.addr + uint64(p.disp)
	}
	if mem.align > 0 {
		addr &^= mem.align - 1
	}
	if known {
		acc.Address, acc.HasAddress = Addr(addr), true
	}
	// stdu r1,-N(r1) stores the back chain and moves sp: it opens a frame
	if mem.write && mem.update && p.base == "R1" {
		acc.Kind = AccessPush
	}
	return []Access{acc}
}

func (ppcMachine) addrRegs(i insn) []regRole {
	if i.ppc == nil {
		return nil
	}
	mem, ok := ppcMemOps[i.ppc.Op.String()]
	if !ok {
		return nil
	}
	p, ok := ppcOperand(i.ppc, mem)
	if !ok {
		return nil
	}
	return baseIndexRoles(nil, p.base, p.index, "R1")
}

// copySource recognises mr rD,rS (or rD,rS,rS) and addi rD,rS,imm.
func (ppcMachine) copySource(i insn) (string, int64, bool) {
	in := i.ppc
	if in == nil {
		return "", 0, false
	}
	switch in.Op {
	case ppc64asm.OR:
		if in.Args[1] == in.Args[2] && ppcCanon(in.Args[1]) != "" {
			return ppcCanon(in.Args[1]), 0, true
		}
	case ppc64asm.ADDI:
		if s := ppcBase(in.Args[1]); s != "" {
			if v, ok := in.Args[2].(ppc64asm.Imm); ok {
				return s, int64(v), true
			}
		}
	}
	return "", 0, false
}
