package rules

import (
	"fmt"
	"slices"
	"strings"
)

// Desktop toolkit rules: GTK/X11 on Wayland, Objective-C/AppKit on macOS.

// GTKWayland recognises gtk-wayland-x11: the crash is in the GTK/GDK/X11
// libraries; Wayland sessions and two GTK majors in one process make it
// the known toolkit clash.
var GTKWayland = &Rule{
	OS:    OnX11, // GTK/X11 desktops
	Class: "gtk-wayland-x11", Doc: "top frame in libX11/libgdk/libgtk/libglass; Wayland session or mixed GTK 2/3",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		f := st.Top
		if st.TopLib.Kind != "gtk" {
			if st.Foreign == nil || st.ForeignLib.Kind != "gtk" || !IsSystemKind(st.TopLib.Kind) {
				return nil
			}
			f = *st.Foreign
		}
		l := p.Log
		sig := Get[*Sig](p, SigFact)
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line, f.Line)
		conf := 0.6
		why := []string{"The crash is in the desktop toolkit: " + strings.TrimSpace(f.FrameText()) + "."}
		for _, name := range []string{"XDG_SESSION_TYPE", "WAYLAND_DISPLAY"} {
			if e, ok := l.Env(name); ok && (name == "WAYLAND_DISPLAY" || strings.EqualFold(e.Value, "wayland")) {
				conf = 0.8
				ev.Add(p.EnvLine(e))
				why = append(why, "The session is Wayland ("+e.Name+"="+e.Value+", line "+itoa(e.Line)+"): GTK 3 may pick its Wayland backend while the Java toolkit code expects an X11 display (JDK-8210411).")
				break
			}
		}
		gtk2, ok2 := findMapping(l, "libgtk-x11-2.0")
		gtk3, ok3 := findMapping(l, "libgtk-3")
		if ok2 && ok3 {
			conf = max(conf, 0.75)
			ev.Add(p.MappingLine(gtk2), p.MappingLine(gtk3))
			why = append(why, "Both GTK 2 (line "+itoa(gtk2.Line)+") and GTK 3 (line "+itoa(gtk3.Line)+") are loaded: two toolkit versions in one process (e.g. SWT or JavaFX next to AWT's GTK look-and-feel) clash on shared X11/GDK state.")
		}
		summary := "The GTK/X11 desktop toolkit crashed (Wayland/XWayland backend mismatch or mixed GTK versions)."
		if conf == 0.6 {
			// say only what the log shows: the toolkit, not which of its failures
			summary = "The GTK/GDK/X11 desktop toolkit crashed; the log does not show why (a Wayland backend or two GTK versions in one process are the known causes)."
			why = append(why, "The log does not show the session type (HotSpot prints DISPLAY but not XDG_SESSION_TYPE on most JDKs), so Wayland cannot be confirmed.")
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     summary,
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Force the X11 backend: GDK_BACKEND=x11 in the environment.",
				"Use one GTK version: -Djdk.gtk.version=2 or 3 to match SWT/JavaFX (SWT_GTK3=0/1).",
				"Upgrade JavaFX (12+ forces X11) and the JDK."}}}
	},
}

// AppKit recognises macos-appkit-objc: an Objective-C runtime or AppKit
// frame on top of a macOS crash.
var AppKit = &Rule{
	OS:    OnMacOS, // AppKit
	Class: "macos-appkit-objc", Doc: "macOS crash in libobjc (objc_msgSend…) or AppKit/Foundation frames, or in a toolkit's AppKit bridge off the main thread",
	Requires: []*Fact{SigFact, StackFact, ThreadFact},
	Run: func(p *Pass) []Finding {
		st := Get[*Stack](p, StackFact)
		if p.Log.OS() != "macos" || !st.HasTop {
			return nil
		}
		f := st.Top
		if st.TopLib.Kind != "objc" {
			if st.Foreign == nil || st.ForeignLib.Kind != "objc" || !IsSystemKind(st.TopLib.Kind) {
				return offMainBridge(p, st)
			}
			f = *st.Foreign
		}
		sig := Get[*Sig](p, SigFact)
		var ev Ev
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line, f.Line)
		why := []string{"The crash is in the Objective-C runtime or AppKit: " + strings.TrimSpace(f.FrameText()) + "."}
		conf := 0.65
		if strings.HasPrefix(f.Symbol, "objc_msgSend") || strings.HasPrefix(f.Symbol, "objc_release") || strings.HasPrefix(f.Symbol, "objc_retain") {
			conf = 0.75
			why = append(why, "objc_msgSend/objc_release faulting means a message was sent to an object that was already deallocated, or from a thread AppKit does not allow.")
		}
		if strings.Contains(f.Symbol, "DISPATCH_WAIT_FOR_QUEUE") || strings.Contains(f.Symbol, "dispatch_sync_f_slow") {
			conf = 0.75
			why = append(why, "libdispatch crashed the process on purpose: a dispatch_sync onto a queue the calling thread already runs (the main queue from the main/AppKit thread), which would deadlock.")
		}
		if a, ok := p.Log.HasJVMArg("-XstartOnFirstThread"); ok {
			ev.Add(a)
			why = append(why, "-XstartOnFirstThread is set (line "+itoa(a.N)+"): required by GLFW/SWT, wrong for plain AWT/Swing apps.")
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     "Objective-C/AppKit was used wrongly from Java (UI call off the main thread, or a released object).",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Follow the toolkit's threading rule: GLFW/SWT need -XstartOnFirstThread, AWT apps must not use it; make every AppKit call on the main thread.",
				"Upgrade LWJGL/SWT/JCEF and the JDK."}}}
	},
}

// macBridge are the Java packages whose native methods call AppKit
// directly, on the calling thread (JavaFX's glass, SWT's Cocoa bindings).
// AWT's LWCToolkit natives are left out: they hop to the AppKit thread
// themselves, so the calling thread says nothing.
var macBridge = []string{"com.sun.glass.ui.mac.", "org.eclipse.swt.internal.cocoa."}

// mainThreads are the names AppKit's main thread has in a JVM.
var mainThreads = []string{"main", "AppKit Thread", "JavaFX Application Thread"}

// offMainBridge: the crash is in a Java method that calls AppKit (its
// native entry on top) on a thread other than the main thread: AppKit is
// not thread-safe, and such calls crash inside it or its callbacks.
func offMainBridge(p *Pass, st *Stack) []Finding {
	th := Get[*ThreadKind](p, ThreadFact)
	if !st.HasTop || (st.Top.Kind != "j" && st.Top.Kind != "J") || th.Info == nil || slices.Contains(mainThreads, th.Info.Name) {
		return nil
	}
	bridge := false
	for _, pre := range macBridge {
		bridge = bridge || strings.HasPrefix(st.Top.Method, pre)
	}
	if !bridge {
		return nil
	}
	sig := Get[*Sig](p, SigFact)
	var ev Ev
	ev.Add(sig.Lines...)
	ev.Add(st.Top.Line, th.Line)
	// The thread's name is the whole evidence: a thread outside the usual
	// main-thread names may still be the one the toolkit runs AppKit on.
	return []Finding{{Role: RootCause, Confidence: 0.5,
		Summary:     "A UI toolkit's AppKit call was made off the main thread.",
		Explanation: "The crash is in " + strings.TrimSpace(st.Top.FrameText()) + ", a method whose native side calls AppKit, on the thread " + fmt.Sprintf("%q", th.Info.Name) + ": AppKit may only be used from the main thread (\"AppKit Thread\" / the JavaFX Application Thread), and calls from other threads crash inside it or in its callbacks.",
		Evidence:    ev.Lines(),
		Remedy: []string{"Make UI changes on the toolkit's thread: Platform.runLater (JavaFX), SwingUtilities.invokeLater (AWT/Swing), Display.asyncExec (SWT).",
			"Upgrade the toolkit (JavaFX, SWT) and the JDK."}}}
}
