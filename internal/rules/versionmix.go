package rules

import (
	"regexp"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// digitRuns are the random parts of extracted library names
// (librocksdbjni5040108181873856658.so, netty's shaded prefixes keep theirs).
var digitRuns = regexp.MustCompile(`[0-9a-f]{8,}|\d{4,}`)

// duplicateLibs returns two mappings of one native library extracted twice
// (same name once its random digits are removed, different files).
func duplicateLibs(l *model.Log) (model.Mapping, model.Mapping, bool) {
	seen := map[string]model.Mapping{}
	for _, m := range l.Process.Libraries {
		if !strings.Contains(m.Perms, "x") && m.Perms != "" {
			continue
		}
		p := strings.TrimSuffix(m.Path, " (deleted)")
		base := libBase(p)
		if !strings.Contains(base, ".so") && !strings.HasSuffix(base, ".dll") && !strings.HasSuffix(base, ".dylib") {
			continue
		}
		if LookupLib(base).Kind != "" {
			continue
		}
		key := digitRuns.ReplaceAllString(base, "*")
		if prev, ok := seen[key]; ok && strings.TrimSuffix(prev.Path, " (deleted)") != p {
			return prev, m, true
		}
		if _, ok := seen[key]; !ok {
			seen[key] = m
		}
	}
	return model.Mapping{}, model.Mapping{}, false
}

// VersionMismatch recognises native-version-mismatch: the JNI library and
// its Java classes disagree (NoSuchMethodError/UnsatisfiedLinkError just
// before a native crash, a JNI_OnLoad version failure, or two copies of
// the same library loaded).
var VersionMismatch = &Rule{
	Class: "native-version-mismatch", Doc: "NoSuchMethodError/UnsatisfiedLinkError events or duplicate library copies with a third-party native crash",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		sig := Get[*Sig](p, SigFact)
		native := st.HasTop && st.Top.Kind == "C" && (st.TopLib.Kind == "" || st.TopLib.Kind == "jna")
		if !native {
			return nil
		}
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line)
		var why []string
		conf := 0.0
		if ln, ok := event(p, "Internal exceptions", "NoSuchMethodError", "NoSuchFieldError", "UnsatisfiedLinkError"); ok {
			conf = 0.7
			ev.Add(ln)
			why = append(why, "Shortly before the crash the VM threw "+strings.TrimSpace(ln.Text)+" (line "+itoa(ln.N)+"): native code looked up a Java method/field, or Java looked up a native method, that the other side does not have.")
		}
		if ln, ok := findText(p, "unsupported JNI version 0xFFFFFFFF"); ok {
			conf = max(conf, 0.75)
			ev.Add(ln)
			why = append(why, "JNI_OnLoad failed (line "+itoa(ln.N)+"): the library's registration table does not match its classes.")
		}
		if a, b, ok := duplicateLibs(p.Log); ok {
			if conf == 0 {
				conf = 0.6
			} else {
				conf += 0.1
			}
			ev.Add(p.MappingLine(a), p.MappingLine(b))
			why = append(why, "The same native library is loaded twice from different files (lines "+itoa(a.Line)+" and "+itoa(b.Line)+"): two versions (e.g. shaded and unshaded copies) in one process.")
		}
		if conf == 0 {
			return nil
		}
		why = append(why, "The crash is in "+strings.TrimSpace(st.Top.FrameText())+": native code running against Java classes (or a registration table) of another version.")
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     "The Java classes and their JNI library come from different versions.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Align the versions of the Java artifact and its native classifier jars (mvn dependency:tree / gradle dependencyInsight); keep one copy per class loader.",
				"Remove duplicate shaded copies of the same native library (e.g. several netty-transport-native-* versions)."}}}
	},
}
