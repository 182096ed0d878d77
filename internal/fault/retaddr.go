package fault

import (
	"encoding/binary"
	"fmt"

	"github.com/hserr/hserr/internal/model"
)

// returnAddress finds the return address when fetching pc faulted: after a
// call to a bad address it names the code that made the call. x86 pushed
// it at sp; Power and s390x keep it in a register.
func (a *Analysis) returnAddress(l *model.Log) {
	if a.Agreement != AgreeExecute {
		return
	}
	var ret uint64
	var s string
	switch {
	case a.Arch == ArchX86_64 || a.Arch == ArchX86:
		w, ok := wordAtSP(l, a.Arch)
		if !ok {
			a.note("the fetch at pc faulted, but the log has no readable Top of Stack to find the caller's return address")
			return
		}
		ret, s = w, fmt.Sprintf("The word at sp, %s, is the return address if a call jumped to the bad pc", short(w))
	case isPPC64(a.Arch) || a.Arch == ArchS390X:
		// bl/bctrl leave the return address in lr, brasl/basr in r14
		canon := "LR"
		if a.Arch == ArchS390X {
			canon = "R14"
		}
		v, name, ok := regs{arch: a.Arch, l: l}.get(canon)
		if !ok {
			a.note("the fetch at pc faulted, but the log has no " + name + " to find the caller's return address")
			return
		}
		ret, s = v, fmt.Sprintf("%s, %s, is the return address if a call jumped to the bad pc", name, short(v))
	default:
		return
	}
	a.ReturnAddress = Addr(ret)
	if m, ok := l.MappingAt(ret); ok {
		a.ReturnAddressMap = &Mapping{Start: Addr(m.Start), End: Addr(m.End), Perms: m.Perms, Path: m.Path, Line: m.Line}
		s += "; it lies in " + mappingWords(m)
	}
	a.evidence(s + ".")
}

// wordAtSP is the first word of the Top of Stack dump.
func wordAtSP(l *model.Log, arch model.Arch) (uint64, bool) {
	d := l.Thread.TopOfStack
	w := addrBits(arch) / 8
	if d == nil || len(d.Bytes) < w || (len(d.Unreadable) >= w && d.Unreadable[0]) {
		return 0, false
	}
	if st := l.Thread.Stack; st != nil && st.HasSP && d.HasAnchor && d.Anchor != st.SP {
		return 0, false
	}
	if w == 8 {
		return binary.LittleEndian.Uint64(d.Bytes), true
	}
	return uint64(binary.LittleEndian.Uint32(d.Bytes)), true
}
