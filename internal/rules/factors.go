package rules

import (
	"fmt"
	"strings"

	"github.com/hserr/hserr/internal/fault"
)

// Contributing factors and log-quality notes: findings, never the verdict
// on their own (except a handler override that explains a J-frame fault).

// HandlerOverridden: a library replaced HotSpot's signal handlers.
var HandlerOverridden = &Rule{
	FindingOnly: true,
	OS:          OnPOSIX, // POSIX signal handlers
	Class:       "signal-handler-overridden", Doc: "Signal Handlers section shows a modified or foreign SIGSEGV/SIGBUS/SIGILL/SIGFPE handler",
	Run: func(p *Pass) []Finding {
		var ev Ev
		var libs []string
		for _, h := range p.Log.Process.SignalHandlers {
			switch h.Signal {
			case "SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE", "SIGUSR2":
			default:
				continue
			}
			foreign := h.Library != "" && LookupLib(h.Library).Kind != "jvm" && !strings.Contains(h.Library, "libjsig")
			if h.Modified || foreign {
				ev.Add(h.Line)
				libs = append(libs, h.Signal+" → "+orDash(h.Library))
			}
		}
		if ev.Len() == 0 {
			return nil
		}
		return []Finding{{Role: Factor, Confidence: 0.8, Summary: "A native library replaced HotSpot's signal handlers (" + strings.Join(libs, ", ") + ").",
			Explanation: "HotSpot relies on SIGSEGV/SIGBUS/SIGILL/SIGFPE for implicit null checks, stack banging and safepoints; a foreign handler that does not chain turns normal events into crashes.",
			Evidence:    ev.Lines(),
			Remedy: []string{byOS(p.Log, "Preload the JDK's signal-chaining library: LD_PRELOAD=$JAVA_HOME/lib/libjsig.so (JDK 8: jre/lib/<arch>/libjsig.so).",
				"Preload the JDK's signal-chaining library: DYLD_INSERT_LIBRARIES=$JAVA_HOME/lib/libjsig.dylib (JDK 8: jre/lib/libjsig.dylib).",
				"", "Preload the JDK's signal-chaining library (libjsig) before the library that installs its handlers."),
				"Configure the library not to install signal handlers."}}}
	},
}

// Truncated: the report is cut short or faulted while being written.
var Truncated = &Rule{
	FindingOnly: true,
	Class:       "report-truncated-or-secondary-fault", Doc: "missing sections, secondary errors or timeouts during error reporting",
	Run: func(p *Pass) []Finding {
		pi := p.Log.Parse
		var ev Ev
		var what []string
		for _, m := range pi.Markers {
			ev.Add(m.Line)
			what = append(what, m.Kind)
		}
		var missing []string
		for _, s := range pi.Sections {
			if !s.Present {
				if writes, known := p.Log.Header.Version.WritesSummary(); s.Name == "summary" && !(known && writes) {
					continue // JDK ≤ 8 has no SUMMARY section; missing only where the JDK is known to write one
				}
				missing = append(missing, s.Name)
			} else if !s.Complete {
				missing = append(missing, s.Name+" (cut short)")
			}
		}
		if !pi.Truncated && ev.Len() == 0 && len(missing) == 0 {
			return nil
		}
		s := "The log is incomplete"
		if len(missing) > 0 {
			s += ": missing " + strings.Join(missing, ", ")
		}
		if len(what) > 0 {
			s += fmt.Sprintf("; %d error-reporting marker(s) (%s)", len(what), strings.Join(uniq(what), ", "))
		}
		return []Finding{{Role: Quality, Confidence: 0.9, Summary: s + ".",
			Explanation: "Evidence is partial, so confidence in any verdict is lower. Secondary errors while reporting often mean broken global state (corrupt heap, a crashed driver); several threads failing at once points to shared-state corruption rather than one bad caller.",
			Evidence:    ev.Lines(),
			Remedy:      []string{"Attach the complete hs_err_pid<N>.log (not a console excerpt) and, if possible, the core dump."}}}
	},
}

func uniq(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// THP: transparent huge pages set to always.
var THP = &Rule{
	FindingOnly: true,
	OS:          OnLinux, // Transparent Huge Pages are a Linux feature
	Class:       "large-pages-thp-misconfig", Doc: "THP enabled=[always], or -XX:+UseLargePages without huge pages",
	Requires: []*Fact{MemFact},
	Run: func(p *Pass) []Finding {
		// THP [always] is many distributions' default: every healthy JVM on
		// them shows it. It bears on a crash only through memory (bloat,
		// compaction stalls): a native out-of-memory report.
		if !isNativeOOM(p.Log) {
			return nil
		}
		var ev Ev
		var why []string
		for _, kv := range p.Log.System.THP {
			if strings.HasSuffix(kv.Key, "enabled") && strings.Contains(kv.Value, "[always]") {
				ev.Add(p.KVLine(kv))
				why = append(why, "Transparent Huge Pages are enabled for every mapping ([always]): memory bloat and compaction stalls (JDK-8312182).")
			}
		}
		if a, ok := p.Log.HasJVMArg("-XX:+UseLargePages"); ok {
			m := Get[*Mem](p, MemFact)
			if n, _, has := m.KB("HugePages_Total"); has && n == 0 {
				ev.Add(a, m.Line("HugePages_Total"))
				why = append(why, "-XX:+UseLargePages is set but no hugetlbfs pages are configured (HugePages_Total: 0).")
			}
		}
		if ev.Len() == 0 {
			return nil
		}
		return []Finding{{Role: Factor, Confidence: 0.6, Summary: "Huge-page configuration mismatch (contributing factor, not the crash itself).",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"echo madvise > /sys/kernel/mm/transparent_hugepage/enabled (the JVM opts in with -XX:+UseTransparentHugePages).", "Configure hugetlbfs pages (vm.nr_hugepages) before using -XX:+UseLargePages."}}}
	},
}

// Hardware: the kernel reports corrupted memory.
var Hardware = &Rule{
	Class: "hardware-memory-or-cpu-fault", Doc: "HardwareCorrupted > 0 in meminfo, or SI_KERNEL si_code",
	Requires: []*Fact{MemFact, SigFact, FaultFact, TextPointerFact},
	Run: func(p *Pass) []Finding {
		m := Get[*Mem](p, MemFact)
		sig := Get[*Sig](p, SigFact)
		var ev Ev
		var why []string
		corrupted, ln, _ := m.KB("HardwareCorrupted")
		if corrupted > 0 {
			ev.Add(ln)
			why = append(why, fmt.Sprintf("The kernel has retired %d kB of memory as hardware-corrupted (HardwareCorrupted, line %d).", corrupted, ln.N))
		}
		if sig.Code == "SI_KERNEL" && (sig.Name == "SIGSEGV" || sig.Name == "SIGBUS") && !softwareGP(p) {
			ev.Add(sig.Lines...)
			why = append(why, "si_code SI_KERNEL: the kernel, not a page fault, raised the signal (machine check or a general-protection fault).")
		}
		if ev.Len() == 0 {
			return nil
		}
		return []Finding{{Role: RootCause, Confidence: hwConf(corrupted > 0, len(why)), Summary: "Signs of faulty hardware (memory or CPU).",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Test RAM (memtest86+, memtester), check dmesg for mce/EDAC errors, update BIOS/microcode, move the workload to another host."}}}
	},
}

// softwareGP: the fault analysis explains a general-protection fault by a
// pointer the code used (a non-canonical operand, or string bytes where a
// pointer belongs): software, not a machine check.
func softwareGP(p *Pass) bool {
	if len(Get[*TextPointers](p, TextPointerFact).Regs) > 0 {
		return true
	}
	fa := Get[*fault.Analysis](p, FaultFact)
	return fa != nil && fa.Agreement == fault.AgreeGPZero && fa.Address != nil && fa.Address.Class == fault.ClassNonCanonical
}

// hwConf: HardwareCorrupted is direct evidence; SI_KERNEL alone is also what
// a general-protection fault on a corrupted (non-canonical) pointer gives.
func hwConf(corrupted bool, n int) float64 {
	if corrupted {
		return 0.7 + 0.1*float64(n-1)
	}
	return 0.35
}
