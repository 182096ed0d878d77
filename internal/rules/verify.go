package rules

import (
	"regexp"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// generatedClass matches classes made at run time by bytecode generators.
var generatedClass = regexp.MustCompile(`GeneratedMethodAccessor|GeneratedConstructorAccessor|\$\$Lambda|\$Proxy\d|\$\$EnhancerBy|\$\$FastClassBy|ByteBuddy|\$\$_javassist|\$HibernateProxy`)

// verifyOff returns the argument that disables bytecode verification.
func verifyOff(l *model.Log) (model.Line, string, bool) {
	for _, a := range []string{"-Xverify:none", "-noverify", "-XX:-BytecodeVerificationRemote"} {
		if ln, ok := l.HasJVMArg(a); ok {
			return ln, a, true
		}
	}
	return model.Line{}, "", false
}

// NoVerify recognises noverify-invalid-bytecode: verification is off and
// the crash is in the interpreter or in generated/instrumented code.
var NoVerify = &Rule{
	Class: "noverify-invalid-bytecode", Doc: "-Xverify:none/-noverify with a crash in the interpreter or generated classes",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		argLine, arg, ok := verifyOff(p.Log)
		if !ok {
			return nil
		}
		st := Get[*Stack](p, StackFact)
		sig := Get[*Sig](p, SigFact)
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(argLine, st.Top.Line)
		why := []string{"Bytecode verification is disabled (" + arg + ", line " + itoa(argLine.N) + "): the VM runs class files without checking them and trusts their operand stacks and types."}
		interp := st.HasTop && (st.Top.Kind == "j" || st.TopHas("interp"))
		gen := ""
		for _, f := range append([]modelFrame{st.Top}, append(st.Frames, st.Java...)...) {
			if (f.Kind == "j" || f.Kind == "J") && generatedClass.MatchString(f.Text) {
				gen = strings.TrimSpace(f.FrameText())
				ev.Add(f.Line)
				break
			}
		}
		role, conf := Factor, 0.5
		_, osErr := osErrorMessage(p.Log)
		switch {
		case osErr:
			// HotSpot stopped on an OS error it named: bytecode did not do that
			why = append(why, "The report is HotSpot stopping on an operating-system error, which unverified bytecode does not cause.")
		case interp:
			role, conf = RootCause, 0.75
			why = append(why, "The crash is in the interpreter ("+strings.TrimSpace(st.Top.FrameText())+"), where malformed bytecode does its damage.")
		case gen != "":
			role, conf = RootCause, 0.65
			why = append(why, "Generated or instrumented code is on the stack ("+gen+"): the usual source of class files that would not verify.")
		default:
			why = append(why, "The crash itself is not in the interpreter; unverified bytecode remains a suspect until the crash reproduces with verification on.")
		}
		return []Finding{{Role: role, Confidence: conf,
			Summary:     "Bytecode verification is off, so a malformed class can corrupt the VM instead of failing with VerifyError.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Remove " + arg + " (deprecated since JDK 13): the VerifyError it was hiding names the broken class.",
				"Then fix or upgrade the bytecode generator or agent that produced that class."}}}
	},
}
