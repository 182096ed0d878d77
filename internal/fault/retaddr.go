package fault

import (
	"encoding/binary"
	"fmt"

	"github.com/hserr/hserr/internal/model"
)

// returnAddress looks at the word at sp when fetching pc faulted on x86:
// after a call to a bad address, it is the return address, which names
// the code that made the call.
func (a *Analysis) returnAddress(l *model.Log) {
	if a.Agreement != AgreeExecute || (a.Arch != ArchX86_64 && a.Arch != ArchX86) {
		return
	}
	d := l.Thread.TopOfStack
	w := addrBits(a.Arch) / 8
	if d == nil || len(d.Bytes) < w || (len(d.Unreadable) >= w && d.Unreadable[0]) {
		a.note("the fetch at pc faulted, but the log has no readable Top of Stack to find the caller's return address")
		return
	}
	var ret uint64
	if w == 8 {
		ret = binary.LittleEndian.Uint64(d.Bytes)
	} else {
		ret = uint64(binary.LittleEndian.Uint32(d.Bytes))
	}
	a.ReturnAddress = Addr(ret)
	s := fmt.Sprintf("The word at sp, %s, is the return address if a call jumped to the bad pc", short(ret))
	if m, ok := l.MappingAt(ret); ok {
		a.ReturnAddressMap = &Mapping{Start: Addr(m.Start), End: Addr(m.End), Perms: m.Perms, Path: m.Path, Line: m.Line}
		s += "; it lies in " + mappingWords(m)
	}
	a.evidence(s + ".")
}
