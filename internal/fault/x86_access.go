package fault

import (
	"strconv"
	"strings"

	"golang.org/x/arch/x86/x86asm"
)

// x86NoAccess are mnemonics with a memory operand that do not touch memory.
var x86NoAccess = setOf("LEA", "NOP", "PREFETCHT0", "PREFETCHT1", "PREFETCHT2",
	"PREFETCHNTA", "PREFETCHW", "BNDCL", "BNDCU", "BNDCN", "BNDMK")

// x86StorePrefixes: a memory first operand of these is only written.
var x86StorePrefixes = []string{"MOV", "VMOV", "SET", "STOS", "STMXCSR", "VSTMXCSR",
	"FST", "FIST", "FNST", "FBSTP", "PEXTR", "VPEXTR", "EXTRACT", "VEXTRACT",
	"VPCOMPRESS", "VCOMPRESS", "VCVTPS2PH", "VPSCATTER", "VSCATTER", "POP",
	"SGDT", "SIDT", "SLDT", "STR", "SMSW", "XSAVE", "FXSAVE", "FSAVE", "FNSAVE", "CVT", "VCVT"}

func (m x86Machine) accesses(i insn, r regs) []Access {
	in := i.x86
	if in == nil {
		return nil
	}
	op := opName(in)
	var out []Access
	word := m.mode / 8
	for k, a := range in.Args {
		mem, ok := a.(x86asm.Mem)
		if !ok || x86NoAccess[op] {
			continue
		}
		acc := m.memAccess(i, mem, r)
		acc.Kind = x86Kind(op, k)
		acc.Size = x86Size(in, op)
		out = append(out, acc)
	}
	// implicit stack accesses
	sp, spName, spOK := r.get(m.sp())
	push := func(kind AccessKind, addr uint64, operand string) {
		out = append(out, Access{Kind: kind, Operand: operand, Address: Addr(addr),
			HasAddress: spOK, Size: word, Registers: []string{spName},
			Why: missing(spOK, spName)})
	}
	switch op {
	case "PUSH", "CALL", "PUSHF", "PUSHFQ", "ENTER":
		push(AccessPush, sp-uint64(word), "["+strings.ToLower(m.sp())+"-"+itoa(word)+"]")
	case "POP", "RET", "POPF", "POPFQ":
		push(AccessPop, sp, "["+strings.ToLower(m.sp())+"]")
	case "LEAVE":
		bp, bpName, ok := r.get(m.reg("RBP"))
		out = append(out, Access{Kind: AccessPop, Operand: "[" + strings.ToLower(m.reg("RBP")) + "]",
			Address: Addr(bp), HasAddress: ok, Size: word, Registers: []string{bpName}, Why: missing(ok, bpName)})
	}
	return out
}

// memAccess computes the effective address of a memory operand.
func (m x86Machine) memAccess(i insn, mem x86asm.Mem, r regs) Access {
	acc := Access{Operand: memText(mem)}
	addr := uint64(mem.Disp)
	known := true
	if mem.Segment == x86asm.FS || mem.Segment == x86asm.GS {
		acc.Why = "the " + strings.ToLower(mem.Segment.String()) + " segment base (thread-local storage) is not in the log"
		known = false
	}
	for _, part := range []struct {
		reg   x86asm.Reg
		scale uint64
	}{{mem.Base, 1}, {mem.Index, uint64(max(mem.Scale, 1))}} {
		if part.reg == 0 {
			continue
		}
		name := m.canon(part.reg)
		if name == m.ip() {
			// rip-relative: relative to the next instruction
			addr += i.next()
			continue
		}
		v, logName, ok := r.get(name)
		acc.Registers = append(acc.Registers, logName)
		if !ok {
			known = false
			if acc.Why == "" {
				acc.Why = logName + " is not in the log"
			}
			continue
		}
		addr += v * part.scale
	}
	if i.x86.AddrSize == 32 || m.mode == 32 {
		addr &= 0xffffffff
	}
	acc.Address, acc.HasAddress = Addr(addr), known
	if !known {
		acc.Address = 0
	}
	return acc
}

// x86Kind is the access kind of the memory operand at argument position k.
func x86Kind(op string, k int) AccessKind {
	switch {
	case op == "CALL" || op == "JMP" || op == "LCALL" || op == "LJMP":
		return AccessRead // the pointer to the target is loaded
	case k > 0:
		if op == "XCHG" || op == "XADD" {
			return AccessReadWrite
		}
		return AccessRead
	case x86ReadsDst[op] || stringOp(op) == "CMPS" || stringOp(op) == "SCAS" || stringOp(op) == "LODS" || stringOp(op) == "OUTS":
		return AccessRead
	}
	for _, p := range x86StorePrefixes {
		if strings.HasPrefix(op, p) {
			return AccessWrite
		}
	}
	return AccessReadWrite
}

// x86Size is the memory operand size in bytes.
func x86Size(in *x86asm.Inst, op string) int {
	if in.MemBytes > 0 {
		return in.MemBytes
	}
	if s := stringOp(op); s != "" {
		switch op[len(op)-1] {
		case 'B':
			return 1
		case 'W':
			return 2
		case 'D':
			return 4
		case 'Q':
			return 8
		}
	}
	return in.DataSize / 8
}

// memText prints a memory operand the way Intel syntax does ("[rdi+0x8]").
func memText(mem x86asm.Mem) string {
	var parts []string
	if mem.Base != 0 {
		parts = append(parts, strings.ToLower(mem.Base.String()))
	}
	if mem.Index != 0 {
		s := strings.ToLower(mem.Index.String())
		if mem.Scale > 1 {
			s += "*" + itoa(int(mem.Scale))
		}
		parts = append(parts, s)
	}
	s := strings.Join(parts, "+")
	switch {
	case mem.Disp > 0 && s != "":
		s += "+" + short(uint64(mem.Disp))
	case mem.Disp < 0:
		s += "-" + short(uint64(-mem.Disp))
	case s == "":
		s = short(uint64(mem.Disp))
	}
	seg := ""
	if mem.Segment == x86asm.FS || mem.Segment == x86asm.GS {
		seg = strings.ToLower(mem.Segment.String()) + ":"
	}
	return seg + "[" + s + "]"
}

func missing(ok bool, name string) string {
	if ok {
		return ""
	}
	return name + " is not in the log"
}

func itoa(n int) string { return strconv.Itoa(n) }

// addrRegs are the registers that form the instruction's memory addresses.
func (m x86Machine) addrRegs(i insn) []regRole {
	in := i.x86
	if in == nil {
		return nil
	}
	var out []regRole
	seen := map[string]bool{}
	add := func(r, role string) {
		if r != "" && r != m.ip() && !seen[r] {
			seen[r] = true
			out = append(out, regRole{r, role})
		}
	}
	if !x86NoAccess[opName(in)] {
		for _, a := range in.Args {
			if mem, ok := a.(x86asm.Mem); ok {
				add(m.canon(mem.Base), "base")
				add(m.canon(mem.Index), "index")
			}
		}
	}
	switch opName(in) {
	case "PUSH", "POP", "CALL", "RET", "PUSHF", "PUSHFQ", "POPF", "POPFQ", "ENTER":
		add(m.sp(), "stack-pointer")
	case "LEAVE":
		add(m.reg("RBP"), "base")
	}
	return out
}
