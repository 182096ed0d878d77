package fault

import (
	"fmt"

	"github.com/hserr/hserr/internal/model"
)

// code is the readable run of the Instructions dump that contains pc.
type code struct {
	start uint64 // address of b[0]
	b     []byte
	pc    uint64
}

// at returns the bytes from addr to the end of the run.
func (c code) at(addr uint64) []byte {
	if addr < c.start || addr >= c.start+uint64(len(c.b)) {
		return nil
	}
	return c.b[addr-c.start:]
}

func (c code) contains(addr uint64) bool { return c.at(addr) != nil }

// codeAround cuts the readable run containing pc out of the dump. The
// status is DecodeOK when there is one; otherwise it says why not.
func codeAround(d *model.HexDump, pc uint64) (code, DecodeStatus, string) {
	if d == nil {
		return code{}, DecodeNoDump, "the log has no Instructions: dump, so the faulting instruction cannot be decoded"
	}
	if len(d.Bytes) == 0 {
		return code{}, DecodeUnreadable, "the Instructions: dump has no bytes: the memory at pc could not be read"
	}
	end := d.Start + uint64(len(d.Bytes))
	if d.Cut && pc >= end && pc < d.PrintedEnd {
		// the log has the instruction; hserr's cap on dump bytes cut it
		return code{}, DecodeNoDump, fmt.Sprintf("the Instructions: dump runs %s-%s and includes pc %s, but hserr keeps only its first %d bytes (to %s): the cap cut the faulting instruction, which the log itself has",
			Addr(d.Start), Addr(d.PrintedEnd), Addr(pc), len(d.Bytes), Addr(end))
	}
	if d.Cut && d.PrintedEnd > end {
		end = d.PrintedEnd // say what the log's dump covers, not what was kept of it
	}
	if pc < d.Start || pc >= end {
		return code{}, DecodeNoDump, fmt.Sprintf("the Instructions: dump covers %s-%s, which does not include pc %s",
			Addr(d.Start), Addr(end), Addr(pc))
	}
	i := int(pc - d.Start)
	unread := func(j int) bool { return j < len(d.Unreadable) && d.Unreadable[j] }
	if unread(i) {
		return code{}, DecodeUnreadable, fmt.Sprintf("the dump prints ?? at pc %s: the pc is not readable memory", Addr(pc))
	}
	lo, hi := i, i
	for lo > 0 && !unread(lo-1) {
		lo--
	}
	for hi < len(d.Bytes) && !unread(hi) {
		hi++
	}
	return code{start: d.Start + uint64(lo), b: d.Bytes[lo:hi], pc: pc}, DecodeOK, ""
}

// hexBytes formats bytes as "66 c7 07".
func hexBytes(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	const digits = "0123456789abcdef"
	s := make([]byte, 0, 3*len(b)-1)
	for i, x := range b {
		if i > 0 {
			s = append(s, ' ')
		}
		s = append(s, digits[x>>4], digits[x&0xf])
	}
	return string(s)
}
