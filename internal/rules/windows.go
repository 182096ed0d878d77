package rules

import (
	"strings"
)

// Windows-only classes: a mapped file's page that could not be read, and
// third-party DLLs injected into java.exe.

// InPageError recognises windows-in-page-error (EXCEPTION_IN_PAGE_ERROR,
// 0xc0000006): Windows could not read a page of a mapped file.
var InPageError = &Rule{
	OS:    OnWindows, // EXCEPTION_IN_PAGE_ERROR
	Class: "windows-in-page-error", Doc: "EXCEPTION_IN_PAGE_ERROR (0xc0000006)",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		sig := Get[*Sig](p, SigFact)
		si := p.Log.Thread.Siginfo
		if sig.Name != "EXCEPTION_IN_PAGE_ERROR" && (si == nil || si.ExceptionCode != 0xc0000006) {
			return nil
		}
		st := Get[*Stack](p, StackFact)
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line)
		conf := 0.8
		why := []string{"EXCEPTION_IN_PAGE_ERROR (0xc0000006): the address is mapped, but Windows could not read the page from the file behind it (network share dropped, removable or failing disk, file truncated)."}
		if st.TopHas("copy-stub") || st.Has("mapped") || st.Has("unsafe") {
			conf = 0.9
			why = append(why, "The access is a mapped-buffer read ("+strings.TrimSpace(st.Top.FrameText())+").")
		}
		if sig.HasAddr {
			why = append(why, "The address is "+DescribeAddr(sig)+".")
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     "A page of a memory-mapped file could not be read from its storage (Windows in-page error).",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Keep memory-mapped data (indexes, databases) on a local disk, not a network share or USB drive.",
				"Check the System event log for disk/network errors (Event IDs 7, 51, 153) and the file's integrity."}}}
	},
}

// InjectedDLL recognises windows-injected-dll: a catalogued hooking DLL
// (security products, overlays, adware) is loaded into the JVM.
var InjectedDLL = &Rule{
	OS:    OnWindows, // DLL injection
	Class: "windows-injected-dll", Doc: "a catalogued injected DLL (AV/EDR, overlay) in Dynamic libraries",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		l := p.Log
		if l.OS() != "windows" {
			return nil
		}
		st := Get[*Stack](p, StackFact)
		sig := Get[*Sig](p, SigFact)
		var ev Ev
		var names []string
		for _, m := range l.Process.Libraries {
			if lib := LookupLib(m.Path); lib.Kind == "injected" {
				ev.Add(p.MappingLine(m))
				names = append(names, libBase(m.Path)+" ("+lib.Owner+")")
			}
		}
		if len(names) == 0 {
			return nil
		}
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line)
		why := []string{"Loaded into java.exe: " + strings.Join(uniq(names), ", ") + ". Such DLLs hook ntdll/kernel32 functions (exception dispatch, VirtualProtect) in every process; HotSpot depends on those for its own access-violation handling and executable code."}
		// healthy JVMs on the same machines load the same DLLs: only the
		// crashing stack can implicate one
		var conf float64
		switch injected := injectedFrame(st); {
		case st.HasTop && st.TopLib.Kind == "injected":
			conf = 0.85
			why = append(why, "The crash is inside that DLL: "+strings.TrimSpace(st.Top.FrameText())+".")
		case injected != nil:
			conf = 0.6
			ev.Add(injected.Line)
			why = append(why, "A frame of that DLL is on the crashing stack: "+strings.TrimSpace(injected.FrameText())+" (line "+itoa(injected.N)+").")
		default:
			return nil
		}
		role := RootCause
		return []Finding{{Role: role, Confidence: conf,
			Summary:     "Third-party DLLs are injected into the JVM process (security product, overlay or adware).",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Exclude the JDK directory and java.exe/javaw.exe from the security product's exploit protection/hooking, or update the product.",
				"Disable game/recording overlays for Java; remove adware."}}}
	},
}

// injectedFrame is the first frame of a catalogued injected DLL on the
// crashing stack, nil when none is.
func injectedFrame(st *Stack) *modelFrame {
	for i := range st.Frames {
		if LookupLib(st.Frames[i].Library).Kind == "injected" {
			return &st.Frames[i]
		}
	}
	return nil
}
