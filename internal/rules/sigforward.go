package rules

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// SignalForwarded: a library took over a signal and, when a fault reached
// its handler, forwarded it to HotSpot without the original context. HotSpot
// handles faults in Java code (implicit null checks, safepoint polls) by
// reading the pc from that context; without it an ordinary NullPointerException
// becomes a crash at pc=0, reported from HotSpot's own handler.
//
// JDK 17+ install their crash handler on SIGSEGV/SIGBUS/SIGFPE/SIGILL while
// writing the report, so the Signal Handlers section often shows the foreign
// handler only on another signal the library also took (SIGPIPE, SIGUSR1…).
var SignalForwarded = &Rule{
	Name:  "signal-forwarded",
	OS:    OnPOSIX, // POSIX signal handlers
	Class: "signal-handler-overridden", Doc: "HotSpot's handler reports a fault in Java code at pc=0, and a library's handler is installed",
	Run: func(p *Pass) []Finding {
		l := p.Log
		var foreign []model.SignalHandler
		for _, h := range l.Process.SignalHandlers {
			if h.Modified && h.Library != "" && LookupLib(h.Library).Kind != "jvm" && !strings.Contains(h.Library, "libjsig") {
				foreign = append(foreign, h)
			}
		}
		if len(foreign) == 0 {
			return nil
		}
		handler, java, ok := handlerOverJava(l.Thread.NativeFrames)
		if !ok {
			return nil
		}
		var ev Ev
		ev.Add(l.Header.ErrorLine, handler.Line, java.Line)
		var libs []string
		for _, h := range foreign {
			ev.Add(h.Line)
			libs = append(libs, h.Signal+" → "+h.Handler)
		}
		conf := 0.7
		why := []string{
			"HotSpot's own signal handler (" + strings.TrimSpace(handler.FrameText()) + ", line " + itoa(handler.N) + ") is reporting a fault in Java code (" + strings.TrimSpace(java.FrameText()) + ", line " + itoa(java.N) + "): HotSpot handles such faults itself (implicit null checks, safepoint polls), so it must have been called without the information it needs.",
			"A library has installed its own handler: " + strings.Join(libs, ", ") + ". A handler that forwards a signal to the previous one without the original siginfo and ucontext leaves HotSpot with no pc.",
		}
		if pc, ok := l.PC(); ok && pc == 0 {
			conf = 0.8
			why = append(why, "The error line reports pc=0x0: the context HotSpot received was empty.")
		}
		if l.Thread.Registers == nil {
			why = append(why, "There is no Registers block for the same reason.")
		}
		return []Finding{{Role: RootCause, Confidence: conf,
			Summary:     "A native library's signal handler forwarded a fault to HotSpot without its context, so an ordinary fault in Java code killed the JVM.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{
				byOS(p.Log, "Preload the JDK's signal-chaining library: LD_PRELOAD=$JAVA_HOME/lib/libjsig.so (JDK 8: jre/lib/<arch>/libjsig.so).",
					"Preload the JDK's signal-chaining library: DYLD_INSERT_LIBRARIES=$JAVA_HOME/lib/libjsig.dylib (JDK 8: jre/lib/libjsig.dylib).",
					"", "Preload the JDK's signal-chaining library (libjsig) before the library that installs its handlers."),
				"Configure the library not to install signal handlers, or fix it to call the previous handler with the original siginfo and ucontext (sa_sigaction(sig, info, ucontext)).",
			}}}
	},
}

// handlerOverJava finds HotSpot's signal handler frame directly above a
// signal trampoline and a Java frame: the JVM reporting a fault in Java code.
func handlerOverJava(fs []model.Frame) (handler, java model.Frame, ok bool) {
	for i, f := range fs {
		if f.Kind != "V" || !(strings.Contains(f.Symbol, "JVM_handle_linux_signal") || strings.Contains(f.Symbol, "JVM_handle_bsd_signal") || strings.Contains(f.Symbol, "javaSignalHandler")) {
			continue
		}
		for _, g := range fs[i+1:] {
			switch {
			case g.Kind == "C" && (g.Symbol == "" || strings.Contains(g.Symbol, "restore_rt") || strings.Contains(g.Symbol, "sigtramp")):
				continue // the kernel's signal trampoline
			case g.Kind == "j" || g.Kind == "J":
				return f, g, true
			}
			return model.Frame{}, model.Frame{}, false
		}
	}
	return model.Frame{}, model.Frame{}, false
}
