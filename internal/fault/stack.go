package fault

import (
	"fmt"

	"github.com/hserr/hserr/internal/model"
)

// stackFacts relates sp, the faulting instruction and the fault address to
// the thread's stack bounds: the signature of a native stack overflow is
// a push or call with sp at the bottom of the stack.
func (a *Analysis) stackFacts(l *model.Log, r regs) {
	lo, hi, ok := stackBounds(l)
	if !ok {
		return
	}
	s := &StackFacts{Bottom: Addr(lo), Top: Addr(hi)}
	spName := spCanon(a.Arch)
	if sp, _, ok := r.get(spName); ok {
		s.SP, s.HasSP = Addr(sp), true
	} else if st := l.Thread.Stack; st != nil && st.HasSP {
		s.SP, s.HasSP = Addr(st.SP), true
	}
	if s.HasSP {
		s.SPAboveBottom = int64(uint64(s.SP) - lo)
		s.SPInGuardZone = uint64(s.SP) >= lo-guardSpan && uint64(s.SP) < lo+guardSpan
	}
	for _, acc := range a.Accesses {
		if acc.Kind == AccessPush {
			s.PushOrCall = true
		}
	}
	if a.Address != nil {
		s.FaultInGuardZone = a.Address.Class == ClassStackGuard
	}
	a.Stack = s
	if s.SPInGuardZone {
		what := "sp"
		if s.PushOrCall {
			what = "the instruction pushes on the stack and sp"
		}
		a.evidence(fmt.Sprintf("%s is %d bytes above the stack bottom %s, inside the guard zone: the thread's stack is exhausted.",
			what, s.SPAboveBottom, short(lo)))
	}
}
