package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// third-party-native-crash: the crash is inside a named third-party native
// library (not the JDK's own, not the OS, not a catalogued component such as
// a GPU driver, whose classes are more specific) and no more specific class
// fits. It is the most common real case, and the useful answer is whose
// library it is and what to do about that library, not "upgrade the JDK".

// thirdPartyConf stays below every specific class that can fire on the
// same frame (NULL dereference, version mismatch, agents, use after free),
// so it is the verdict only when none of them is.
const thirdPartyConf = 0.6

// vendor is a row of data/vendors.tsv.
type vendor struct {
	bySymbol         bool
	re               *regexp.Regexp
	product, company string
}

var vendorRows = loadVendors()

func loadVendors() []vendor {
	var out []vendor
	for _, r := range tsv("vendors.tsv", 4) {
		if r[0] != "lib" && r[0] != "sym" {
			panic("data/vendors.tsv: field must be lib or sym: " + strings.Join(r, "\t"))
		}
		out = append(out, vendor{r[0] == "sym", regexp.MustCompile(r[1]), r[2], r[3]})
	}
	return out
}

// vendorOf names the product and maker of a frame's library, by its file
// name or, for names that say nothing, by its symbol.
func vendorOf(f model.Frame) (vendor, bool) {
	base := libBase(f.Library)
	for _, v := range vendorRows {
		if (v.bySymbol && v.re.MatchString(f.Symbol)) || (!v.bySymbol && v.re.MatchString(base)) {
			return v, true
		}
	}
	return vendor{}, false
}

// jnaTmpName matches the file name JNA gives every library it extracts from
// a jar: its own libjnidispatch and any library an application bundles.
var jnaTmpName = regexp.MustCompile(`^jna-?\d+\.tmp$`)

// jnaOwnSymbol: the symbol belongs to JNA's libjnidispatch (its JNI entry
// points, its callback glue, the libffi it links statically).
func jnaOwnSymbol(sym string) bool {
	return strings.HasPrefix(sym, "Java_com_sun_jna_") || strings.HasPrefix(sym, "ffi_") ||
		strings.Contains(sym, "callback") || strings.HasPrefix(sym, "dispatch")
}

// thirdPartyTop returns the problematic frame when it is a C frame in a
// named third-party library.
func thirdPartyTop(st *Stack) (model.Frame, bool) {
	f := st.Top
	if !st.HasTop || f.Kind != "C" || f.Library == "" {
		return model.Frame{}, false
	}
	switch st.TopLib.Kind {
	case "":
		return f, true
	case "jna":
		// a jna<digits>.tmp that is not JNA itself: the application's library
		return f, jnaTmpName.MatchString(libBase(f.Library)) && f.Symbol != "" && !jnaOwnSymbol(f.Symbol)
	}
	return model.Frame{}, false
}

// ThirdPartyNative recognises third-party-native-crash.
var ThirdPartyNative = &Rule{
	Class:    "third-party-native-crash",
	Doc:      "problematic C frame in a named third-party native library, and no more specific class",
	Requires: []*Fact{SigFact, StackFact, TextPointerFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		f, ok := thirdPartyTop(st)
		if !ok {
			return nil
		}
		l := p.Log
		sig := Get[*Sig](p, SigFact)
		name := libBase(f.Library)
		v, known := vendorOf(f)
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(f.Line)
		who := name
		if known {
			who = v.product + " (" + name + ", by " + v.company + ")"
		}
		why := []string{"The faulting code, " + strings.TrimSpace(f.FrameText()) + ", is in " + who + ": a native library that is neither the JVM, the JDK nor the operating system."}
		if jnaTmpName.MatchString(name) {
			why = append(why, name+" is the name JNA gives a library it extracts from a jar; the symbol "+f.Symbol+" is not JNA's own, so this is the application's bundled library loaded through JNA, not JNA itself.")
		}
		if m, ok := mappingOf(l, f.Library); ok {
			why = append(why, "The memory map loads it from "+strings.TrimSuffix(m.Path, " (deleted)")+" (line "+itoa(m.Line)+").")
		}
		if sig.HasAddr {
			why = append(why, "The fault address is "+DescribeAddr(sig)+".")
		}
		if tp := Get[*TextPointers](p, TextPointerFact); len(tp.Regs) > 0 {
			ev.Add(tp.Lines...)
			why = append(why, tp.Sentence())
		}
		why = append(why, "No more specific class fits: the log does not show a NULL pointer, a version mismatch, an agent or a component with a known failure mode, so the bug is the library's own (or its caller's arguments) until shown otherwise.")
		maker := "its maintainers"
		if known {
			maker = v.company
		}
		remedy := []string{
			"Upgrade " + who + " to its latest release: the crash is in its code.",
			"Report the crash to " + maker + " with this hs_err log (the problematic frame and the library's version).",
			resolveOffset(l, f),
			"Run once with -Xcheck:jni to see whether the library misuses JNI before it crashes.",
		}
		return []Finding{{Role: RootCause, Confidence: thirdPartyConf,
			Summary:     "The crash is inside the third-party native library " + who + ".",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(), Remedy: remedy}}
	},
}

// mappingOf finds the memory-map entry of a library by its file name.
func mappingOf(l *model.Log, lib string) (model.Mapping, bool) {
	base := libBase(lib)
	for _, m := range l.Process.Libraries {
		if libBase(strings.TrimSuffix(m.Path, " (deleted)")) == base {
			return m, true
		}
	}
	return model.Mapping{}, false
}

// resolveOffset says how to turn the frame's offset into a source line with
// the tools of the log's own OS.
func resolveOffset(l *model.Log, f model.Frame) string {
	if !f.HasLibOffset {
		return "" // no offset printed: nothing to resolve
	}
	lib := libBase(f.Library)
	switch l.OS() {
	case "windows":
		return fmt.Sprintf("Resolve the offset with the library's PDB: in WinDbg, `ln %s+0x%x`.", strings.TrimSuffix(lib, ".dll"), f.LibOffset)
	case "macos":
		return fmt.Sprintf("Resolve the offset: atos -o <path of %s> -l <its load address> <load address + 0x%x>.", lib, f.LibOffset)
	}
	return fmt.Sprintf("Resolve the offset to a source line: addr2line -f -e <path of %s> 0x%x (with the library's debug symbols).", lib, f.LibOffset)
}
