package fault

import (
	"strings"

	"golang.org/x/arch/s390x/s390xasm"
)

// s390NoWrite compare or test a GPR first operand without writing it.
var s390NoWrite = setOf("c", "cy", "cg", "cgf", "cgr", "cgfr", "cr", "ch", "chy", "cgh", "chi", "cghi",
	"chhr", "chlr", "chf", "cih", "cl", "cly", "clg", "clgf", "clr", "clgr", "clgfr", "clfi", "clgfi",
	"cfi", "cgfi", "clm", "clmy", "clmh", "clhf", "clih",
	"crj", "cgrj", "cij", "cgij", "clrj", "clgrj", "clij", "clgij",
	"crb", "cgrb", "cib", "cgib", "clrb", "clgrb", "clib", "clgib",
	"crt", "cgrt", "cit", "cgit", "clrt", "clgrt", "clfit", "clgit", "clt", "clgt",
	"tmll", "tmlh", "tmhl", "tmhh", "tml", "tmh")

// s390Pair write the even/odd pair R1, R1+1 (divide, multiply, quadword).
var s390Pair = setOf("d", "dr", "dl", "dlr", "dlg", "dlgr", "dsg", "dsgr", "dsgf", "dsgfr",
	"m", "mr", "mfy", "ml", "mlr", "mlg", "mlgr", "mg", "mgrk", "cdsg", "lpq")

// s390Implicit use registers the operands do not name (execute, the long
// and string moves, translate): provenance cannot follow them.
var s390Implicit = setOf("ex", "exrl", "mvcl", "mvcle", "mvclu", "clcl", "clcle", "clclu", "mvst",
	"srst", "srstu", "clst", "cuse", "cksm", "trt", "trtr", "tre", "troo", "trot", "trto", "trtt",
	"cu12", "cu14", "cu21", "cu24", "cu41", "cu42", "kimd", "klmd", "km", "kmc", "kmac")

// s390Calls branch and save the return address in R1.
var s390Calls = setOf("brasl", "bras", "basr", "bas")

// effects: the first operand is the target when it is a GPR, except for
// stores, compares and tests; register pairs and ranges write every
// register they name.
func (s390Machine) effects(i insn) effects {
	in := i.s390
	if in == nil {
		if strings.HasPrefix(i.text, ".short 0x00") {
			return effects{} // an illegal opcode writes nothing
		}
		return effects{unknown: true}
	}
	op := in.Op.String()
	var e effects
	r1 := s390Canon(in.Args[0])
	if _, isReg := in.Args[0].(s390xasm.Reg); !isReg {
		r1 = "" // a base or index first is part of a storage operand
	}
	mem, isMem := s390MemOps[op]
	switch {
	case s390Implicit[op]:
		return effects{unknown: true}
	case op == "svc":
		e.call = true
		e.writes = []string{"R2"}
	case s390Calls[op]:
		// basr r1,0 only loads the next address: no branch
		e.call = !(op == "basr" && in.Args[1] == s390xasm.R0)
		if r1 != "" {
			e.writes = append(e.writes, r1)
		}
	case s390NoWrite[op], r1 == "":
	case isMem && mem.kinds[0] == AccessWrite:
	case isMem && mem.size == 0: // lm, lmg: R1 through R3
		r, _ := in.Args[0].(s390xasm.Reg)
		for k := 0; k < s390Range(in); k++ {
			e.writes = append(e.writes, s390Canon((r+s390xasm.Reg(k))&15))
		}
	case s390Pair[op]:
		r, _ := in.Args[0].(s390xasm.Reg)
		e.writes = append(e.writes, r1, s390Canon(r|1))
	default:
		e.writes = append(e.writes, r1)
	}
	return e
}

func (s390Machine) accesses(i insn, r regs) []Access {
	in := i.s390
	if in == nil {
		return nil
	}
	mem, ok := s390MemOps[in.Op.String()]
	if !ok {
		return nil
	}
	ops := s390Operands(in)
	ssLen := 0 // SS-a forms (mvc, clc, xc) have one length for both operands
	for _, p := range ops {
		ssLen = max(ssLen, p.length)
	}
	var out []Access
	for k, p := range ops {
		if k >= len(mem.kinds) {
			break
		}
		acc := Access{Kind: mem.kinds[k], Operand: p.text, Size: mem.size}
		switch {
		case ssLen > 0:
			acc.Size = ssLen
		case mem.size == 0:
			acc.Size = 4 * s390Range(in)
			if strings.HasSuffix(in.Op.String(), "g") {
				acc.Size *= 2
			}
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
		if known {
			acc.Address, acc.HasAddress = Addr(addr), true
		}
		out = append(out, acc)
	}
	return out
}

func (s390Machine) addrRegs(i insn) []regRole {
	if i.s390 == nil {
		return nil
	}
	if _, ok := s390MemOps[i.s390.Op.String()]; !ok {
		return nil
	}
	var out []regRole
	for _, p := range s390Operands(i.s390) {
		out = baseIndexRoles(out, p.base, p.index, "R15")
	}
	return out
}

// copySource recognises lgr r1,r2 and la/lay r1,d(b) (no index).
func (s390Machine) copySource(i insn) (string, int64, bool) {
	in := i.s390
	if in == nil {
		return "", 0, false
	}
	switch in.Op.String() {
	case "lgr":
		if s := s390Canon(in.Args[1]); s != "" {
			return s, 0, true
		}
	case "la", "lay":
		ops := s390Operands(in)
		if len(ops) == 1 && ops[0].index == "" && ops[0].base != "" {
			return ops[0].base, ops[0].disp, true
		}
	}
	return "", 0, false
}
