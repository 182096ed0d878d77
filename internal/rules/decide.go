package rules

import (
	"fmt"
	"strings"
)

// Threshold is the confidence a root-cause finding needs to become the
// verdict; below it the verdict is unknown-with-evidence and the candidate
// stays in the findings.
const Threshold = 0.5

// Decide picks the one verdict and returns the other findings. findings
// must be in Run's order (root causes first, strongest first).
func Decide(p *Pass, findings []Finding) (Finding, []Finding) {
	var rest []Finding
	for i, f := range findings {
		if f.Role == RootCause && f.Confidence >= Threshold {
			if len(findings) > 1 {
				rest = make([]Finding, 0, len(findings)-1)
			}
			rest = append(rest, findings[:i]...)
			rest = append(rest, findings[i+1:]...)
			return f, rest
		}
	}
	return Unknown(p, findings), findings
}

// Unknown builds the unknown-with-evidence verdict: what the log shows,
// stated plainly, and the next steps that would narrow it down.
func Unknown(p *Pass, findings []Finding) Finding {
	l := p.Log
	sig := Get[*Sig](p, SigFact)
	st := Get[*Stack](p, StackFact)
	th := Get[*ThreadKind](p, ThreadFact)
	var ev Ev
	ev.Add(sig.Lines...)
	var facts []string
	if l.Header.ErrorLine.Text != "" {
		facts = append(facts, "The error is "+strings.TrimSpace(strings.TrimLeft(l.Header.ErrorLine.Text, "# "))+".")
	}
	if sig.HasAddr {
		facts = append(facts, "The fault address is "+DescribeAddr(sig)+".")
	}
	if tp := Get[*TextPointers](p, TextPointerFact); len(tp.Regs) > 0 {
		ev.Add(tp.Lines...)
		facts = append(facts, tp.Sentence())
	}
	if st.HasTop {
		ev.Add(st.Top.Line)
		owner := st.TopLib.Owner
		if owner == "" && st.Top.Library != "" {
			owner = "a third-party library"
		}
		s := "The problematic frame is " + strings.TrimSpace(st.Top.FrameText())
		if owner != "" {
			s += " (" + owner + ")"
		}
		facts = append(facts, s+".")
	}
	if st.Foreign != nil && (!st.HasTop || st.Foreign.N != st.Top.N) {
		ev.Add(st.Foreign.Line)
		facts = append(facts, "The first third-party native frame is "+strings.TrimSpace(st.Foreign.FrameText())+".")
	}
	if th.Info != nil {
		ev.Add(th.Line)
		facts = append(facts, fmt.Sprintf("The crashing thread is %s %q in state %s.", th.Info.Type, th.Info.Name, orDash(th.Info.State)))
	}
	if len(facts) == 0 {
		facts = append(facts, "The log holds too little to say what crashed: no error line, no frames, no thread.")
	}
	var cand []string
	for _, f := range findings {
		if f.Role == RootCause {
			cand = append(cand, fmt.Sprintf("%s (%.2f)", f.Class, f.Confidence))
		}
	}
	expl := strings.Join(facts, " ")
	if len(cand) > 0 {
		expl += " Candidates that did not reach the threshold: " + strings.Join(cand, ", ") + "."
	}
	return Finding{
		Class:       "unknown-with-evidence",
		Role:        RootCause,
		Confidence:  0.3,
		Summary:     "No crash class fits with enough evidence; the facts the log does show are listed.",
		Explanation: expl,
		Evidence:    ev.Lines(),
		Remedy: []string{
			"Upgrade to the latest update of this JDK line: most JVM crash bugs are fixed in a later update.",
			byOS(l, "Enable core dumps (ulimit -c unlimited, and check /proc/sys/kernel/core_pattern) so the next crash can be inspected with a debugger.",
				"Enable core dumps (ulimit -c unlimited; cores go to /cores) so the next crash can be inspected with lldb.",
				"Enable a crash dump with -XX:+CreateCoredumpOnCrash (a minidump next to the hs_err log) so the next crash can be inspected in WinDbg.",
				"Enable core dumps (ulimit -c unlimited; on Windows -XX:+CreateCoredumpOnCrash) so the next crash can be inspected with a debugger."),
			"Run once with -Xcheck:jni and without agents (-javaagent/-agentpath) to rule out native callers.",
			"Install the JDK's debug symbols so native frames get names.",
		},
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
