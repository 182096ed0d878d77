package fault

import (
	"fmt"

	"golang.org/x/arch/s390x/s390xasm"
)

// s390Machine decodes z/Architecture (s390x): 2-, 4- or 6-byte
// instructions whose length is in the first two bits, so boundaries are
// found like x86's (function start or scan).
type s390Machine struct{}

func (s390Machine) fixedWidth() int { return 0 }

// s390Len is the instruction length the first byte encodes: 00 two bytes,
// 01 and 10 four, 11 six.
func s390Len(b0 byte) int {
	switch b0 >> 6 {
	case 0:
		return 2
	case 3:
		return 6
	}
	return 4
}

func (s390Machine) decode(b []byte, addr uint64) (insn, error) {
	if len(b) < 2 || len(b) < s390Len(b[0]) {
		return insn{}, errTruncated // s390xasm reads past short input
	}
	if b[0] == 0 {
		// opcode 0x00 is unassigned: SIGILL. HotSpot's z_illtrap emits
		// 0x0000, or 0x00 and an id byte.
		return insn{addr: addr, n: 2, text: fmt.Sprintf(".short 0x%02x%02x", b[0], b[1]), raw: b[:2]}, nil
	}
	in, err := s390xasm.Decode(b)
	if err != nil {
		return insn{}, err
	}
	if in.Op == 0 || in.Len == 0 {
		return insn{}, fmt.Errorf("unknown instruction")
	}
	return insn{addr: addr, n: in.Len, raw: b[:in.Len], s390: &in}, nil
}

// s390Text is GNU syntax; the formatter indexes past its argument array for
// some vector forms, so a panic falls back to the bare mnemonic.
func s390Text(in s390xasm.Inst, pc uint64) (s string) {
	defer func() {
		if recover() != nil {
			s = in.Op.String()
		}
	}()
	return s390xasm.GNUSyntax(in, pc)
}

// s390Canon maps a general-purpose register to "R<n>". Base and index
// fields of 0 mean "no register" (the value 0), so they map to "".
func s390Canon(a s390xasm.Arg) string {
	switch r := a.(type) {
	case s390xasm.Reg:
		if r <= s390xasm.R15 {
			return fmt.Sprintf("R%d", r-s390xasm.R0)
		}
	case s390xasm.Base:
		if r != s390xasm.B0 && r <= s390xasm.B15 {
			return fmt.Sprintf("R%d", r-s390xasm.B0)
		}
	case s390xasm.Index:
		if r != s390xasm.X0 && r <= s390xasm.X15 {
			return fmt.Sprintf("R%d", r-s390xasm.X0)
		}
	}
	return ""
}

func s390Op(i insn) string {
	if i.s390 == nil {
		return ""
	}
	return i.s390.Op.String()
}

// s390Disp is a displacement as a signed number: 12-bit fields are
// unsigned, 20-bit ones signed.
func s390Disp(a s390xasm.Arg) (int64, bool) {
	switch d := a.(type) {
	case s390xasm.Disp12:
		return int64(d & 0xfff), true
	case s390xasm.Disp20:
		v := int64(uint32(d) & 0xfffff)
		if v&0x80000 != 0 {
			v -= 1 << 20
		}
		return v, true
	}
	return 0, false
}
