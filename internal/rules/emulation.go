package rules

import (
	"regexp"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// rosettaCPU is the synthetic CPU Rosetta 2 reports to x86-64 code: a
// Westmere with no microcode (adoptium-support #282).
const rosettaCPU = "family 6 model 44 stepping 0 microcode 0x0"

// vsyscallPage is x86-64 Linux's legacy vsyscall page.
const vsyscallPage uint64 = 0xffffffffff600000

// qemuTCG is how a CPU emulated in software by QEMU (TCG, no KVM) names
// itself in /proc/cpuinfo, which the Host: line repeats.
const qemuTCG = "QEMU TCG CPU"

// appleSilicon matches Mac model identifiers of Apple-silicon machines.
var appleSilicon = regexp.MustCompile(`\b(MacBookPro1[78],\d|MacBookAir10,1|Macmini9,1|iMac2[14],\d|Mac1[3-9],\d+)\b`)

var armUname = regexp.MustCompile(`\b(aarch64|arm64)\b`)

// appleSiliconModel is appleSilicon's match in s. Every model name holds
// "Mac", and a Contains rules most lines out far more cheaply than the regexp.
func appleSiliconModel(s string) string {
	if !strings.Contains(s, "Mac") {
		return ""
	}
	return appleSilicon.FindString(s)
}

// isARMUname reports an aarch64/arm64 word, checking the substrings first as
// appleSiliconModel does.
func isARMUname(s string) bool {
	return (strings.Contains(s, "aarch64") || strings.Contains(s, "arm64")) && armUname.MatchString(s)
}

// Emulation recognises x86-emulation-rosetta-qemu: a JVM whose machine
// code is translated (Rosetta 2, QEMU user mode or QEMU TCG).
var Emulation = &Rule{
	Class: "x86-emulation-rosetta-qemu", Doc: "a binary translator mapped in the process, a translated CPU (Rosetta's synthetic Westmere, QEMU TCG), or an ARM host under an amd64 JVM",
	Requires: []*Fact{SigFact, StackFact},
	Run: func(p *Pass) []Finding {
		e := emulationEvidence(p.Log)
		if e.conf == 0 {
			return nil
		}
		l := p.Log
		sig := Get[*Sig](p, SigFact)
		st := Get[*Stack](p, StackFact)
		ev, why, conf := e.ev, e.why, e.conf
		ev.Add(sig.Lines...)
		ev.Add(st.Top.Line, l.Header.JavaVM)
		vsyscall := false
		if pc := l.Header.PC; l.Header.HasPC && pc >= vsyscallPage && pc < vsyscallPage+0x1000 && e.certain {
			vsyscall = true
			why = append(why, "The pc is in the legacy vsyscall page (0xffffffffff600000), which old C libraries call for time and CPU queries; a user-mode translator does not provide it, so the call faults.")
		}
		if sig.Name == "SIGFPE" && st.HasTop && (st.Top.Kind == "j" || st.Top.Kind == "J") {
			conf += 0.05
			why = append(why, "SIGFPE in Java code: HotSpot turns an integer division by zero into ArithmeticException by catching SIGFPE at a known pc; under emulation the signal context does not match and the JVM dies instead (adoptium-support #231).")
		}
		why = append(why, "HotSpot relies on exact signal semantics, self-modifying code and W^X handling that Rosetta 2 and QEMU do not reproduce faithfully; running a JVM this way is unsupported (JDK-8258686), and the crashes it causes land in the JIT's code, the collector or the VM's own checks rather than in one place.")
		role := RootCause
		if e.certain && !vsyscall && vmShaped(sig, st) && conf > 0.7 {
			// a crash in the VM's own code or the C library fits a
			// translator's gaps, and a JVM bug or corruption just as well
			conf = 0.7
			why = append(why, "The crash is in the VM's own code, not in generated code or a signal HotSpot handles: translation fits it, but so does a JVM bug, so this stays below the confidence of a crash in translated Java code.")
		}
		if !emulationShaped(sig, st, e.certain) {
			role, conf = Factor, 0.5
			why = append(why, "This crash does not have the shape of an emulation failure (a signal HotSpot handles, or a fault in generated code or the VM), so translation is a suspect, not the finding.")
		}
		return []Finding{{Role: role, Confidence: conf,
			Summary:     "The JVM's machine code is translated (Rosetta 2 or QEMU): it is not running on a CPU of its own architecture.",
			Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
			Remedy: []string{"Use a JDK built for the machine's own CPU (macos-aarch64 / linux-aarch64 on ARM machines).",
				"Containers: build and run images for the host's architecture (linux/arm64 on Apple silicon); drop --platform=linux/amd64 for JVM workloads.",
				"If it must stay emulated, run with -Xint once: a crash that goes away without the JIT points at the translator, not the program."}}}
	},
}

// emulationShaped: the crash is one translation is known to cause: a
// signal HotSpot uses itself (SIGFPE, SIGILL, SIGTRAP, SIGBUS), or a fault
// in generated or interpreted Java code. When the translator itself is in
// evidence (certain), a fault in the VM or the C library counts too, at a
// capped confidence (vmShaped): translators reproduce memory ordering,
// signal contexts and self-modifying code imperfectly, which breaks the
// collector's and the safepoint protocol's assumptions, but a JVM bug looks
// the same; a named third-party library on top still stays that library's.
func emulationShaped(sig *Sig, st *Stack, certain bool) bool {
	switch sig.Name {
	case "SIGFPE", "SIGILL", "SIGTRAP", "SIGBUS":
		return true
	}
	if !st.HasTop {
		return certain
	}
	switch st.Top.Kind {
	case "J", "j", "v":
		return true
	case "V":
		return certain
	}
	return certain && st.Foreign == nil
}

// vmShaped: the crash counts as emulation-shaped only because the
// translator is certain: a VM frame, no frame, or the C library on top,
// with no signal HotSpot uses itself.
func vmShaped(sig *Sig, st *Stack) bool {
	switch sig.Name {
	case "SIGFPE", "SIGILL", "SIGTRAP", "SIGBUS":
		return false
	}
	if !st.HasTop {
		return true
	}
	switch st.Top.Kind {
	case "J", "j", "v":
		return false
	}
	return true
}

// emulation is what the log shows of translation.
type emulation struct {
	conf float64
	// certain: translation is proven (the translator, its synthetic CPU,
	// or an ARM host under an x86-64 JVM), not inferred from an address
	// layout.
	certain bool
	ev      Ev
	why     []string
}

func (e *emulation) add(conf float64, certain bool, line model.Line, why string) {
	e.conf = max(e.conf, conf)
	e.certain = e.certain || certain
	e.ev.Add(line)
	e.why = append(e.why, why+" (line "+itoa(line.N)+")")
}

// emulationEvidence gathers every sign of translation the log carries.
func emulationEvidence(l *model.Log) *emulation {
	e := &emulation{}
	if m, ok := translatorMapping(l); ok {
		e.add(0.85, true, mappingLine(m), "The translator itself is mapped into the process: "+m.Path+" runs the JVM's code")
	}
	if h := l.Summary.Host; strings.Contains(h.Text, qemuTCG) {
		e.add(0.8, true, h, "The host CPU is \""+qemuTCG+"\": QEMU emulating the CPU in software (TCG), not a real processor")
	}
	if l.CPU() == model.ArchAMD64 {
		amd64OnARM(l, e)
	}
	if e.conf == 0 && l.OS() == "linux" {
		qemuGuestRange(l, e)
	}
	return e
}

// QEMU user mode maps a 64-bit guest's memory from guest address 1<<38
// (its TASK_UNMAPPED_BASE); a Linux kernel running the JVM itself puts
// mmap'd memory (thread stacks, malloc arenas) just under the stack top,
// 0x7f… (or 0x2aaa… in the legacy layout), never there.
const (
	qemuGuestLo uint64 = 1 << 38
	qemuGuestHi uint64 = qemuGuestLo + 1<<32
)

func inQemuGuest(a uint64) bool { return a >= qemuGuestLo && a < qemuGuestHi }

// qemuGuestRange adds a weak sign: the crashing thread and its stack both
// live in QEMU user mode's guest range.
func qemuGuestRange(l *model.Log, e *emulation) {
	c := l.Thread.Current
	if c == nil || !inQemuGuest(c.Address) || !inQemuGuest(c.StackBase) || !inQemuGuest(c.StackTop) {
		return
	}
	why := "The crashing thread and its stack lie at 0x40_xxxx_xxxx, where QEMU user mode maps a 64-bit guest's memory; a Linux kernel running the JVM natively maps thread stacks near 0x7f…"
	conf := 0.6
	if h := l.Summary.Host.Text; bareHost(h) {
		conf = 0.7
		e.add(conf, false, l.Summary.Host, "The Host line names no CPU model: /proc/cpuinfo has no x86 \"model name\", as on an ARM host")
	}
	e.add(conf, false, c.Line, why)
}

// bareHost: "Host: x86_64, 4 cores, …": the architecture where HotSpot
// prints the CPU's model name when /proc/cpuinfo has one.
func bareHost(h string) bool {
	return strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(h, "Host:")), "x86_64,")
}

// amd64OnARM adds the signs that an x86-64 JVM runs on an ARM machine.
func amd64OnARM(l *model.Log, e *emulation) {
	if c := l.System.CPU; strings.Contains(c.Text, rosettaCPU) {
		e.add(0.8, true, c, "The CPU line reads \""+rosettaCPU+"\": the synthetic Westmere that Rosetta 2 shows x86-64 programs, not a real CPU")
	}
	if c := l.System.CPUInfoARM; c.Text != "" && l.OS() == "linux" {
		e.add(0.85, true, c, "/proc/cpuinfo describes an ARM CPU while the JVM is built for x86-64: every instruction is translated")
	}
	for _, hl := range []model.Line{l.Summary.Host, l.System.Uname} {
		if m := appleSiliconModel(hl.Text); m != "" {
			e.add(0.8, true, hl, "The host is "+m+", an Apple-silicon Mac, running an x86-64 JVM")
		}
	}
	if u := l.System.Uname; isARMUname(u.Text) {
		e.add(0.85, true, u, "The kernel reports an ARM machine while the JVM is built for x86-64: every instruction is translated")
	}
}

// translatorMapping finds a binary translator in the memory map: Rosetta
// for Linux VMs (/run/rosetta/rosetta), macOS's Rosetta runtime
// (libRosettaRuntime, not libRosetta.dylib, which every macOS process
// maps), or a QEMU user-mode binary (qemu-x86_64, qemu-x86_64-static …).
func translatorMapping(l *model.Log) (model.Mapping, bool) {
	for _, m := range l.Process.Libraries {
		base := m.Path[strings.LastIndexAny(m.Path, `/\`)+1:]
		switch {
		case base == "rosetta" && strings.Contains(m.Path, "/rosetta/"),
			base == "libRosettaRuntime",
			strings.HasPrefix(base, "qemu-") && !strings.HasSuffix(base, ".so") && !strings.Contains(base, ".so."):
			return m, true
		}
	}
	return model.Mapping{}, false
}

// mappingLine quotes a Dynamic libraries entry as the model keeps it.
func mappingLine(m model.Mapping) model.Line { return model.Line{N: m.Line, Text: m.Text} }
