package rules

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// agentArgs returns the agent options of the command line and
// JAVA_TOOL_OPTIONS, with the line each came from. Three rules ask, so they
// are read once per log; callers must not modify them.
func agentArgs(p *Pass) ([]string, []model.Line) {
	a := Get[*agentOptions](p, agentsFact)
	return a.args, a.lines
}

type agentOptions struct {
	args  []string
	lines []model.Line
}

var agentsFact = &Fact{
	Name: "agent options",
	Doc:  "-agentpath/-agentlib/-javaagent options of the command line and the JAVA options variables",
	Compute: func(p *Pass) any {
		args, lines := readAgentArgs(p)
		return &agentOptions{args, lines}
	},
}

func readAgentArgs(p *Pass) (args []string, lines []model.Line) {
	l := p.Log
	add := func(a string, ln model.Line) {
		for _, pre := range []string{"-agentpath:", "-agentlib:", "-javaagent:"} {
			if strings.HasPrefix(a, pre) && !strings.HasPrefix(a, "-agentlib:jdwp") {
				args, lines = append(args, a), append(lines, ln)
			}
		}
	}
	for _, a := range l.Process.VMArguments.JVMArgs {
		add(a, l.Process.VMArguments.JVMArgsLine)
	}
	for _, name := range []string{"JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"} {
		if e, ok := l.Env(name); ok {
			for _, a := range strings.Fields(e.Value) {
				add(a, p.EnvLine(e))
			}
		}
	}
	return args, lines
}

// agentLibName is the file name of a native agent option's library:
// -agentpath:/x/libfoo.so=opts → libfoo.so; -agentlib:foo → libfoo.so/foo.dll.
func agentLibName(arg string) []string {
	switch {
	case strings.HasPrefix(arg, "-agentpath:"):
		v, _, _ := strings.Cut(strings.TrimPrefix(arg, "-agentpath:"), "=")
		return []string{libBase(v)}
	case strings.HasPrefix(arg, "-agentlib:"):
		v, _, _ := strings.Cut(strings.TrimPrefix(arg, "-agentlib:"), "=")
		return []string{"lib" + v + ".so", "lib" + v + ".dylib", v + ".dll"}
	}
	return nil
}

// AgentLibCrash: the faulting code is the native agent the command line
// loaded (-agentpath/-agentlib), whatever the catalogue says of it.
var AgentLibCrash = &Rule{
	Name:  "agent-library",
	Class: "jvmti-agent-or-profiler", Doc: "problematic frame in the library named by -agentpath/-agentlib",
	Requires: []*Fact{SigFact, StackFact, agentsFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		if !st.HasTop || st.Top.Library == "" {
			return nil
		}
		args, lines := agentArgs(p)
		for i, a := range args {
			for _, name := range agentLibName(a) {
				if libBase(st.Top.Library) != name {
					continue
				}
				sig := Get[*Sig](p, SigFact)
				var ev Ev
				ev.Add(sig.Lines...)
				ev.Add(st.Top.Line, lines[i])
				why := "The faulting code, " + strings.TrimSpace(st.Top.FrameText()) + ", is in " + name + ", the native agent loaded by " + a + " (line " + itoa(lines[i].N) + "). An agent runs inside the JVM with no protection: its bug is the JVM's crash."
				if sig.HasAddr {
					why += "\nThe fault address is " + DescribeAddr(sig) + "."
				}
				return []Finding{{Role: RootCause, Confidence: 0.85,
					Summary:     "The JVMTI agent loaded with " + a + " crashed the JVM.",
					Explanation: why, Evidence: ev.Lines(),
					Remedy: []string{"Reproduce without the agent (remove " + a + ") to confirm.",
						"Upgrade or pin the agent to its last good version, and report the crash to its vendor with this log."}}}
			}
		}
		return nil
	},
}

// AgentInstrumentation recognises agent-instrumentation-breaks-vm: class
// redefinition/retransformation or transformed class loading in VM frames,
// with a Java agent on the command line.
var AgentInstrumentation = &Rule{
	Class: "agent-instrumentation-breaks-vm", Doc: "VM_RedefineClasses/ClassFileLoadHook/transformed class parsing frames with -javaagent",
	Requires: []*Fact{SigFact, StackFact, agentsFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		args, lines := agentArgs(p)
		java := false
		for _, a := range args {
			java = java || strings.HasPrefix(a, "-javaagent:")
		}
		op := p.Log.Thread.VMOperation
		redefine := st.Has("redefine") || (op != nil && strings.Contains(op.Text, "RedefineClasses"))
		loading := st.HasTop && st.Top.Kind == "V" && st.TopHas("classload")
		// Redefinition runs only when an agent or a debugger asked for it,
		// so it is evidence without a visible agent (a pasted header has no
		// command line); class loading is not, so it needs one.
		if !redefine && (!loading || len(args) == 0) {
			return nil
		}
		if len(args) == 0 {
			return noAgentRedefine(p, st)
		}
		sig := Get[*Sig](p, SigFact)
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line)
		ev.Add(lines...)
		var why []string
		conf := 0.6
		if redefine {
			conf = 0.7
			if fs := st.Tagged("redefine"); len(fs) > 0 {
				ev.Add(fs[0].Line)
				why = append(why, "The crash is in class redefinition/retransformation ("+strings.TrimSpace(fs[0].FrameText())+"): the VM was replacing a class's bytecode for an agent.")
			} else {
				ev.Add(*op)
				why = append(why, "The VM Thread was running "+strings.TrimSpace(op.Text)+": an agent redefined classes.")
			}
		} else {
			why = append(why, "The crash is in the VM's class-file parsing ("+strings.TrimSpace(st.Top.FrameText())+") while a Java agent transforms classes as they load.")
		}
		if java {
			conf += 0.1
		}
		why = append(why, "Agents on the command line: "+strings.Join(args, " ")+". Bytecode instrumentation (APM agents, coverage, mocking) that produces unusual class files or retransforms hot classes is a known trigger of VM bugs in these paths.")
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     "A Java agent's bytecode instrumentation (class transformation or redefinition) broke VM internals.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Reproduce without the agent(s); then upgrade the agent and the JDK (redefinition bugs are fixed in updates).",
				"Disable the agent's retransformation features (e.g. dynamic instrumentation, hot-swap, class-loading hooks) if it has a switch.",
				"Report to the agent's vendor with this log."}}}
	},
}

// AgentsPresent is a secondary finding: agents are loaded (command line,
// JAVA_TOOL_OPTIONS, the JVMTI agents list of JDK 21+, or a catalogued
// agent library in the memory map). It is never the verdict.
var AgentsPresent = &Rule{
	FindingOnly: true,
	Class:       "agents-present", Doc: "-agentpath/-agentlib/-javaagent, JAVA_TOOL_OPTIONS agents, JVMTI agents list, agent libraries mapped",
	Requires: []*Fact{agentsFact},
	Run: func(p *Pass) []Finding {
		args, lines := agentArgs(p)
		var ev Ev
		ev.Add(lines...)
		names := append([]string{}, args...)
		for _, a := range p.Log.Process.JVMTIAgents {
			ev.Add(a)
			names = append(names, strings.TrimSpace(a.Text))
		}
		seen := map[string]bool{}
		prev := ""
		for i, m := range p.Log.Process.Libraries {
			if i > 0 && m.Path == prev {
				continue // the next mapping of the same file: same answer, seen already if an agent
			}
			prev = m.Path
			base := libBase(m.Path)
			if lib := LookupLib(base); lib.Kind == "agent" && !seen[base] {
				seen[base] = true
				ev.Add(p.MappingLine(m))
				names = append(names, lib.Owner+" ("+base+" mapped)")
			}
		}
		if ev.Len() == 0 {
			return nil
		}
		return []Finding{{Role: Factor, Confidence: 0.5, Summary: "Agents are loaded: " + strings.Join(uniq(names), "; ") + ".",
			Explanation: "Agents instrument bytecode (-javaagent) or run native code inside the JVM (-agentpath, profilers); either can cause or expose crashes. Reproduce without them before blaming the JVM.",
			Evidence:    ev.Lines(), Remedy: []string{"Reproduce once without the agents; upgrade them to their latest versions."}}}
	},
}

// dcevm names the Dynamic Code Evolution VM, a HotSpot patched for
// unrestricted class redefinition (HotswapAgent, IDE hot swap).
const dcevm = "Dynamic Code Evolution"

// noAgentRedefine: class redefinition crashed and the log shows no agent
// option: a debugger's hot swap or an agent the log does not list asked.
func noAgentRedefine(p *Pass, st *Stack) []Finding {
	sig := Get[*Sig](p, SigFact)
	var ev Ev
	ev.Add(sig.Lines...)
	ev.Add(st.Top.Line)
	conf := 0.6
	why := []string{"The crash is in class redefinition, which the VM runs only when an agent or a debugger (hot swap) replaces a class's bytecode; the log shows no agent option."}
	if fs := st.Tagged("redefine"); len(fs) > 0 {
		ev.Add(fs[0].Line)
		why = append(why, "The redefinition frame is "+strings.TrimSpace(fs[0].FrameText())+".")
	} else if op := p.Log.Thread.VMOperation; op != nil {
		ev.Add(*op)
	}
	if vm := p.Log.Header.JavaVM; strings.Contains(vm.Text, dcevm) {
		// context, not weight: a DCEVM is installed to redefine classes,
		// which the crash already shows
		ev.Add(vm)
		why = append(why, "The VM is DCEVM (line "+itoa(vm.N)+"), a HotSpot patched for unrestricted redefinition; its redefinition code is where such crashes are reported.")
	}
	return []Finding{{Role: RootCause, Confidence: conf,
		Summary:     "Class redefinition (an agent's or a debugger's hot swap) broke VM internals.",
		Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
		Remedy: []string{"Reproduce without hot swap / the redefining agent (HotswapAgent, JRebel, an IDE debugger's hot swap).",
			"Upgrade the JDK (or DCEVM build) and the agent: redefinition bugs are fixed in updates.",
			"Report to the agent's or DCEVM's maintainers with this log."}}}
}

// JVMTIEvent: the VM crashed posting a JVMTI event (CompiledMethodLoad,
// MethodEntry, SampledObjectAlloc…) or walking the heap for an agent; these
// paths run only when an agent enabled them.
var JVMTIEvent = &Rule{
	Name:  "jvmti-event",
	Class: "jvmti-agent-or-profiler", Doc: "VM frames posting a JVMTI event or tagging the heap for an agent on top of the stack",
	Requires: []*Fact{SigFact, StackFact, agentsFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		f, ok := nearTop(st, "jvmti-event", 3)
		if !ok {
			return nil
		}
		sig := Get[*Sig](p, SigFact)
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line, f.Line)
		args, lines := agentArgs(p)
		ev.Add(lines...)
		conf := 0.6
		why := "The VM crashed in " + strings.TrimSpace(f.FrameText()) + ", " + jvmtiWhat(f) + ": it runs only when an agent (a profiler, an APM tool, a debugger) asked for it, and the agent's callback or its bookkeeping in the VM is where this crash happens."
		if len(args) > 0 {
			conf = 0.7
			why += "\nAgents on the command line: " + strings.Join(args, " ") + "."
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     "The VM crashed delivering a JVMTI event to an agent or profiler.",
			Explanation: why, Evidence: ev.Lines(),
			Remedy: []string{"Reproduce without the agents (-agentpath, -agentlib, profilers attached at run time) to confirm.",
				"Upgrade the agent and the JDK: event-posting bugs (CompiledMethodLoad, object-alloc sampling) are fixed in updates.",
				"Report to the agent's vendor with this log."}}}
	},
}

// jvmtiWhat says what a jvmti-event frame does for an agent.
func jvmtiWhat(f model.Frame) string {
	t := f.Symbol + " " + f.Text
	switch {
	case strings.Contains(t, "JvmtiTagMap::"):
		return "code that walks or tags the heap for an agent"
	case strings.Contains(t, "JvmtiRawMonitor::") || strings.Contains(t, "jvmti_"):
		return "code that serves an agent's JVMTI call (a raw monitor or a jvmti_* function)"
	}
	return "code that posts a JVMTI event to an agent"
}

// nearTop returns the first frame tagged tag among the top n frames (the
// problematic frame first).
func nearTop(st *Stack, tag string, n int) (model.Frame, bool) {
	for i := 0; i < min(n, st.frameCount()); i++ {
		f := st.frame(i)
		for _, t := range frameTags(f) {
			if t == tag {
				return *f, true
			}
		}
	}
	return model.Frame{}, false
}
