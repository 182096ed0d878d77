package fault

import (
	"fmt"

	"github.com/hserr/hserr/internal/model"
)

// scanStarts is how many start offsets the scan tries: an x86 instruction
// is at most 15 bytes, so one of 16 consecutive starts is a true boundary.
const scanStarts = 16

// fixedWindow is how many instructions before pc a fixed-width ISA shows
// when no function start is known.
const fixedWindow = 16

// findStart finds an instruction boundary before pc and decodes from it up
// to pc. It returns the instructions before pc, the boundary, and notes on
// boundaries that were tried and rejected.
func findStart(l *model.Log, m machine, c code) ([]insn, Boundary, []string) {
	var notes []string
	pc := c.pc
	strict := m.fixedWidth() == 0
	f, hasFrame := l.TopFrame()

	if hasFrame && f.Symbol != "" && f.HasSymOffset {
		start := pc - f.SymOffset
		sym := fmt.Sprintf("%s+%s", f.Symbol, short(f.SymOffset))
		switch {
		case f.SymOffset > pc:
			notes = append(notes, fmt.Sprintf("the frame's %s is larger than pc, so it does not give a function start", sym))
		case !c.contains(start) && start != pc:
			instead := "decoding from a scan instead"
			if m.fixedWidth() > 0 {
				instead = "decoding the words before pc instead"
			}
			notes = append(notes, fmt.Sprintf("%s puts the start of %s at %s, before the dump's first readable byte %s; "+
				"%s, so argument registers cannot be traced to the caller",
				sym, f.Symbol, Addr(start), Addr(c.start), instead))
		default:
			if before, ok := linear(m, c, start, pc, strict); ok {
				return before, Boundary{Method: BoundarySymbol, Start: Addr(start), Symbol: f.Symbol, FunctionStart: true,
					Detail: fmt.Sprintf("problematic frame %s: the function starts at %s, inside the dump, and decoding from it lands exactly on pc",
						sym, Addr(start))}, notes
			}
			notes = append(notes, fmt.Sprintf("decoding from %s (%s) does not land on pc: the symbol is probably not the function that contains pc; decoding from a scan instead",
				Addr(start), sym))
		}
	} else if hasFrame && f.Kind != "J" {
		notes = append(notes, "the problematic frame has no symbol+offset, so the function start is unknown and argument registers cannot be traced to the caller")
	}

	if n, before := f.BeforeCode(); hasFrame && f.Kind == "J" && before {
		// the pc is not in the method: the bytes there are no instruction
		// stream the compiler laid out, so decoding from code_begin is moot
		notes = append(notes, fmt.Sprintf("pc is %d bytes before the compiled method's code (code_begin %s, offset +%s, negative): the pc is outside the method, a jump through stale or patched code",
			n, Addr(f.CodeBegin), short(f.CodeOffset)))
	}
	if hasFrame && f.Kind == "J" && f.CodeBegin != 0 && f.CodeBegin <= pc && c.contains(f.CodeBegin) {
		if before, ok := linear(m, c, f.CodeBegin, pc, strict); ok {
			return before, Boundary{Method: BoundaryCodeBegin, Start: Addr(f.CodeBegin),
				Detail: fmt.Sprintf("compiled Java frame: code begins at %s (the frame's [code_begin+%s]) and decoding from it lands exactly on pc; "+
					"compiled Java uses HotSpot's Java calling convention, so no C ABI argument is claimed", Addr(f.CodeBegin), short(pc-f.CodeBegin))}, notes
		}
	}

	if w := m.fixedWidth(); w > 0 {
		start := pc - uint64(fixedWindow*w)
		if pc-c.start < uint64(fixedWindow*w) {
			start = pc - (pc-c.start)/uint64(w)*uint64(w)
		}
		before, _ := linear(m, c, start, pc, false)
		return before, Boundary{Method: BoundaryFixedWidth, Start: Addr(start),
			Detail: fmt.Sprintf("fixed %d-byte instructions: every aligned word is a boundary; showing from %s", w, Addr(start))}, notes
	}
	return scan(m, c, notes)
}

// scan tries the first scanStarts offsets of the readable run and keeps the
// decodings that land exactly on pc. Decodings that share one boundary are
// identical after it, so the earliest boundary common to all of them is
// certain; the window starts there. Only the first landing run is kept as
// a slice: the others just count, per address, how many runs pass there.
func scan(m machine, c code, notes []string) ([]insn, Boundary, []string) {
	pc := c.pc
	mm := newMemoMachine(m, c)
	hits := make([]uint8, pc-c.start)
	runs, firstStart := 0, uint64(0)
	for s := uint64(0); s < scanStarts && c.start+s < pc; s++ {
		if mm.landsOnPC(c.start + s) {
			if runs == 0 {
				firstStart = c.start + s
			}
			runs++
			mm.walk(c.start+s, func(addr uint64) { hits[addr-c.start]++ })
		}
	}
	if runs == 0 {
		return nil, Boundary{Method: BoundaryScan, Start: Addr(pc),
			Detail: "no start offset before pc decodes to land exactly on pc; only pc onward is shown"}, notes
	}
	first, _ := linear(mm, c, firstStart, pc, true)
	for k, in := range first {
		if int(hits[in.addr-c.start]) == runs {
			before := first[k:]
			return before, Boundary{Method: BoundaryScan, Start: Addr(in.addr),
				Detail: fmt.Sprintf("no function start known: %d of %d start offsets decode to land exactly on pc, and they all agree from %s",
					runs, min(scanStarts, int(pc-c.start)), Addr(in.addr))}, notes
		}
	}
	return nil, Boundary{Method: BoundaryScan, Start: Addr(pc),
		Detail: "the decodings that land on pc share no earlier boundary; only pc onward is shown"}, notes
}

// memoMachine remembers decodings by address during a scan: the runs from
// neighbouring start offsets fall into step after a few bytes and would
// otherwise decode the same instructions up to scanStarts times. The
// address is a safe key because the bytes are always c.at(addr). at maps
// an address's offset from the run's start (up to pc) to 1 + its index in
// done; most offsets are never decoded, so entries are not kept per byte.
type memoMachine struct {
	machine
	c    code
	at   []int32
	done []memoEntry
}

type memoEntry struct {
	in  insn
	err error
}

func newMemoMachine(m machine, c code) *memoMachine {
	return &memoMachine{machine: m, c: c, at: make([]int32, c.pc-c.start)}
}

func (m *memoMachine) decode(b []byte, addr uint64) (insn, error) {
	if addr < m.c.start || addr >= m.c.pc {
		return m.machine.decode(b, addr)
	}
	k := &m.at[addr-m.c.start]
	if *k == 0 {
		in, err := m.machine.decode(b, addr)
		m.done = append(m.done, memoEntry{in, err})
		*k = int32(len(m.done))
	}
	e := m.done[*k-1]
	return e.in, e.err
}

// landsOnPC reports whether strict linear decoding from start reaches an
// instruction boundary exactly at pc (linear's answer, without the slice).
func (m *memoMachine) landsOnPC(start uint64) bool {
	addr := start
	for addr < m.c.pc {
		in, err := m.decode(m.c.at(addr), addr)
		if err != nil {
			return false
		}
		addr = in.next()
	}
	return addr == m.c.pc
}

// walk calls visit with each instruction address from start up to pc; the
// run must land on pc (landsOnPC), so every decoding is memoized.
func (m *memoMachine) walk(start uint64, visit func(addr uint64)) {
	for addr := start; addr < m.c.pc; {
		visit(addr)
		addr = m.done[m.at[addr-m.c.start]-1].in.next()
	}
}
