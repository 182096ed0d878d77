package rules

import (
	"regexp"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// rosettaCPU is the synthetic CPU Rosetta 2 reports to x86-64 code: a
// Westmere with no microcode (adoptium-support #282).
const rosettaCPU = "family 6 model 44 stepping 0 microcode 0x0"

// appleSilicon matches Mac model identifiers of Apple-silicon machines.
var appleSilicon = regexp.MustCompile(`\b(MacBookPro1[78],\d|MacBookAir10,1|Macmini9,1|iMac2[14],\d|Mac1[3-9],\d+)\b`)

var armUname = regexp.MustCompile(`\b(aarch64|arm64)\b`)

// appleSiliconModel is appleSilicon's match in s. Every model name holds
// "Mac", and a Contains rules most lines out far more cheaply than the regexp.
func appleSiliconModel(s string) string {
	if !strings.Contains(s, "Mac") {
		return ""
	}
	return appleSilicon.FindString(s)
}

// isARMUname reports an aarch64/arm64 word, checking the substrings first as
// appleSiliconModel does.
func isARMUname(s string) bool {
	return (strings.Contains(s, "aarch64") || strings.Contains(s, "arm64")) && armUname.MatchString(s)
}

// Emulation recognises x86-emulation-rosetta-qemu: an x86-64 JVM on an
// ARM machine, through Rosetta 2 or QEMU user emulation.
var Emulation = &Rule{
	Class: "x86-emulation-rosetta-qemu", Doc: "amd64 JVM with Rosetta's synthetic CPU, an Apple-silicon host or an arm64 kernel",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		l := p.Log
		if l.Arch() != "amd64" {
			return nil
		}
		var ev Ev
		var why []string
		conf := 0.0
		if c := l.System.CPU; strings.Contains(c.Text, rosettaCPU) {
			conf = 0.8
			ev.Add(c)
			why = append(why, "The CPU line reads \""+rosettaCPU+"\" (line "+itoa(c.N)+"): the synthetic Westmere that Rosetta 2 shows x86-64 programs, not a real CPU.")
		}
		for _, hl := range []model.Line{l.Summary.Host, l.System.Uname} {
			if m := appleSiliconModel(hl.Text); m != "" {
				conf = max(conf, 0.75) + 0.05
				ev.Add(hl)
				why = append(why, "The host is "+m+" (line "+itoa(hl.N)+"), an Apple-silicon Mac, running an x86-64 JVM.")
			}
		}
		if u := l.System.Uname; isARMUname(u.Text) {
			conf = max(conf, 0.85)
			ev.Add(u)
			why = append(why, "The kernel reports an ARM machine (line "+itoa(u.N)+") while the JVM is built for x86-64: every instruction is translated.")
		}
		if conf == 0 {
			return nil
		}
		sig := Get[*Sig](p, SigFact)
		st := Get[*Stack](p, StackFact)
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line, l.Header.JavaVM)
		if sig.Name == "SIGFPE" && st.HasTop && (st.Top.Kind == "j" || st.Top.Kind == "J") {
			conf += 0.05
			why = append(why, "SIGFPE in Java code: HotSpot turns an integer division by zero into ArithmeticException by catching SIGFPE at a known pc; under emulation the signal context does not match and the JVM dies instead (adoptium-support #231).")
		}
		why = append(why, "HotSpot relies on exact signal semantics, self-modifying code and W^X handling that Rosetta 2 and QEMU user mode do not reproduce faithfully; running an x86-64 JVM this way is unsupported (JDK-8258686).")
		// emulated JVMs mostly run; translation explains the crashes it is
		// known for (signals and generated code), and is context otherwise
		role := RootCause
		if !emulationShaped(sig, st) {
			role, conf = Factor, 0.5
			why = append(why, "This crash does not have the shape of an emulation failure (a signal HotSpot handles, or a fault in generated code), so translation is a suspect, not the finding.")
		}
		return []Finding{{Role: role, Confidence: conf,
			Summary:     "An x86-64 JVM runs under binary translation (Rosetta 2 or QEMU) on an ARM machine.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Use a native aarch64 JDK (macos-aarch64 / linux-aarch64).",
				"Containers: build and run linux/arm64 images; drop --platform=linux/amd64 for JVM workloads."}}}
	},
}

// emulationShaped: the crash is one translation is known to cause: a
// signal HotSpot uses itself (SIGFPE, SIGILL, SIGTRAP, SIGBUS), or a fault
// in generated or interpreted Java code.
func emulationShaped(sig *Sig, st *Stack) bool {
	switch sig.Name {
	case "SIGFPE", "SIGILL", "SIGTRAP", "SIGBUS":
		return true
	}
	return st.HasTop && (st.Top.Kind == "J" || st.Top.Kind == "j" || st.Top.Kind == "v")
}
