package rules

import "strings"

// CDS recognises cds-archive-fault: the Class Data Sharing archive could
// not be read (HotSpot's own message, or a fault inside the .jsa mapping),
// or CDS code crashed with sharing on.
var CDS = &Rule{
	Class: "cds-archive-fault", Doc: "'Error accessing class data sharing archive', a fault inside a .jsa mapping, or CDS frames with sharing",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		st := Get[*Stack](p, StackFact)
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line)
		var why []string
		conf := 0.0
		if ln, ok := findText(p, "Error accessing class data sharing archive"); ok {
			conf = 0.9
			ev.Add(ln)
			why = append(why, "HotSpot says so itself (line "+itoa(ln.N)+"): the mapped archive became unreadable during execution (disk or network file system problem).")
		}
		if m := sig.Mapping; m != nil && strings.HasSuffix(strings.TrimSuffix(m.Path, " (deleted)"), ".jsa") {
			conf = max(conf, 0.85)
			ev.Add(p.MappingLine(*m))
			why = append(why, "The fault address is inside the mapping of "+m.Path+" (line "+itoa(m.Line)+"), the CDS archive.")
		}
		sharing := false
		for _, f := range p.Log.Header.Version.Flags {
			sharing = sharing || f == "sharing"
		}
		if fs := st.Tagged("cds"); conf == 0 && sharing && st.TopHas("cds") {
			conf = 0.6
			ev.Add(fs[0].Line, p.Log.Header.JavaVM)
			why = append(why, "The crash is in CDS code ("+strings.TrimSpace(fs[0].FrameText())+") with class data sharing on (\"sharing\" in the Java VM line).")
		}
		if f, ok := nearTop(st, "cds-dump", 3); conf == 0 && ok {
			conf = 0.6
			ev.Add(f.Line)
			why = append(why, "The crash is in archive-creation code ("+strings.TrimSpace(f.FrameText())+"), which runs only while a CDS archive is dumped (-Xshare:dump, -XX:ArchiveClassesAtExit): a CDS bug of this JDK build or a class list it cannot handle.")
		}
		if conf == 0 {
			return nil
		}
		if a, ok := p.Log.HasJVMArg("-XX:SharedArchiveFile="); ok {
			ev.Add(a)
			why = append(why, "A custom archive is in use (line "+itoa(a.N)+").")
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     "The Class Data Sharing archive could not be read, or is corrupt for this JDK build.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Confirm and work around with -Xshare:off.",
				"Regenerate the archive with the exact JDK build that uses it (-XX:ArchiveClassesAtExit / -Xshare:dump).",
				"Keep the JDK and archives on a local disk, not NFS; upgrade the JDK."}}}
	},
}
