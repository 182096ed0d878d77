package parse

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// hexState collects the units of a hex dump before they become bytes: the
// byte order of 4- and 8-byte units is only known once the platform is, and
// the header may come after (fragments) or not at all.
type hexState struct {
	dump       *model.HexDump
	units      []uint64
	unreadable []bool
	next       uint64 // address the next line should start at
	stopped    bool   // a gap or the cap ended collection
	capped     bool   // the cap ended it: later lines are followed, not kept
}

// maxDumpLines bounds the lines of a dump kept for quoting (its bytes are
// capped by maxHexBytes).
const maxDumpLines = 64

func (p *parser) topOfStack(s string) {
	p.tos = p.startDump(s, "sp=", &p.log.Thread.TopOfStack, bTOS)
}

func (p *parser) instructions(s string) {
	p.ins = p.startDump(s, "pc=", &p.log.Thread.Instructions, bInstructions)
}

// startDump opens a hex dump whose heading gives its anchor after key.
func (p *parser) startDump(s, key string, dst **model.HexDump, k blockKind) *hexState {
	d := &model.HexDump{}
	if v, ok := afterKey(s, key, ')'); ok {
		d.Anchor, d.HasAnchor = hexVal(v)
	}
	*dst = d
	p.hexCur = &hexState{dump: d}
	p.block = k
	return p.hexCur
}

// hexLine parses "[=>|  ]0x<addr>:   <unit> <unit> …[   ascii]".
func (p *parser) hexLine(s string) bool {
	t := s
	if strings.HasPrefix(t, "=>") {
		t = t[2:]
	}
	t = strings.TrimLeft(t, " ")
	addr, rest, ok := leadingHex(t)
	if !ok || !strings.HasPrefix(rest, ":") {
		return false
	}
	h := p.hexCur
	d := h.dump
	if len(d.Lines) < maxDumpLines {
		d.Lines = append(d.Lines, p.lineOf(s))
	} else {
		p.cut("dump lines quoted")
	}
	switch {
	case h.capped:
		h.pastCap(addr, rest[1:])
	case !h.stopped:
		h.collect(addr, rest[1:])
	}
	return true
}

// collect adds the units of one dump line at addr (units is the text after
// "addr:"); a line that is not contiguous or not a dump line ends
// collection.
func (h *hexState) collect(addr uint64, units string) {
	d := h.dump
	field, _ := nextField(units)
	if field == "" {
		// pc itself unreadable: an address with nothing after it (§5.9)
		h.stopped = true
		return
	}
	unit := len(field) / 2
	if unit != 1 && unit != 2 && unit != 4 && unit != 8 {
		h.stopped = true
		return
	}
	if d.Unit == 0 {
		d.Unit = unit
		d.Start = addr
		h.next = addr
	}
	if unit != d.Unit || addr != h.next {
		d.Gaps = true
		h.stopped = true
		return
	}
	eachUnit(units, unit, func(v uint64, unreadable bool) {
		h.units = append(h.units, v)
		h.unreadable = append(h.unreadable, unreadable)
		h.next += uint64(unit)
	})
	if len(h.units)*unit >= maxHexBytes {
		h.stopped, h.capped = true, true
	}
}

// pastCap follows a dump past the byte cap without keeping it, so that the
// model can say how far the log's dump went (HexDump.Cut, PrintedEnd).
func (h *hexState) pastCap(addr uint64, units string) {
	d := h.dump
	if addr != h.next {
		h.capped = false // a gap: the contiguous dump ended at the cap
		return
	}
	eachUnit(units, d.Unit, func(uint64, bool) { h.next += uint64(d.Unit) })
	if h.next != addr {
		d.Cut, d.PrintedEnd = true, h.next
	}
}

// eachUnit calls fn for each unit of size unit at the start of a dump
// line's text, up to a line's worth (16 bytes); what follows is the ASCII
// column.
func eachUnit(units string, unit int, fn func(v uint64, unreadable bool)) {
	field, more := nextField(units)
	for i := 0; i < 16/unit && len(field) == 2*unit; i++ {
		if strings.Trim(field, "?") == "" {
			fn(0, true)
		} else if v, ok := hexVal(field); ok {
			fn(v, false)
		} else {
			return
		}
		field, more = nextField(more)
	}
}

// finishHex turns collected units into bytes in memory order.
func finishHex(h *hexState, bigEndian bool) {
	if h == nil {
		return
	}
	d := h.dump
	u := d.Unit
	if u == 0 {
		return
	}
	d.Bytes = make([]byte, 0, len(h.units)*u)
	d.Unreadable = make([]bool, 0, len(h.units)*u)
	for i, v := range h.units {
		for k := 0; k < u; k++ {
			shift := uint(8 * k)
			if bigEndian {
				shift = uint(8 * (u - 1 - k))
			}
			d.Bytes = append(d.Bytes, byte(v>>shift))
			d.Unreadable = append(d.Unreadable, h.unreadable[i])
			if h.unreadable[i] {
				d.HasUnreadable = true
			}
		}
	}
}
