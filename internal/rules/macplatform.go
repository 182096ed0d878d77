package rules

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// MacPlatform recognises macos-platform-change: on macOS/aarch64 a SIGBUS
// in the SafeFetch stub, which W^X and macOS updates changed under the JVM.
var MacPlatform = &Rule{
	OS:    OnMacOS, // macOS
	Class: "macos-platform-change", Doc: "macOS SIGBUS/SIGSEGV at ~StubRoutines::SafeFetch*",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		sig := Get[*Sig](p, SigFact)
		if p.Log.OS() != "macos" || !st.HasTop || !strings.Contains(st.Top.Stub+st.Top.Text, "SafeFetch") || (sig.Name != "SIGBUS" && sig.Name != "SIGSEGV") {
			return nil
		}
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line, p.Log.Header.JavaVM)
		if u := p.Log.System.Uname; u.N > 0 {
			ev.Add(u)
		}
		conf := 0.6
		if p.Log.CPU() == model.ArchAArch64 {
			conf = 0.7
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary: "A macOS platform change broke HotSpot's SafeFetch: the probe that is allowed to fault became fatal.",
			Explanation: "The fault is in " + strings.TrimSpace(st.Top.FrameText()) + ". SafeFetch reads memory that may be unmapped and relies on the signal handler recognising its pc; on Apple silicon the stub lives in W^X-managed code, and macOS updates changed how such faults are delivered (adoptium-support #404). " +
				"macOS 14.4 went further and SIGKILLed processes touching protected memory, which leaves no hs_err at all.",
			Evidence: ev.Lines(),
			Remedy:   []string{"Upgrade the JDK (later releases implement SafeFetch without a generated stub) and macOS (14.4.1 fixed the 14.4 regression)."}}}
	},
}
