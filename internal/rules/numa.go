package rules

import "strings"

// NUMA recognises numa-migration-crash: -XX:+UseNUMA with a crash in the
// NUMA-aware allocation code of G1/Parallel (JDK-8351500, JDK-8351649).
var NUMA = &Rule{
	Class: "numa-migration-crash", Doc: "-XX:+UseNUMA and a crash in NUMA/region/LAB allocation frames",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		arg, ok := p.Log.HasJVMArg("-XX:+UseNUMA")
		if !ok {
			return nil
		}
		st := Get[*Stack](p, StackFact)
		conf := 0.0
		var f modelFrame
		if fs := st.Tagged("numa"); len(fs) > 0 {
			conf, f = 0.8, fs[0]
		} else if fs := st.Tagged("gc-alloc"); len(fs) > 0 {
			conf, f = 0.65, fs[0]
		}
		if conf == 0 {
			return nil
		}
		sig := Get[*Sig](p, SigFact)
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(arg, st.Top.Line, f.Line)
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary: "A NUMA-aware heap allocation path crashed: with -XX:+UseNUMA, G1/Parallel can crash when a thread migrates between NUMA nodes.",
			Explanation: "-XX:+UseNUMA is set (line " + itoa(arg.N) + ") and the crash is in " + strings.TrimSpace(f.FrameText()) + ", the per-node allocation code. " +
				"JDK-8351500 (G1) and JDK-8351649 (Parallel): when the OS moves a thread to another node between choosing a node and allocating from it, the allocator uses the wrong node's region.",
			Evidence: ev.Lines(),
			Remedy: []string{"Upgrade to a JDK update that contains the fixes for JDK-8351500 / JDK-8351649.",
				"Workaround: remove -XX:+UseNUMA (or pin the JVM to one node with numactl --cpunodebind=0 --membind=0)."}}}
	},
}
