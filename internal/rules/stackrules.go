package rules

import (
	"fmt"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// Stack classes beyond plain native exhaustion: runaway Java recursion,
// guard pages removed by an executable-stack library, and the 2017 kernel
// stack guard gap on 32-bit JVMs.

// stackExhausted reports the log's signs that the thread's stack ran out.
func stackExhausted(p *Pass) (bool, []string) {
	sig := Get[*Sig](p, SigFact)
	stk := p.Log.Thread.Stack
	switch {
	case sig.Name == "EXCEPTION_STACK_OVERFLOW":
		return true, []string{"Windows raised EXCEPTION_STACK_OVERFLOW."}
	case sig.Class == AddrStackGuard:
		return true, []string{"The fault address is " + DescribeAddr(sig) + "."}
	case lowFree(stk, 16):
		return true, []string{fmt.Sprintf("Only %dk of stack were free at the crash (line %d).", stk.FreeKB, stk.Line.N)}
	}
	return false, nil
}

// lowFree: the Stack: line's free space is a real reading (sp inside the
// stack, the field a number) and at most kb. A garbage field is no "0k".
func lowFree(stk *model.StackBounds, kb int64) bool {
	return stk != nil && stk.HasFree && stk.Bottom > 0 && stk.FreeKB <= kb
}

// JavaRecursion recognises stack-overflow-java-recursion: one Java method
// fills the stack and the stack is exhausted.
var JavaRecursion = &Rule{
	Class: "stack-overflow-java-recursion", Doc: "the same Java method repeated ≥ 20 times on an exhausted stack, or a fault at a Java method's stack bang",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		best, n, total, firstLine := mostRepeated(st)
		if n < 20 || n*5 < total*2 {
			if b, ok := stackBang(p, st); ok {
				return []Finding{bangFinding(p, st, b)}
			}
			return nil
		}
		exhausted, how := stackExhausted(p)
		sig := Get[*Sig](p, SigFact)
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line, firstLine)
		if stk := p.Log.Thread.Stack; lowFree(stk, 16) {
			ev.Add(stk.Line) // only when its free space says the stack ran out
		}
		why := []string{fmt.Sprintf("%s appears %d times among the %d Java frames the log shows (first at line %d): unbounded recursion.", best, n, total, firstLine.N)}
		conf := 0.55
		if exhausted {
			conf = 0.85
			why = append(why, how...)
		} else {
			why = append(why, "The log does not show the stack as exhausted, so the recursion may be a bystander.")
		}
		if ln, ok := event(p, "Internal exceptions", "StackOverflowError"); ok {
			conf += 0.05
			ev.Add(ln)
			why = append(why, "StackOverflowError was thrown earlier (line "+itoa(ln.N)+"): the application caught it and kept recursing, or the overflow happened inside VM code where it cannot be thrown.")
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     "Runaway Java recursion exhausted the thread stack and ended in a crash instead of a StackOverflowError.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Fix the recursion in " + best + " (add a depth bound or make it iterative).",
				"Do not catch StackOverflowError (or Throwable) and retry; raising -Xss only hides the bug."}}}
	},
}

// mostRepeated finds the Java method (name without signature) that fills
// most of the Java frames: its count, the number of Java frames and its
// first frame's line. Ties go to the smaller name. Fewer than 20 Java
// frames cannot make the rule's count, so they are not tallied.
func mostRepeated(st *Stack) (best string, n, total int, first model.Line) {
	isJava := func(f *model.Frame) bool { return (f.Kind == "j" || f.Kind == "J") && f.Method != "" }
	for _, fs := range [2][]model.Frame{st.Frames, st.Java} {
		for i := range fs {
			if isJava(&fs[i]) {
				total++
			}
		}
	}
	if total < 20 {
		return "", 0, total, model.Line{}
	}
	type tally struct {
		name  string
		n     int
		first model.Line
	}
	var tallies []tally
	at := make(map[string]int, total) // name → index in tallies
	for _, fs := range [2][]model.Frame{st.Frames, st.Java} {
		for i := range fs {
			if f := &fs[i]; isJava(f) {
				m, _, _ := strings.Cut(f.Method, "(")
				if k, ok := at[m]; ok {
					tallies[k].n++
				} else {
					at[m] = len(tallies)
					tallies = append(tallies, tally{m, 1, f.Line})
				}
			}
		}
	}
	for _, t := range tallies {
		if t.n > n || (t.n == n && t.name < best) {
			best, n, first = t.name, t.n, t.first
		}
	}
	return best, n, total, first
}

// ExecStack recognises execstack-disabled-guard: HotSpot warned that a
// library with an executable-stack flag removed its stack guard pages.
var ExecStack = &Rule{
	OS:    OnLinux, // the executable-stack ELF flag re-protects stacks through glibc
	Class: "execstack-disabled-guard", Doc: "'might have disabled stack guard' / 'enabled executable stack' warning in the log",
	Requires: []*Fact{SigFact},
	Run: func(p *Pass) []Finding {
		ln, ok := findText(p, "might have disabled stack guard", "has enabled executable stack", "execstack -c")
		if !ok {
			return nil
		}
		var ev Ev
		ev.Add(ln)
		why := []string{"HotSpot warned (line " + itoa(ln.N) + "): \"" + strings.TrimSpace(ln.Text) + "\". Loading a shared object whose ELF header asks for an executable stack makes glibc re-protect every thread stack RWX, which wipes HotSpot's guard pages (JDK-7107135)."}
		role, conf := Factor, 0.6
		if exhausted, how := stackExhausted(p); exhausted {
			role, conf = RootCause, 0.85
			ev.Add(Get[*Sig](p, SigFact).Lines...)
			why = append(why, how...)
			why = append(why, "Without intact guard pages a stack overflow cannot become a StackOverflowError; it becomes this crash.")
		}
		return []Finding{{Role: role, Confidence: conf,
			Summary:     "A native library with an executable-stack flag disabled the JVM's stack guard pages.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Clear the flag: execstack -c <library>, or relink it with -z noexecstack; upgrade the library."}}}
	},
}

// GuardGap32 recognises kernel-stack-guard-gap-32bit: a 32-bit Linux JVM's
// main thread faulting just below its stack, where HotSpot mapped a page
// that the 2017 "Stack Clash" 1 MiB guard gap now collides with.
var GuardGap32 = &Rule{
	OS:    OnLinux, // the Linux kernel's stack guard gap
	Class: "kernel-stack-guard-gap-32bit", Doc: "32-bit Linux JVM, main thread, fault within the 1 MiB below its stack",
	Requires: []*Fact{SigFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		l := p.Log
		sig := Get[*Sig](p, SigFact)
		th := Get[*ThreadKind](p, ThreadFact)
		if l.OS() != "linux" || l.CPU() != model.ArchX86 || sig.Name != "SIGSEGV" || !sig.HasAddr || th.Info == nil || th.Info.Name != "main" {
			return nil
		}
		bottom := th.Info.StackBase
		if stk := l.Thread.Stack; bottom == 0 && stk != nil {
			bottom = stk.Bottom
		}
		if bottom == 0 || sig.Addr >= bottom+0x10000 || sig.Addr+(1<<20)+0x10000 < bottom {
			return nil
		}
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(th.Line, l.System.Uname, l.Header.JavaVM)
		return []Finding{{Role: RootCause, Confidence: 0.65,
			Summary:     "32-bit JVM main thread hit the kernel's enlarged stack guard gap (CVE-2017-1000364 fix vs HotSpot's main-thread workaround).",
			Explanation: fmt.Sprintf("A 32-bit JVM's main thread faulted at 0x%x, within 1 MiB below its stack bottom 0x%x. Since the mid-2017 Stack Clash fix the kernel keeps a 1 MiB gap below a growing stack; HotSpot (JDK-8023956) had mapped an executable page just below the main thread's stack, so stack growth now faults there. It hits JVMs whose main thread is the primordial thread (embedded via the JNI invocation API).", sig.Addr, bottom),
			Evidence:    ev.Lines(),
			Remedy:      []string{"Upgrade to a JDK update with JDK-8197429.", "Launch with the java launcher (it runs main on a new thread), or use a 64-bit JVM."},
			Caveats:     []string{"The kernel version in the uname line is the confirmation: the gap exists on kernels patched from June 2017 on."}}}
	},
}
