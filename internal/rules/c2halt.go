package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// C2-compiled code that stops itself. C2 plants a halt (HaltNode, a call
// to MacroAssembler::stop → debug64) on paths it proves impossible; when
// one runs, HotSpot reports an Internal Error from debug64 on a Java thread
// in _thread_in_Java. It is a fault of the code C2 generated, not of the VM
// runtime: a C2 bug, worked around by excluding the method.

// C2Halt recognises that halt as jit-c2-compiler-crash.
var C2Halt = &Rule{
	Name:  "c2-halt",
	Class: "jit-c2-compiler-crash", Doc: "Internal Error through MacroAssembler::debug64 in _thread_in_Java: a halt in C2-compiled code",
	Requires: []*Fact{StackFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		l := p.Log
		st := Get[*Stack](p, StackFact)
		th := Get[*ThreadKind](p, ThreadFact)
		if l.Header.ErrorKind != "internal-error" || !st.HasTop || !strings.HasPrefix(st.Top.Symbol, "MacroAssembler::debug") ||
			th.Info == nil || th.Info.State != "_thread_in_Java" {
			return nil
		}
		var ev Ev
		ev.Add(l.Header.ErrorLine)
		ev.Add(l.Header.Messages...)
		ev.Add(st.Top.Line, th.Line)
		why := []string{"HotSpot stopped in " + strings.TrimSpace(st.Top.FrameText()) + " on a Java thread in state _thread_in_Java: generated code called MacroAssembler::stop, the halt C2 plants on paths it has proved impossible."}
		for _, m := range l.Header.Messages {
			why = append(why, "The halt's reason: "+strings.TrimSpace(strings.TrimLeft(m.Text, "# "))+".")
		}
		conf := 0.7
		method := ""
		if nm, ok := haltingNMethod(p); ok {
			ev.Add(nm.lines...)
			method = nm.method
			switch nm.level {
			case 4:
				conf = 0.85
				why = append(why, fmt.Sprintf("The code that stopped is nmethod %s, compile %s at tier 4 (C2): %s (lines %s).", nm.addr, nm.id, nm.method, lineList(nm.lines)))
			default:
				why = append(why, fmt.Sprintf("The code that stopped is nmethod %s, compile %s at tier %d: %s (lines %s).", nm.addr, nm.id, nm.level, nm.method, lineList(nm.lines)))
			}
		} else {
			why = append(why, "The log does not name the compiled method (no nmethod on the stack slots matched a compilation event).")
		}
		why = append(why, "This is a bug in the C2 compiler's output, not in the application: correct Java code cannot reach a C2 halt.")
		exclude := "Exclude the method that halted from compilation: -XX:CompileCommand=exclude,<class>::<method> (the log does not name it; -XX:+PrintCompilation on a rerun does)."
		if method != "" {
			exclude = "Exclude the method from compilation: -XX:CompileCommand=exclude," + method + " (a workaround until the fix)."
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     "C2-compiled code stopped at a halt C2 planted on a path it proved impossible: a C2 compiler bug.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{exclude,
				"Upgrade to the latest update of this JDK line; search the JDK bug tracker for the halt's reason.",
				"Report it to the JDK vendor with this log."}}}
	},
}

// nmethodRef is a compiled method found through the stack slots and the
// compilation events.
type nmethodRef struct {
	addr, id, method string
	level            int
	lines            []model.Line
}

// haltingNMethod finds the nmethod a stack slot or register points into
// ("… in (nmethod*)0x…"), then its compilation event: the code that ran.
func haltingNMethod(p *Pass) (nmethodRef, bool) {
	l := p.Log
	for _, a := range append(append([]model.Annotated{}, l.Thread.RegisterMap...), l.Thread.StackSlots...) {
		_, after, ok := strings.Cut(a.Description, "(nmethod*)")
		if !ok {
			continue
		}
		addr := firstWord(after)
		if nm, ok := compiledAt(p, addr); ok {
			if a.Text != "" {
				nm.lines = append([]model.Line{{N: a.Line, Text: a.Text}}, nm.lines...)
			}
			return nm, true
		}
	}
	return nmethodRef{}, false
}

// compiledAt reads the compilation events: "nmethod 422 0x… code [...]"
// gives the compile id of the nmethod at addr, and "422   4   pkg.Cls::m
// (976 bytes)" its tier and method.
func compiledAt(p *Pass, addr string) (nmethodRef, bool) {
	var events []model.Event
	for _, el := range p.Log.Process.Events {
		if strings.HasPrefix(el.Name, "Compilation events") {
			events = append(events, el.Events...)
		}
	}
	nm := nmethodRef{addr: addr}
	for _, e := range events {
		f := eventFields(e.Text)
		if len(f) >= 3 && f[0] == "nmethod" && strings.EqualFold(f[2], addr) {
			nm.id = strings.TrimSuffix(f[1], "%")
			nm.lines = append(nm.lines, eventLine(p, e))
		}
	}
	if nm.id == "" {
		return nmethodRef{}, false
	}
	for _, e := range events {
		f := eventFields(e.Text)
		if len(f) < 3 || f[0] != nm.id {
			continue
		}
		rest := f[1:]
		for len(rest) > 0 && strings.Trim(rest[0], "%sbn!") == "" {
			rest = rest[1:] // the flag columns: % (OSR), s, !, b, n
		}
		if len(rest) >= 2 {
			nm.level, _ = strconv.Atoi(rest[0])
			nm.method = rest[1]
			nm.lines = append([]model.Line{eventLine(p, e)}, nm.lines...)
			return nm, true
		}
	}
	return nmethodRef{}, false
}

// eventFields are an event's words without its leading "Thread 0x…".
func eventFields(t string) []string {
	f := strings.Fields(t)
	if len(f) >= 2 && f[0] == "Thread" {
		f = f[2:]
	}
	return f
}

func lineList(ls []model.Line) string {
	var s []string
	for _, l := range ls {
		s = append(s, itoa(l.N))
	}
	return strings.Join(s, ", ")
}
