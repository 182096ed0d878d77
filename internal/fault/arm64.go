package fault

import (
	"encoding/binary"
	"fmt"
	"strings"

	"golang.org/x/arch/arm64/arm64asm"
)

// a64Machine decodes AArch64 (A64) instructions: fixed 4-byte words.
type a64Machine struct{}

func (a64Machine) fixedWidth() int { return 4 }

func (a64Machine) decode(b []byte, addr uint64) (insn, error) {
	if len(b) < 4 {
		return insn{}, fmt.Errorf("truncated")
	}
	in, err := arm64asm.Decode(b[:4])
	if err != nil {
		// arm64asm lacks UDF: the Arm ARM encodes "UDF #imm16" as 0x0000iiii.
		if w := binary.LittleEndian.Uint32(b); w>>16 == 0 {
			return insn{addr: addr, n: 4, text: fmt.Sprintf("udf #%#x", w), raw: b[:4]}, nil
		}
		return insn{}, err
	}
	return insn{addr: addr, n: 4, raw: b[:4], a64: &in}, nil
}

// a64Canon maps a general-purpose register (W or X, any arg form) to
// "X<n>" or "SP"; "" for the zero register and non-GP registers.
func a64Canon(a arm64asm.Arg) string {
	switch r := a.(type) {
	case arm64asm.Reg:
		return a64RegName(r, false)
	case arm64asm.RegSP:
		return a64RegName(arm64asm.Reg(r), true)
	case arm64asm.RegExtshiftAmount:
		return "" // register operand of an arithmetic op: read only
	}
	return ""
}

func a64RegName(r arm64asm.Reg, sp bool) string {
	switch {
	case r >= arm64asm.W0 && r <= arm64asm.W30:
		return fmt.Sprintf("X%d", r-arm64asm.W0)
	case r >= arm64asm.X0 && r <= arm64asm.X30:
		return fmt.Sprintf("X%d", r-arm64asm.X0)
	case sp && (r == arm64asm.WZR || r == arm64asm.XZR):
		return "SP" // register 31 is SP in base-register positions
	}
	return ""
}

// a64RegBytes is the width of a transfer register.
func a64RegBytes(a arm64asm.Arg) int {
	r, ok := a.(arm64asm.Reg)
	if !ok {
		return 0
	}
	switch {
	case r >= arm64asm.W0 && r <= arm64asm.WZR:
		return 4
	case r >= arm64asm.X0 && r <= arm64asm.XZR:
		return 8
	case r >= arm64asm.B0 && r <= arm64asm.B31:
		return 1
	case r >= arm64asm.H0 && r <= arm64asm.H31:
		return 2
	case r >= arm64asm.S0 && r <= arm64asm.S31:
		return 4
	case r >= arm64asm.D0 && r <= arm64asm.D31:
		return 8
	case r >= arm64asm.Q0 && r <= arm64asm.Q31:
		return 16
	}
	return 0
}

func a64Op(i insn) string {
	if i.a64 == nil {
		return ""
	}
	return i.a64.Op.String()
}

// a64Pair: load/store pair instructions transfer two registers.
var a64Pair = setOf("LDP", "STP", "LDNP", "STNP", "LDXP", "LDAXP", "STXP", "STLXP", "LDPSW")

// a64Status: store-exclusive instructions write a status register first.
var a64Status = setOf("STXR", "STLXR", "STXRB", "STLXRB", "STXRH", "STLXRH", "STXP", "STLXP")

// a64NoWrite: instructions whose first operand is not written.
var a64NoWrite = setOf("B", "BR", "RET", "CBZ", "CBNZ", "TBZ", "TBNZ", "CMP", "CMN", "TST",
	"CCMP", "CCMN", "FCMP", "FCMPE", "FCCMP", "FCCMPE", "NOP", "PRFM", "PRFUM", "DMB", "DSB",
	"ISB", "HINT", "BRK", "HLT", "MSR", "SYS", "YIELD", "WFE", "WFI", "SEV", "SEVL", "CLREX",
	"DC", "IC", "TLBI", "AT", "HVC", "SMC", "ERET", "DRPS", "DCPS1", "DCPS2", "DCPS3")

func isStore(op string) bool { return strings.HasPrefix(op, "ST") }
func isLoad(op string) bool  { return strings.HasPrefix(op, "LD") }
