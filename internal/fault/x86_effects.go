package fault

import (
	"strings"

	"golang.org/x/arch/x86/x86asm"
)

// x86ReadsDst are mnemonics whose first operand is only read (compares,
// tests, pushes, jumps): a register there is not written.
var x86ReadsDst = setOf("CMP", "TEST", "BT", "PUSH", "JMP", "LJMP", "CALL", "LCALL",
	"NOP", "PREFETCHT0", "PREFETCHT1", "PREFETCHT2", "PREFETCHNTA", "PREFETCHW",
	"UCOMISS", "UCOMISD", "COMISS", "COMISD", "VUCOMISS", "VUCOMISD", "VCOMISS", "VCOMISD",
	"PTEST", "VPTEST", "CLFLUSH", "CLFLUSHOPT", "CLWB", "INT", "OUT", "VERR", "VERW",
	"LOOP", "LOOPE", "LOOPNE", "FCOM", "FCOMP", "FUCOM", "FUCOMP", "BNDCL", "BNDCU", "BNDCN",
	"KTESTW", "KTESTB", "KTESTD", "KTESTQ", "KORTESTW", "KORTESTB", "KORTESTD", "KORTESTQ")

// x86Implicit are registers (64-bit family names) written without being
// named as the first operand.
var x86Implicit = map[string][]string{
	"PUSH": {"RSP"}, "POP": {"RSP"}, "PUSHF": {"RSP"}, "POPF": {"RSP"},
	"PUSHFQ": {"RSP"}, "POPFQ": {"RSP"}, "PUSHA": {"RSP"}, "PUSHAD": {"RSP"},
	"POPA":  {"RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI"},
	"POPAD": {"RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI"},
	"CALL":  {"RSP"}, "LCALL": {"RSP"}, "RET": {"RSP"}, "LRET": {"RSP"},
	"ENTER": {"RSP", "RBP"}, "LEAVE": {"RSP", "RBP"},
	"MUL": {"RAX", "RDX"}, "DIV": {"RAX", "RDX"}, "IDIV": {"RAX", "RDX"},
	"CBW": {"RAX"}, "CWDE": {"RAX"}, "CDQE": {"RAX"},
	"CWD": {"RDX"}, "CDQ": {"RDX"}, "CQO": {"RDX"},
	"CPUID": {"RAX", "RBX", "RCX", "RDX"},
	"RDTSC": {"RAX", "RDX"}, "RDTSCP": {"RAX", "RDX", "RCX"}, "RDPMC": {"RAX", "RDX"},
	"XGETBV": {"RAX", "RDX"}, "RDMSR": {"RAX", "RDX"}, "RDPKRU": {"RAX", "RDX"},
	"SYSCALL": {"RAX", "RCX", "R11"}, "SYSENTER": {"RAX", "RCX", "RDX"},
	"LAHF": {"RAX"}, "XLATB": {"RAX"},
	"CMPXCHG": {"RAX"}, "CMPXCHG8B": {"RAX", "RDX"}, "CMPXCHG16B": {"RAX", "RDX"},
	"LOOP": {"RCX"}, "LOOPE": {"RCX"}, "LOOPNE": {"RCX"},
}

// x86WritesBoth are mnemonics that write their second operand too.
var x86WritesBoth = setOf("XCHG", "XADD", "MULX")

func (m x86Machine) effects(i insn) effects {
	if i.x86 == nil {
		return effects{unknown: true}
	}
	in := i.x86
	op := opName(in)
	var e effects
	add := func(r string) {
		if r != "" {
			e.writes = append(e.writes, r)
		}
	}
	if r, ok := in.Args[0].(x86asm.Reg); ok && !x86ReadsDst[op] && !strings.HasPrefix(op, "J") {
		add(m.canon(r))
	}
	if x86WritesBoth[op] {
		if r, ok := in.Args[1].(x86asm.Reg); ok {
			add(m.canon(r))
		}
	}
	if op == "MUL" || op == "IMUL" {
		// the one-operand forms write RDX:RAX; IMUL r, r/m writes only the first.
		if in.Args[1] == nil {
			add(m.reg("RAX"))
			add(m.reg("RDX"))
		}
	}
	for _, r := range x86Implicit[op] {
		add(m.reg(r))
	}
	if s := stringOp(op); s != "" {
		// string instructions advance RSI/RDI (and RAX for LODS, RCX under REP).
		switch s {
		case "MOVS", "CMPS":
			add(m.reg("RSI"))
			add(m.reg("RDI"))
		case "STOS", "SCAS", "INS":
			add(m.reg("RDI"))
		case "LODS":
			add(m.reg("RSI"))
			add(m.reg("RAX"))
		case "OUTS":
			add(m.reg("RSI"))
		}
		if hasRep(in) {
			add(m.reg("RCX"))
		}
	}
	e.call = op == "CALL" || op == "LCALL"
	return e
}

// stringOp returns the string-instruction family of a mnemonic
// ("MOVSQ" → "MOVS"), or "". MOVSD/CMPSD the SSE forms are named
// MOVSD_XMM/CMPSD_XMM by x86asm, so the plain names are string ops.
func stringOp(op string) string {
	for _, s := range []string{"MOVS", "CMPS", "STOS", "LODS", "SCAS", "INS", "OUTS"} {
		if strings.HasPrefix(op, s) && len(op) == len(s)+1 && strings.ContainsAny(op[len(s):], "BWDQ") {
			return s
		}
	}
	return ""
}

func hasRep(in *x86asm.Inst) bool {
	for _, p := range in.Prefix {
		if p == 0 {
			break
		}
		switch p &^ x86asm.PrefixImplicit &^ x86asm.PrefixIgnored &^ x86asm.PrefixInvalid {
		case x86asm.PrefixREP, x86asm.PrefixREPN:
			return true
		}
	}
	return false
}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// copySource recognises full-width register copies: mov r, r and
// lea r, [src+disp].
func (m x86Machine) copySource(i insn) (string, int64, bool) {
	in := i.x86
	if in == nil || in.DataSize != m.mode {
		return "", 0, false
	}
	dst, ok := in.Args[0].(x86asm.Reg)
	if !ok || m.canon(dst) == "" {
		return "", 0, false
	}
	switch src := in.Args[1].(type) {
	case x86asm.Reg:
		if in.Op == x86asm.MOV && m.canon(src) != "" && m.canon(src) != m.ip() {
			return m.canon(src), 0, true
		}
	case x86asm.Mem:
		if in.Op == x86asm.LEA && src.Index == 0 && src.Segment == 0 && m.canon(src.Base) != "" && m.canon(src.Base) != m.ip() {
			return m.canon(src.Base), src.Disp, true
		}
	}
	return "", 0, false
}
