package fault

import (
	"encoding/binary"
	"fmt"

	"github.com/hserr/hserr/internal/model"
)

// internalError starts the note recorded when analysis panics.
const internalError = "fault analysis stopped on an internal error"

// afterPC is how many instructions after pc are decoded for context.
const afterPC = 4

// Analyze analyses the faulting instruction of l. It never returns nil and
// never panics on partial logs: what cannot be done is noted.
func Analyze(l *model.Log) *Analysis { return analyze(l, true) }

// AnalyzeFacts is Analyze without the listing (Decoded): the same facts,
// for a caller that keeps only a verdict (triage, once per log of
// thousands), which spares formatting every decoded instruction as text.
func AnalyzeFacts(l *model.Log) *Analysis { return analyze(l, false) }

func analyze(l *model.Log, listing bool) (a *Analysis) {
	a = &Analysis{Status: DecodeNoPC, Boundary: Boundary{Method: BoundaryNone},
		Agreement: AgreeNotCompared, AddressClass: ClassUnknown}
	if l == nil {
		a.note("no log to analyse")
		return a
	}
	defer func() {
		// a decoder surprise must not take `hserr explain` down; say so
		if p := recover(); p != nil {
			a.note(fmt.Sprintf("%s: %v", internalError, p))
		}
	}()
	a.Arch = archOf(l)
	r := regs{arch: a.Arch, l: l}
	abi, hasABI := abiFor(a.Arch, l.OS())
	if hasABI {
		a.ABI = abi.Name
	}
	if assertPoison(l) {
		// the signal is HotSpot's own write to its assert poison page, made
		// to capture the registers of a failing assert: nothing to decode
		a.AssertPoison = true
		a.note("the SIGSEGV in this Internal Error is HotSpot's deliberate write to its assert poison page (JDK-8191101: it captures the registers of the failing check), not a fault; the error is the failed check itself")
		if pc, ok := l.PC(); ok {
			a.PC, a.HasPC = Addr(pc), true
		}
		return a
	}
	if addr, ok := l.FaultAddress(); ok {
		a.SiAddr, a.HasSiAddr = Addr(addr), true
	}
	if !r.has() {
		a.note("the log has no Registers: block, so register values, and the effective addresses built from them, are unknown")
	}

	var m machine
	var before []insn
	var at *insn
	if pc, ok := l.PC(); ok {
		a.PC, a.HasPC = Addr(pc), true
		m, before, at = a.decode(l, pc, listing)
	} else {
		a.note("the log gives no pc (no signal line and no Instructions: heading), so there is no faulting instruction to decode")
	}
	if at != nil {
		a.Accesses = m.accesses(*at, r)
		m.facts(*at, a, r, cpuOf(l))
	}
	a.accessEvidence()
	a.locate(l)
	a.returnAddress(l)
	a.stackFacts(l, r)
	if at != nil {
		a.provenance(l, m, before, *at, r, abi, hasABI)
	}
	a.textRegisters(r)
	return a
}

// decode picks the machine, finds a boundary and decodes the window. It
// returns the instructions before pc and the one at pc (nil if none).
func (a *Analysis) decode(l *model.Log, pc uint64, listing bool) (machine, []insn, *insn) {
	var m machine
	switch a.Arch {
	case ArchX86_64:
		m = x86Machine{mode: 64}
	case ArchX86:
		m = x86Machine{mode: 32}
	case ArchAArch64:
		m = a64Machine{}
	case ArchPPC64:
		m = ppcMachine{order: binary.BigEndian}
	case ArchPPC64LE:
		m = ppcMachine{order: binary.LittleEndian}
	case ArchS390X:
		m = s390Machine{}
	}
	c, status, why := codeAround(l.Thread.Instructions, pc)
	if m == nil {
		a.Status = DecodeUnsupported
		name := a.Arch
		if name == "" {
			name = "an unknown architecture"
		}
		a.note(fmt.Sprintf("decoding is not available for %s (hserr decodes x86-64, x86, aarch64, ppc64, ppc64le and s390x); the bytes at pc are kept", name))
		a.keepBytes(c)
		return nil, nil, nil
	}
	if status != DecodeOK {
		a.Status = status
		a.note(why)
		return m, nil, nil
	}
	if w := m.fixedWidth(); w > 0 && (pc-c.start)%uint64(w) != 0 {
		a.Status = DecodeInvalid
		a.note(fmt.Sprintf("pc %s is not aligned to %d-byte instructions", Addr(pc), w))
		a.keepBytes(c)
		return m, nil, nil
	}
	at, err := m.decode(c.at(pc), pc)
	if err != nil {
		a.Status = DecodeInvalid
		a.note(fmt.Sprintf("the bytes at pc do not decode as an instruction (%v): an instruction newer than the decoder, or not code", err))
		a.keepBytes(c)
		return m, nil, nil
	}
	a.Status = DecodeOK
	before, b, notes := findStart(l, m, c)
	a.Boundary = b
	a.Notes = append(a.Notes, notes...)
	a.Instruction = at.String()
	if !listing {
		return m, before, &at
	}
	a.Decoded = make([]Instruction, 0, len(before)+1+afterPC)
	for _, in := range before {
		a.Decoded = append(a.Decoded, a.shown(in, listedText(in), false))
	}
	a.Decoded = append(a.Decoded, a.shown(at, a.Instruction, true))
	for _, in := range after(m, c, at.next(), afterPC) {
		a.Decoded = append(a.Decoded, a.shown(in, listedText(in), false))
	}
	return m, before, &at
}

// listedText is the text of an instruction of the listing. The listing is
// for people only: a formatter's panic on one instruction must not stop
// the analysis (and make Analyze's facts differ from AnalyzeFacts').
func listedText(in insn) (text string) {
	defer func() {
		if recover() != nil {
			text = "(the disassembler could not print this instruction)"
		}
	}()
	return in.String()
}

// shown is a listed instruction; text is in.String(), which the caller may
// already have.
func (a *Analysis) shown(in insn, text string, isPC bool) Instruction {
	d := Instruction{Address: Addr(in.addr), Bytes: hexBytes(in.raw), Text: text, IsPC: isPC}
	if a.Boundary.Method == BoundarySymbol || a.Boundary.Method == BoundaryCodeBegin {
		if in.addr >= uint64(a.Boundary.Start) {
			d.Offset = "+" + short(in.addr-uint64(a.Boundary.Start))
		}
	}
	return d
}

// keepBytes records up to 16 bytes at pc when they cannot be decoded.
func (a *Analysis) keepBytes(c code) {
	b := c.at(c.pc)
	if len(b) > 16 {
		b = b[:16]
	}
	a.BytesAtPC = hexBytes(b)
}

func (a *Analysis) note(s string)     { a.Notes = append(a.Notes, s) }
func (a *Analysis) evidence(s string) { a.Evidence = append(a.Evidence, s) }

// assertPoison: since JDK 11 (JDK-8191101) a failing assert or guarantee
// first writes to a protected page, g_assert_poison, so the report gets the
// registers of the failing code; the report is still an Internal Error, and
// its siginfo is that deliberate SIGSEGV.
func assertPoison(l *model.Log) bool {
	s := l.Thread.Siginfo
	return l.Header.ErrorKind == "internal-error" && s != nil && s.SigName == "SIGSEGV"
}
