package fault

import (
	"fmt"
	"strings"

	"golang.org/x/arch/x86/x86asm"
)

// x86Machine decodes x86-64 (mode 64) or 32-bit x86 (mode 32).
type x86Machine struct{ mode int }

func (m x86Machine) fixedWidth() int { return 0 }

func (m x86Machine) decode(b []byte, addr uint64) (insn, error) {
	if len(b) >= 4 && b[0] == 0xf3 && b[1] == 0x0f && b[2] == 0x1e && (b[3] == 0xfa || b[3] == 0xfb) {
		// x86asm predates CET and reads ENDBR64/ENDBR32 as a lone "rep"
		// prefix, which throws every later boundary off by three bytes.
		name := map[byte]string{0xfa: "endbr64", 0xfb: "endbr32"}[b[3]]
		return insn{addr: addr, n: 4, text: name, raw: b[:4], x86: &x86asm.Inst{Op: x86asm.NOP, Len: 4, Mode: m.mode}}, nil
	}
	in, err := x86asm.Decode(b, m.mode)
	if err != nil {
		return insn{}, err
	}
	if in.Op == 0 {
		// x86asm returns a bare prefix or escape byte for opcodes it does not know
		return insn{}, fmt.Errorf("unknown opcode %s", hexBytes(b[:min(len(b), 4)]))
	}
	return insn{
		addr: addr,
		n:    in.Len,
		raw:  b[:in.Len],
		x86:  &in,
	}, nil
}

// x86Text is Intel syntax with objdump's habits: unsigned immediates,
// "lea rax, [..]" without "ptr", and rip-relative targets spelled out.
func x86Text(in x86asm.Inst, addr uint64) string {
	text := unsignedImm(in, x86asm.IntelSyntax(in, addr, nil))
	if in.Op == x86asm.LEA {
		text = strings.Replace(text, ", ptr [", ", [", 1)
	}
	for _, a := range in.Args {
		if mem, ok := a.(x86asm.Mem); ok && (mem.Base == x86asm.RIP || mem.Base == x86asm.EIP) {
			text += fmt.Sprintf("  # %#x", addr+uint64(in.Len)+uint64(mem.Disp))
		}
	}
	return text
}

var gp64 = [16]string{"RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
	"R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15"}

// canon maps a general-purpose register of any width to its full-width
// family name (DIL, DI, EDI, RDI → RDI; E-names in 32-bit mode), or "".
func (m x86Machine) canon(r x86asm.Reg) string {
	var i int
	switch {
	case r >= x86asm.AL && r <= x86asm.BL:
		i = int(r - x86asm.AL)
	case r >= x86asm.AH && r <= x86asm.BH: // AH..BH are bits 8-15 of RAX..RBX
		i = int(r - x86asm.AH)
	case r >= x86asm.SPB && r <= x86asm.R15B: // SPB, BPB, SIB, DIB, R8B.. follow RSP..
		i = int(r-x86asm.SPB) + 4
	case r >= x86asm.AX && r <= x86asm.R15W:
		i = int(r - x86asm.AX)
	case r >= x86asm.EAX && r <= x86asm.R15L:
		i = int(r - x86asm.EAX)
	case r >= x86asm.RAX && r <= x86asm.R15:
		i = int(r - x86asm.RAX)
	case r == x86asm.RIP || r == x86asm.EIP || r == x86asm.IP:
		return m.ip()
	default:
		return ""
	}
	if m.mode == 32 {
		if i >= 8 {
			return ""
		}
		return "E" + gp64[i][1:]
	}
	return gp64[i]
}

func (m x86Machine) ip() string {
	if m.mode == 32 {
		return "EIP"
	}
	return "RIP"
}

func (m x86Machine) sp() string {
	if m.mode == 32 {
		return "ESP"
	}
	return "RSP"
}

// reg returns the canonical name for a 64-bit family name in this mode
// ("RAX" → "EAX" in 32-bit mode).
func (m x86Machine) reg(name64 string) string {
	if m.mode == 32 && strings.HasPrefix(name64, "R") && len(name64) == 3 {
		return "E" + name64[1:]
	}
	return name64
}

// opName is the mnemonic in upper case ("MOV"; prefixes such as REP are
// not part of it).
func opName(in *x86asm.Inst) string { return in.Op.String() }

// mnemonic is the lower-case mnemonic for trap and divide facts.
func mnemonic(in *x86asm.Inst) string { return strings.ToLower(in.Op.String()) }

// unsignedImm prints a negative immediate of a sub-64-bit operation as the
// unsigned value of the operand size, as objdump does ("mov word ptr
// [rdi], 0xbb49", not "-0x44b7"): those bytes are what the store writes.
func unsignedImm(in x86asm.Inst, text string) string {
	if in.DataSize >= 64 || in.DataSize == 0 {
		return text
	}
	for _, a := range in.Args {
		if imm, ok := a.(x86asm.Imm); ok && imm < 0 {
			signed := fmt.Sprintf("-%#x", -int64(imm))
			if k := strings.LastIndex(text, signed); k >= 0 {
				text = text[:k] + fmt.Sprintf("%#x", uint64(imm)&widthMask(in.DataSize)) + text[k+len(signed):]
			}
		}
	}
	return text
}
