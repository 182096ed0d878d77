package fault

import (
	"golang.org/x/arch/arm64/arm64asm"
	"golang.org/x/arch/ppc64/ppc64asm"
	"golang.org/x/arch/s390x/s390xasm"
	"golang.org/x/arch/x86/x86asm"
)

// insn is a decoded instruction with the arch decoder's own form kept for
// operand analysis.
type insn struct {
	addr uint64
	n    int
	text string // set only for forms the decoders lack (endbr64, udf, (bad))
	raw  []byte
	bad  bool // the bytes did not decode (shown as "(bad)")
	x86  *x86asm.Inst
	a64  *arm64asm.Inst
	ppc  *ppc64asm.Inst
	s390 *s390xasm.Inst
}

func (i insn) next() uint64 { return i.addr + uint64(i.n) }

// String formats the instruction. It is computed on demand: the boundary
// scan decodes many candidate runs but shows one.
func (i insn) String() string {
	switch {
	case i.text != "":
		return i.text
	case i.x86 != nil:
		return x86Text(*i.x86, i.addr)
	case i.a64 != nil:
		return arm64asm.GNUSyntax(*i.a64)
	case i.ppc != nil:
		return ppcText(*i.ppc, i.addr)
	case i.s390 != nil:
		return s390Text(*i.s390, i.addr)
	}
	return "(bad)"
}

// effects is what an instruction does to registers, as far as provenance
// needs it.
type effects struct {
	// writes are canonical register names the instruction writes.
	writes []string
	// call: the instruction calls a function, which may clobber every
	// caller-saved register.
	call bool
	// unknown: the instruction could not be analysed (undecodable bytes),
	// so any register may have been written.
	unknown bool
}

// machine decodes one architecture.
type machine interface {
	// decode decodes the instruction at addr from b.
	decode(b []byte, addr uint64) (insn, error)
	// fixedWidth is the instruction size for fixed-width ISAs, 0 otherwise.
	fixedWidth() int
	effects(i insn) effects
	// accesses are the memory accesses of i with registers from r.
	accesses(i insn, r regs) []Access
	// addrRegs are the registers (canonical name, role) that form i's
	// memory addresses.
	addrRegs(i insn) []regRole
	// copySource: i copies register src (plus off) into its destination.
	copySource(i insn) (src string, off int64, ok bool)
	// facts fills the trap/divide/ISA facts for the instruction at pc.
	facts(i insn, a *Analysis, r regs, cpu cpuInfo)
}

type regRole struct{ reg, role string }

// baseIndexRoles appends the roles of a base+index memory operand; a base
// that is sp (the ABI's stack pointer name) is the stack pointer.
func baseIndexRoles(out []regRole, base, index, sp string) []regRole {
	if base != "" {
		role := "base"
		if base == sp {
			role = "stack-pointer"
		}
		out = append(out, regRole{base, role})
	}
	if index != "" {
		out = append(out, regRole{index, "index"})
	}
	return out
}

// linear decodes from start until it reaches stop. It reports whether an
// instruction boundary falls exactly on stop; with strict, an undecodable
// instruction fails the run (variable-length ISAs lose sync there).
func linear(m machine, c code, start, stop uint64, strict bool) ([]insn, bool) {
	var out []insn
	addr := start
	for addr < stop {
		b := c.at(addr)
		if b == nil {
			return out, false
		}
		in, err := m.decode(b, addr)
		if err != nil {
			if strict {
				return out, false
			}
			in = badInsn(c, addr, m.fixedWidth())
		}
		if w := m.fixedWidth(); w > 0 && in.next() > stop {
			// a Power10 prefix word would swallow stop, which is an
			// instruction start: the word is not a prefix (data, or the
			// suffix of an earlier prefixed instruction)
			in = badInsn(c, addr, w)
		}
		out = append(out, in)
		addr = in.next()
	}
	return out, addr == stop
}

// badInsn stands for undecodable bytes of a fixed-width ISA.
func badInsn(c code, addr uint64, w int) insn {
	b := c.at(addr)
	if len(b) > w {
		b = b[:w]
	}
	return insn{addr: addr, n: w, text: "(bad)", raw: b, bad: true}
}

// after decodes up to n instructions from addr, stopping at the first
// undecodable one or the end of the readable run.
func after(m machine, c code, addr uint64, n int) []insn {
	var out []insn
	for len(out) < n {
		b := c.at(addr)
		if b == nil {
			break
		}
		in, err := m.decode(b, addr)
		if err != nil {
			break
		}
		out = append(out, in)
		addr = in.next()
	}
	return out
}

var (
	_ machine = x86Machine{}
	_ machine = a64Machine{}
	_ machine = ppcMachine{}
	_ machine = s390Machine{}
)
