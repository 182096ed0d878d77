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

// linkageMismatch returns the first Internal exceptions event whose
// NoSuchMethodError, NoSuchFieldError or UnsatisfiedLinkError names
// application code. Healthy JVMs throw and catch many of these: method
// handles and lambdas resolve DirectMethodHandle$Holder / LambdaForm /
// lambda$ methods by trying them, JDK 8 registers optional Unsafe natives,
// and libraries probe java.library.path for optional native transports.
// None of those separates a crashing JVM from a healthy one.
func linkageMismatch(p *Pass) (model.Line, bool) {
	for _, el := range p.Log.Process.Events {
		if !strings.HasPrefix(el.Name, "Internal exceptions") {
			continue
		}
		for _, e := range el.Events {
			if mismatchEvent(e.Text) {
				return eventLine(p, e), true
			}
		}
	}
	return model.Line{}, false
}

// mismatchEvent: an event text throws a linkage error about application
// code (see linkageMismatch).
func mismatchEvent(t string) bool {
	kind := ""
	for _, k := range []string{"NoSuchMethodError", "NoSuchFieldError", "UnsatisfiedLinkError"} {
		if strings.Contains(t, k) {
			kind = k
			break
		}
	}
	if kind == "" {
		return false
	}
	// the message: what follows the exception's class name and its quote
	_, msg, _ := strings.Cut(t, kind)
	if i := strings.Index(msg, ":"); i >= 0 {
		msg = msg[i+1:]
	}
	if j := strings.Index(msg, "> ("); j >= 0 {
		msg = msg[:j]
	}
	msg = strings.TrimLeft(msg, " '")
	msg = strings.TrimPrefix(msg, "Method ")
	for _, w := range healthyLinkage {
		if strings.Contains(msg, w) {
			return false
		}
	}
	// the named member's class: skip a return type ("java.lang.Object m(…)")
	member := msg
	if sp := strings.IndexByte(member, ' '); sp >= 0 && sp < strings.IndexByte(member+"(", '(') {
		member = member[sp+1:]
	}
	for _, pre := range jdkPackages {
		if strings.HasPrefix(member, pre) {
			return false
		}
	}
	if kind == "UnsatisfiedLinkError" && (!strings.Contains(msg, "(") || namesLibraryFile(msg)) {
		return false // a library load that failed, not a missing native method
	}
	return true
}

// healthyLinkage are message parts of linkage errors every JVM using
// method handles, lambdas or optional native libraries throws and catches.
var healthyLinkage = []string{"java.lang.invoke.", "java/lang/invoke/", "LambdaForm", "$Holder.", "lambda$",
	"java.library.path", "Can't load", "cannot open shared object", "no such file", "Could not find"}

// jdkPackages are the JDK's own classes: a linkage error naming them is
// the JDK probing itself, not an application's JNI library.
var jdkPackages = []string{"java.", "javax.", "jdk.", "sun.", "com.sun.", "java/", "jdk/", "sun/"}

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
		if ln, ok := linkageMismatch(p); ok {
			conf = 0.7
			ev.Add(ln)
			why = append(why, "Shortly before the crash the VM threw "+strings.TrimSpace(ln.Text)+" (line "+itoa(ln.N)+"): native code looked up a Java method/field, or Java looked up a native method, that the other side does not have.")
		}
		if ln, ok := findText(p, "unsupported JNI version 0xFFFFFFFF"); ok {
			conf = max(conf, 0.75)
			ev.Add(ln)
			why = append(why, "JNI_OnLoad failed (line "+itoa(ln.N)+"): the library's registration table does not match its classes.")
		}
		// two copies of a library count only when the crash is in one of
		// them: processes with two class loaders load copies and run fine
		if a, b, ok := duplicateLibs(p.Log); ok && (sameLib(a, st.Top.Library) || sameLib(b, st.Top.Library)) {
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

// namesLibraryFile: the message is about a library file (a failed load,
// "…/libx.so: … not found (required by …)"), not about a native method.
func namesLibraryFile(msg string) bool {
	for _, ext := range []string{".so", ".dll", ".dylib", ".jnilib"} {
		if strings.Contains(msg, ext+":") || strings.Contains(msg, ext+")") || strings.Contains(msg, ext+" ") {
			return true
		}
	}
	return false
}

// sameLib: the mapping is the file the frame's library names.
func sameLib(m model.Mapping, lib string) bool {
	return lib != "" && libBase(strings.TrimSuffix(m.Path, " (deleted)")) == libBase(lib)
}
