package rules

import "strings"

// Hsperfdata recognises hsperfdata-tmp: a SIGBUS on the perf-data file
// (/tmp/hsperfdata_<user>/<pid>) the JVM maps at start. Its pages go
// missing when /tmp is full (the file is sparse until written) or when
// another JVM with the same pid in a shared /tmp truncates it (containers,
// sandboxes where every JVM is pid 1 or 2).
var Hsperfdata = &Rule{
	OS:    OnPOSIX, // a SIGBUS on the /tmp perf-data file
	Class: "hsperfdata-tmp", Doc: "SIGBUS at the hsperfdata mapping, or in PerfMemory code (a lone memset is only a candidate)",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		if sig.Name != "SIGBUS" {
			return nil
		}
		st := Get[*Stack](p, StackFact)
		var ev Ev
		ev.Add(sig.Lines...)
		var why string
		conf := 0.0
		switch pf, inPerf := nearTop(st, "perfmemory", 4); {
		case sig.Mapping != nil && strings.Contains(sig.Mapping.Path, "hsperfdata"):
			conf = 0.9
			ev.Add(p.MappingLine(*sig.Mapping))
			why = "The fault address is in " + sig.Mapping.Path + ", the shared-memory file for jstat counters."
		case inPerf:
			conf = 0.8
			ev.Add(st.Top.Line, pf.Line)
			why = "The bus error is in " + strings.TrimSpace(pf.FrameText()) + ", the code that creates and writes the perf-data file (/tmp/hsperfdata_<user>/<pid>) the JVM maps at start: a page of that file could not be backed."
		case st.HasTop && st.TopLib.Kind == "libc" && strings.Contains(st.Top.Symbol, "memset") && len(st.Frames) <= 1:
			// Only the header: memset zeroing the freshly mapped perf-data
			// file is one SIGBUS of a full /tmp, but any memset into a
			// truncated file mapping or a full tmpfs looks the same: a
			// candidate, never a verdict.
			conf = 0.4
			ev.Add(st.Top.Line)
			why = "A bus error in " + strings.TrimSpace(st.Top.FrameText()) + " with no other frame shown: a write into a file mapping whose page could not be backed. The JVM's perf-data file (/tmp/hsperfdata_<user>/<pid>), which it zeroes with memset at start, is one such mapping (a full /tmp); any truncated mapped file or full tmpfs is another. The stack that would tell them apart is not in the log."
		default:
			return nil
		}
		summary := "The JVM's perf-data file in /tmp lost its pages (full /tmp or a /tmp shared between JVMs with the same pid)."
		if conf < Threshold {
			summary = "A SIGBUS in memset alone: a mapped file lost its pages, perhaps the JVM's perf-data file in /tmp; the log does not show which file."
		}
		return []Finding{{Role: RootCause, Confidence: conf, Summary: summary,
			Explanation: why, Evidence: ev.Lines(),
			Remedy: []string{"Free /tmp; give each container or sandbox its own /tmp.", "-XX:+PerfDisableSharedMem (or -XX:-UsePerfData)."}}}
	},
}
