package rules

import (
	"slices"
	"strings"
)

// Library-catalogue rules: the class follows from whose library the
// crashing code is in. The patterns live in data/libraries.tsv; this table
// only maps a catalogue kind to a class, confidence and remedy.

type libClass struct {
	kind, class, summary string
	conf                 float64
	remedy               []string
}

var libClasses = []libClass{
	{"gpu", "gpu-opengl-driver", "The crash is inside the graphics (OpenGL/Vulkan) driver.", 0.8,
		[]string{"Update (or roll back) the GPU driver from the vendor's site, not Windows Update.", "Force the discrete GPU on hybrid laptops; remove shader packs/mods to bisect.", "JavaFX: -Dprism.order=sw as a workaround."}},
	{"d3d", "java2d-direct3d-windows", "The crash is in Direct3D under Java2D/AWT.", 0.8,
		[]string{"-Dsun.java2d.d3d=false (and -Dsun.java2d.noddraw=true on old JDKs).", "Update the GPU driver and the JDK."}},
	{"jcef", "embedded-browser-jcef", "The crash is in Chromium Embedded (JCEF).", 0.8,
		[]string{"Update the IDE/application and the plugin that opened the browser panel.", "Report to JetBrains (JBR) with the hs_err."}},
	{"font", "awt-font-native", "The crash is in the font rendering libraries (fontconfig/freetype/cairo).", 0.7,
		[]string{"Install fontconfig and a font package (fonts-dejavu / dejavu-sans-fonts) and libfreetype6; rebuild the cache: fc-cache -f.", "-Djava.awt.headless=true on servers; avoid the GTK look-and-feel on headless hosts."}},
	{"nss", "nss-resolver-crash", "The crash is in a glibc NSS / resolver module during a name lookup.", 0.75,
		[]string{"Update glibc/sssd/systemd (the NSS module); change the order in /etc/nsswitch.conf.", "Reduce concurrent lookups (cache results)."}},
	{"pkcs11", "pkcs11-vendor-module", "The crash is in a PKCS#11 module loaded by SunPKCS11.", 0.75,
		[]string{"Update the vendor PKCS#11 module/driver; serialise provider initialisation.", "Report to the token/HSM vendor."}},
	{"zip", "zip-file-modified-while-open", "A jar/zip was rewritten while the JVM had it open (JDK ≤ 8 native zip).", 0.7,
		[]string{"Deploy by writing a new file and renaming it (atomic replace), or stop the JVM first.", "-Dsun.zip.disableMemoryMapping=true on JDK 6u21–8.", "JDK 9+ reads zip central directories in Java and is not affected."}},
	{"zip8", "zip-file-modified-while-open", "A jar/zip was rewritten while the JDK 8 native zip code had it open.", 0.8,
		[]string{"Deploy by writing a new file and renaming it (atomic replace), or stop the JVM first.", "-Dsun.zip.disableMemoryMapping=true on JDK 6u21–8.", "JDK 9+ reads zip central directories in Java and is not affected."}},
	{"agent", "jvmti-agent-or-profiler", "The crash is inside a native agent or profiler.", 0.8,
		[]string{"Reproduce without the agent; pin or upgrade it (Datadog: DD_PROFILING_ENABLED=false).", "Report to the agent's vendor first."}},
	// a name is no proof: a candidate, below the verdict threshold
	{"agent-name", "jvmti-agent-or-profiler", "The crash is in a library named like a native agent; the log does not show it loaded as one (-agentpath).", 0.45,
		[]string{"Check whether the library is loaded as an agent (-agentpath, an attach at run time); if so, reproduce without it.", "Report to the library's vendor."}},
}

// LibraryClass applies the catalogue to the top frame, and to the first
// third-party frame when the top is a system library.
var LibraryClass = &Rule{
	Name: "library-catalogue", Emits: libClassIDs(),
	Class: "", Doc: "top-frame library → class via data/libraries.tsv",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		sig := Get[*Sig](p, SigFact)
		if !st.HasTop {
			return nil
		}
		kind := st.TopLib.Kind
		f := st.Top
		if (kind == "libc" || kind == "system" || kind == "jdk") && st.Foreign != nil && st.ForeignLib.Kind != "" {
			kind, f = st.ForeignLib.Kind, *st.Foreign
		}
		if kind == "zip" && (st.Top.Kind == "C" || st.Top.Kind == "J") && p.Log.Header.Version.Major > 8 {
			return nil
		}
		if kind == "zip" && st.Has("zip-stream") && !st.Has("zip-file") {
			return nil // a Deflater/Inflater stream in memory: no file to have changed
		}
		if kind == "jdk" && strings.Contains(f.Library, "libnet") && st.Has("nss") {
			kind = "nss"
		}
		if kind == "zip" && p.Log.Header.Version.Major > 0 && p.Log.Header.Version.Major <= 8 {
			kind = "zip8" // JDK <= 8 native zip: the B4 signature, stronger than a libc copy fault
		}
		for _, lc := range libClasses {
			if lc.kind != kind {
				continue
			}
			var ev Ev
			ev.Add(sig.Lines...)
			ev.Add(st.Top.Line, f.Line)
			lib := LookupLib(f.Library)
			why := "The code that faulted belongs to " + orDash(lib.Owner) + " (" + strings.TrimSpace(f.FrameText()) + ")."
			if sig.HasAddr {
				why += "\nThe fault address is " + DescribeAddr(sig) + "."
			}
			return []Finding{{Class: lc.class, Role: RootCause, Confidence: lc.conf, Summary: lc.summary, Explanation: why, Evidence: ev.Lines(), Remedy: lc.remedy}}
		}
		return nil
	},
}

// Profiler: a profiler's stack walk (AsyncGetCallTrace) crashed in libjvm.
var Profiler = &Rule{
	Name:  "profiler-stack-walk",
	Class: "jvmti-agent-or-profiler", Doc: "AsyncGetCallTrace / profiling stack walk frames",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		if !st.Has("asgct") {
			return nil
		}
		sig := Get[*Sig](p, SigFact)
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line, st.FirstTagged("asgct").Line)
		return []Finding{{Role: RootCause, Confidence: 0.75, Summary: "A sampling profiler's stack walk (AsyncGetCallTrace) crashed the JVM.",
			Explanation: "The frames show a profiling stack walk (" + strings.TrimSpace(st.FirstTagged("asgct").FrameText()) + "), run from a signal handler on an arbitrary thread: a profiler (async-profiler, Datadog, JFR-like agents) or a JVM bug in that API.",
			Evidence:    ev.Lines(),
			Remedy:      []string{"Reproduce without the profiler/agent; upgrade it and the JDK (ASGCT fixes land in updates).", "Do not run experimental profiling modes in production."}}}
	},
}

// libClassIDs are the classes the catalogue table can report.
func libClassIDs() []string {
	var out []string
	for _, lc := range libClasses {
		if !slices.Contains(out, lc.class) {
			out = append(out, lc.class)
		}
	}
	return out
}
