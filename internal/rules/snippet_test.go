package rules

import (
	"fmt"
	"strings"

	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/parse"
)

// hs is a hand-written hs_err log: only the lines a rule reads, written as
// HotSpot prints them and read by the real parser, so a case tests the rule
// on what a log really looks like. Zero fields get a plain default.
type hs struct {
	Err      string   // header error line after "#  " (default: a SIGSEGV)
	JDK      string   // version token (default 17.0.10+7)
	Platform string   // default linux-amd64
	Header   []string // more '#' lines after the error line (messages, OOM)
	Frame    string   // problematic frame, as printed after "# "
	Thread   string   // Current thread line
	Siginfo  string   // default: SEGV_MAPERR at 0x00007f0012345678
	Frames   []string // Native frames
	Java     []string // Java frames
	More     []string // other THREAD section lines (Registers:, VM_Operation, …)
	Process  []string // PROCESS section lines
	System   []string // SYSTEM section lines
}

// si is a Linux siginfo line.
func si(sig int, name, code string, addr uint64) string {
	n := map[string]int{"SEGV_MAPERR": 1, "SEGV_ACCERR": 2, "BUS_ADRERR": 2, "FPE_INTDIV": 1, "ILL_ILLOPN": 2, "SI_KERNEL": 128, "SI_USER": 0}[code]
	return fmt.Sprintf("siginfo: si_signo: %d (%s), si_code: %d (%s), si_addr: 0x%016x", sig, name, n, code, addr)
}

func segvAt(addr uint64) string { return si(11, "SIGSEGV", "SEGV_MAPERR", addr) }

func (h hs) log() *model.Log { return parse.ParseBytes([]byte(hsText(h))) }

// hsText is the log's text, for cases that edit a line hs does not expose.
func hsText(h hs) string {
	def := func(v, d string) string {
		if v == "" {
			return d
		}
		return v
	}
	jdk := def(h.JDK, "17.0.10+7")
	var b strings.Builder
	w := func(s ...string) {
		for _, x := range s {
			b.WriteString(x + "\n")
		}
	}
	w("#", "# A fatal error has been detected by the Java Runtime Environment:", "#")
	hash := func(x string) string {
		if strings.HasPrefix(x, "#") {
			return x
		}
		return "#  " + x
	}
	w(hash(def(h.Err, "SIGSEGV (0xb) at pc=0x00007f0000001234, pid=100, tid=101")))
	for _, x := range h.Header {
		w(hash(x))
	}
	w("#", "# JRE version: OpenJDK Runtime Environment ("+jdk+") (build "+jdk+")")
	w("# Java VM: OpenJDK 64-Bit Server VM (" + jdk + ", mixed mode, sharing, tiered, compressed oops, compressed class ptrs, g1 gc, " + def(h.Platform, "linux-amd64") + ")")
	if h.Frame != "" {
		w("# Problematic frame:", "# "+h.Frame)
	}
	w("#", "", "---------------  T H R E A D  ---------------", "")
	w(def(h.Thread, `Current thread (0x00007f0000010000):  JavaThread "main" [_thread_in_native, id=101, stack(0x00007f0000100000,0x00007f0000200000)]`), "")
	w("Stack: [0x00007f0000100000,0x00007f0000200000],  sp=0x00007f00001ff000,  free space=1020k")
	if len(h.Frames) > 0 {
		w("Native frames: (J=compiled Java code, j=interpreted, Vv=VM code, C=native code)")
		w(h.Frames...)
	}
	if len(h.Java) > 0 {
		w("", "Java frames: (J=compiled Java code, j=interpreted, Vv=VM code)")
		w(h.Java...)
	}
	w("", def(h.Siginfo, segvAt(0x00007f0012345678)), "")
	w(h.More...)
	w("", "---------------  P R O C E S S  ---------------", "")
	w(h.Process...)
	w("", "---------------  S Y S T E M  ---------------", "")
	w(h.System...)
	w("", "END.")
	return b.String()
}

// raw parses a whole log given as text.
func raw(s string) *model.Log { return parse.ParseBytes([]byte(s)) }
