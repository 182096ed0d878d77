package fault

import (
	"strconv"
	"strings"

	"golang.org/x/arch/arm64/arm64asm"
)

func (a64Machine) effects(i insn) effects {
	if i.a64 == nil {
		if strings.HasPrefix(i.text, "udf") {
			return effects{} // a trap writes nothing
		}
		return effects{unknown: true}
	}
	op, args := a64Op(i), i.a64.Args
	var e effects
	add := func(a arm64asm.Arg) {
		if r := a64Canon(a); r != "" {
			e.writes = append(e.writes, r)
		}
	}
	switch {
	case op == "BL" || op == "BLR":
		e.call = true
		e.writes = append(e.writes, "X30")
	case op == "SVC":
		e.writes = append(e.writes, "X0") // the system call's result
	case a64NoWrite[op]:
	case a64Status[op]:
		add(args[0])
	case isStore(op):
	case a64Pair[op]:
		add(args[0])
		add(args[1])
	default:
		add(args[0])
	}
	// pre/post-indexed addressing writes the base register back
	for _, a := range args {
		if m, ok := a.(arm64asm.MemImmediate); ok && m.Mode != arm64asm.AddrOffset {
			add(m.Base)
		}
	}
	return e
}

func (a64Machine) accesses(i insn, r regs) []Access {
	if i.a64 == nil {
		return nil
	}
	op, args := a64Op(i), i.a64.Args
	if !isLoad(op) && !isStore(op) {
		return nil
	}
	kind := AccessRead
	if isStore(op) {
		kind = AccessWrite
	}
	size := a64Size(op, args[:])
	var out []Access
	for _, a := range args {
		acc, ok := a64Mem(i, a, r)
		if !ok {
			continue
		}
		acc.Kind, acc.Size = kind, size
		if (kind == AccessWrite) && len(acc.Registers) == 1 && acc.Registers[0] == r.logName("SP") &&
			strings.HasSuffix(acc.Operand, "]!") {
			acc.Kind = AccessPush // stp x29, x30, [sp,#-16]! opens a frame
		}
		out = append(out, acc)
	}
	return out
}

// a64Mem computes the effective address of a memory operand.
func a64Mem(i insn, a arm64asm.Arg, r regs) (Access, bool) {
	if a == nil {
		return Access{}, false
	}
	acc := Access{Operand: strings.ToLower(a.String())}
	known := true
	reg := func(canon string) uint64 {
		v, name, ok := r.get(canon)
		acc.Registers = append(acc.Registers, name)
		if !ok {
			known = false
			if acc.Why == "" {
				acc.Why = name + " is not in the log"
			}
		}
		return v
	}
	var addr uint64
	switch m := a.(type) {
	case arm64asm.MemImmediate:
		addr = reg(a64Canon(m.Base))
		if m.Mode == arm64asm.AddrOffset || m.Mode == arm64asm.AddrPreIndex {
			addr += uint64(memImm(m))
		}
	case arm64asm.MemExtend:
		addr = reg(a64Canon(m.Base))
		x := reg(a64Canon(m.Index))
		switch m.Extend.String() {
		case "UXTW":
			x &= 0xffffffff
		case "SXTW":
			x = uint64(int64(int32(uint32(x))))
		}
		if !m.ShiftMustBeZero {
			x <<= m.Amount
		}
		addr += x
	case arm64asm.PCRel:
		addr = i.addr + uint64(int64(m)) // literal load
		acc.Operand = "[pc" + strings.TrimPrefix(m.String(), ".") + "]"
	default:
		return Access{}, false
	}
	if known {
		acc.Address, acc.HasAddress = Addr(addr), true
	}
	return acc, true
}

// memImm reads MemImmediate's offset, which arm64asm keeps unexported,
// from its documented text form "[Xn,#imm]".
func memImm(m arm64asm.MemImmediate) int64 {
	s := m.String()
	k := strings.Index(s, "#")
	if k < 0 {
		return 0
	}
	t := strings.TrimRight(s[k+1:], "]!")
	v, err := strconv.ParseInt(t, 0, 64)
	if err != nil {
		return 0
	}
	return v
}

// a64Size is the number of bytes a load/store transfers; 0 for vector
// structure loads whose size the decoder does not expose.
func a64Size(op string, args []arm64asm.Arg) int {
	switch {
	case strings.HasSuffix(op, "SW") && op != "LDPSW":
		return 4
	case op == "LDPSW":
		return 8
	case strings.HasPrefix(op, "LD1") || strings.HasPrefix(op, "LD2") || strings.HasPrefix(op, "LD3") ||
		strings.HasPrefix(op, "LD4") || strings.HasPrefix(op, "ST1") || strings.HasPrefix(op, "ST2") ||
		strings.HasPrefix(op, "ST3") || strings.HasPrefix(op, "ST4"):
		return 0
	case strings.HasSuffix(op, "B"):
		return 1
	case strings.HasSuffix(op, "H"):
		return 2
	}
	data := args[0]
	if a64Status[op] {
		data = args[1]
	}
	n := a64RegBytes(data)
	if a64Pair[op] {
		n *= 2
	}
	return n
}

func (a64Machine) addrRegs(i insn) []regRole {
	if i.a64 == nil || !(isLoad(a64Op(i)) || isStore(a64Op(i))) {
		return nil
	}
	var out []regRole
	for _, a := range i.a64.Args {
		switch m := a.(type) {
		case arm64asm.MemImmediate:
			out = append(out, regRole{a64Canon(m.Base), "base"})
		case arm64asm.MemExtend:
			out = append(out, regRole{a64Canon(m.Base), "base"}, regRole{a64Canon(m.Index), "index"})
		}
	}
	for k := range out {
		if out[k].reg == "SP" {
			out[k].role = "stack-pointer"
		}
	}
	return out
}

func (a64Machine) facts(i insn, a *Analysis, r regs, cpu cpuInfo) {
	op := a64Op(i)
	switch {
	case i.a64 == nil && strings.HasPrefix(i.text, "udf"):
		imm, _ := strconv.ParseUint(strings.TrimPrefix(i.text, "udf #"), 0, 16)
		a.Trap = &Trap{Kind: "udf", Immediate: imm, Instruction: i.String()}
	case op == "BRK" || op == "HLT":
		t := &Trap{Kind: strings.ToLower(op), Instruction: i.String()}
		if imm, ok := i.a64.Args[0].(arm64asm.Imm); ok {
			t.Immediate = uint64(imm.Imm)
		}
		a.Trap = t
	case op == "SDIV" || op == "UDIV":
		// A64 integer division does not trap: x/0 yields 0. Record it so a
		// SIGFPE rule does not blame it.
		a.Notes = append(a.Notes, "the instruction at pc is an AArch64 "+strings.ToLower(op)+
			", which returns 0 on division by zero instead of trapping")
	}
	if a.Trap != nil {
		a.evidence("`" + i.String() + "` is a deliberate trap instruction (compilers emit it for __builtin_trap and unreachable code), not a missing CPU feature.")
	}
	if ext := a64Extension(op); ext != "" {
		x := &ISAExtension{Extension: ext, Encoding: "a64", Instruction: i.String()}
		x.InCPUFeatures, x.InCPUFlags = cpu.lookup(ext)
		a.ISA = x
		a.evidence(isaWords(x))
	}
}

// a64Extension names optional ARMv8.0 extensions (cpuinfo Features
// spelling) that arm64asm decodes: crypto and CRC32.
func a64Extension(op string) string {
	switch {
	case strings.HasPrefix(op, "AES"):
		return "aes"
	case strings.HasPrefix(op, "SHA1"):
		return "sha1"
	case strings.HasPrefix(op, "SHA256"):
		return "sha2"
	case strings.HasPrefix(op, "CRC32"):
		return "crc32"
	case op == "PMULL" || op == "PMULL2":
		return "pmull"
	}
	return ""
}

// copySource recognises register moves (mov xd, xn).
func (a64Machine) copySource(i insn) (string, int64, bool) {
	if a64Op(i) != "MOV" {
		return "", 0, false
	}
	d, s := a64Canon(i.a64.Args[0]), a64Canon(i.a64.Args[1])
	if d == "" || s == "" || a64RegBytes(i.a64.Args[0]) != 8 {
		return "", 0, false
	}
	return s, 0, true
}
