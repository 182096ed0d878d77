package rules

import (
	"fmt"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// A compiled or interpreted method's entry "bangs" the stack: it writes
// one word a fixed number of pages below sp (StackShadowPages) so that an
// overflow faults there, in the guard zone, at a known pc that HotSpot
// turns into StackOverflowError. A crash whose fault address is exactly a
// whole number of pages below sp, in Java code, is that write: the thread
// ran out of stack and the overflow could not be turned into an error
// (the guard zone already spent, or sp no longer on the thread's stack).
const (
	pageSize     uint64 = 0x1000
	maxBangPages uint64 = 256 // HotSpot's shadow zone is 20 to ~60 pages; 256 leaves room for 64 KiB pages
)

// bang is a stack-bang fault: the sp read and where it came from.
type bang struct {
	sp, addr      uint64
	line          model.Line
	fromStackLine bool
}

// stackBang finds a stack-bang fault on a Java (j/J) top frame.
func stackBang(p *Pass, st *Stack) (bang, bool) {
	sig := Get[*Sig](p, SigFact)
	if sig.Name != "SIGSEGV" || !sig.HasAddr || !st.HasTop || (st.Top.Kind != "J" && st.Top.Kind != "j") {
		return bang{}, false
	}
	sp, line, fromStackLine, ok := stackPointer(p)
	if !ok || sig.Addr >= sp {
		return bang{}, false
	}
	d := sp - sig.Addr
	if d%pageSize != 0 || d > maxBangPages*pageSize {
		return bang{}, false
	}
	return bang{sp: sp, addr: sig.Addr, line: line, fromStackLine: fromStackLine}, true
}

// stackPointer reads sp from the registers, or from the Stack: line
// (fromStackLine).
func stackPointer(p *Pass) (sp uint64, line model.Line, fromStackLine, ok bool) {
	for _, r := range []string{"RSP", "ESP", "SP", "R1"} {
		if r == "R1" && p.Log.CPU() != model.ArchPPC64 && p.Log.CPU() != model.ArchPPC64LE {
			continue
		}
		if v, ok := p.Log.Register(r); ok && v != 0 {
			ln, _ := p.RegLine(r)
			return v, ln, false, true
		}
	}
	if stk := p.Log.Thread.Stack; stk != nil && stk.HasSP {
		return stk.SP, stk.Line, true, true
	}
	return 0, model.Line{}, false, false
}

// bangFinding is the stack-overflow reading of a stack-bang fault.
func bangFinding(p *Pass, st *Stack, b bang) Finding {
	sig := Get[*Sig](p, SigFact)
	var ev Ev
	ev.Add(sig.Lines...)
	ev.Add(st.Top.Line)
	spFrom := ""
	if b.fromStackLine {
		// not quoted: its free-space field is garbage when sp is off the
		// stack, and the quote would seem to say the stack had room
		spFrom = fmt.Sprintf(" (sp from the Stack: line, line %d)", b.line.N)
	} else {
		ev.Add(b.line)
	}
	why := []string{fmt.Sprintf("The fault address 0x%x is exactly %d pages (0x%x bytes) below sp 0x%x%s, in %s: the stack bang a Java method does on entry, a probe write below sp that faults when the thread's stack has run out.",
		b.addr, (b.sp-b.addr)/pageSize, b.sp-b.addr, b.sp, spFrom, strings.TrimSpace(st.Top.FrameText()))}
	conf := 0.65
	// the bounds are quoted from the thread line: the Stack: line's free
	// space is garbage when sp is off the stack
	if c := p.Log.Thread.Current; c != nil && c.StackBase > 0 && (b.sp < c.StackBase || b.sp > c.StackTop) {
		ev.Add(c.Line)
		why = append(why, fmt.Sprintf("sp lies outside the thread's stack 0x%x-0x%x (line %d): the thread ran past its stack and its guard zones.", c.StackBase, c.StackTop, c.Line.N))
	}
	if ln, ok := event(p, "Internal exceptions", "StackOverflowError"); ok {
		conf += 0.1
		ev.Add(ln)
		why = append(why, "StackOverflowError was thrown earlier (line "+itoa(ln.N)+"): the application kept recursing after it, or caught it and went on.")
	}
	why = append(why, "HotSpot turns a bang into the guard zone into StackOverflowError; a crash at the bang means the overflow could not be reported that way (the guard zone already spent by an earlier overflow, or a stack too small for the shadow zone).")
	return Finding{Role: RootCause, Confidence: conf,
		Summary:     "A deep Java call chain ran the thread out of stack; the overflow crashed the JVM instead of throwing StackOverflowError.",
		Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
		Remedy: []string{"Find the deep recursion in the Java frames (or in the thread's task) and bound it or make it iterative.",
			"Do not catch StackOverflowError (or Throwable) and carry on: the guard zone stays spent and the next overflow crashes.",
			"If the depth is legitimate, give that thread a larger stack (-Xss, or the Thread constructor's stackSize)."}}
}
