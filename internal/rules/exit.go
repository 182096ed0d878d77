package rules

import (
	"strconv"
	"strings"
)

// CrashAtExit recognises crash-at-exit: the JVM was shutting down (exit
// VM operation, "shutting down" VM state, libc exit handlers or
// DestroyJavaVM on the crashing stack) when the fault happened.
var CrashAtExit = &Rule{
	Class:    "crash-at-exit",
	Doc:      "VM state 'shutting down', VM_Operation Exit, exit handlers or DestroyJavaVM on the crashing thread",
	Requires: []*Fact{SigFact, StackFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		l := p.Log
		st := Get[*Stack](p, StackFact)
		th := Get[*ThreadKind](p, ThreadFact)
		var ev Ev
		var why []string
		strong := false
		if vs := l.Process.VMState; strings.Contains(vs.Text, "shutting down") {
			strong = true
			ev.Add(vs)
			why = append(why, "The VM state is \""+strings.TrimSpace(vs.Text)+"\" (line "+itoa(vs.N)+"): the JVM had started to exit.")
		}
		if op := l.Thread.VMOperation; op != nil && (strings.Contains(op.Text, ": Exit,") || strings.Contains(op.Text, "VM_Exit")) {
			strong = true
			ev.Add(*op)
			why = append(why, "The VM Thread was running the Exit operation (line "+itoa(op.N)+"): System.exit/Runtime.halt or the end of main.")
		}
		if fs := st.Tagged("shutdown"); len(fs) > 0 {
			f := fs[0]
			ev.Add(f.Line)
			if f.Kind == "C" || f.Kind == "V" {
				strong = true
			}
			why = append(why, "The crashing stack is in the exit path: "+strings.TrimSpace(f.FrameText())+".")
		}
		if th.Info != nil && th.Info.Name == "DestroyJavaVM" {
			ev.Add(th.Line)
			why = append(why, "The crashing thread is DestroyJavaVM, the thread that tears the VM down after main returns.")
		}
		if ev.Len() == 0 {
			return nil
		}
		sig := Get[*Sig](p, SigFact)
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line)
		conf := 0.6
		if strong {
			conf = 0.7
			if st.HasTop && st.Top.Kind == "C" && !IsSystemKind(st.TopLib.Kind) {
				conf = 0.8
				why = append(why, "The fault is in "+strings.TrimSpace(st.Top.FrameText())+", a native library's code running during teardown: a static destructor, atexit handler or background thread using state that exit already released.")
			}
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     "The JVM crashed while shutting down: native code ran against state that exit had already torn down.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Close native resources explicitly before exit (RocksDB: close every object; stop native background threads), then call System.exit.",
				"Upgrade the library whose destructor or exit hook crashed; report it with this log.",
				"The crash happens after the application's work is done: data is usually intact, but exit codes and monitoring see a crash."}}}
	},
}

func itoa(n int) string { return strconv.Itoa(n) }
