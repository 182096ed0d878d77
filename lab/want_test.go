package lab

import (
	"fmt"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// Want is what a scenario's crash must look like, first as parsed (what
// HotSpot wrote) and then as explained (what hserr concludes).
type Want struct {
	Signal string // header signal, e.g. SIGSEGV; "" for an Internal Error
	Error  string // header error kind when not a signal: "internal-error"
	SiCode string // siginfo code name, e.g. SEGV_MAPERR, SI_USER
	Addr   addrCheck
	Frame  Frame  // the problematic frame
	Thread string // current thread: its state, type or "native thread"
	// Message is a substring of the header's message lines (Internal Error).
	Message string

	Class    string   // verdict.class, a taxonomy.md id
	Findings []string // classes that must also be reported, as findings
	// Says are substrings the verdict's summary, explanation or caveats
	// must contain.
	Says  []string
	Fault Fault // facts the fault analysis must state
	// Known marks checks that fail today for a reason outside the lab
	// (a missing or wrong rule): check name → reason. They are printed,
	// not failed, until fixed.
	Known map[string]string
}

// Fault is what the report's "fault" object must say; empty fields are
// not checked.
type Fault struct {
	AddrClass string // address_class: null, near-null, all-ones, mapped, …
	Insn      string // substring of the decoded faulting instruction
	// Arg: register Reg holds argument N of Func (SysV provenance).
	Arg *Arg
}

// Arg is a register's provenance as a function argument.
type Arg struct {
	Reg  string
	N    int
	Func string
}

// Frame is the expected problematic frame; empty fields are not checked.
type Frame struct {
	Kind     string // C, V, J, j, v
	Library  string
	Symbol   string
	Stub     string // prefix of the v-frame stub name
	Compiler string // c1/c2 for J frames
	Method   string // prefix of the Java method
}

func (w Frame) check(l *model.Log) (bool, string) {
	f := l.Header.ProblematicFrame
	if f == nil {
		return w == Frame{}, "no problematic frame"
	}
	got := strings.TrimSpace(f.Text)
	ok := (w.Kind == "" || f.Kind == w.Kind) &&
		(w.Library == "" || f.Library == w.Library) &&
		(w.Symbol == "" || f.Symbol == w.Symbol) &&
		(w.Stub == "" || strings.HasPrefix(f.Stub, w.Stub)) &&
		(w.Compiler == "" || strings.EqualFold(f.Compiler, w.Compiler)) &&
		(w.Method == "" || strings.HasPrefix(f.Method, w.Method))
	return ok, got
}

func (w Frame) String() string {
	var p []string
	for _, kv := range [][2]string{{"kind", w.Kind}, {"lib", w.Library}, {"sym", w.Symbol},
		{"stub", w.Stub}, {"compiler", w.Compiler}, {"method", w.Method}} {
		if kv[1] != "" {
			p = append(p, kv[0]+"="+kv[1])
		}
	}
	return strings.Join(p, " ")
}

// addrCheck checks si_addr against the rest of the log.
type addrCheck struct {
	desc string
	ok   func(l *model.Log, addr uint64) bool
}

func addrIs(v uint64) addrCheck {
	return addrCheck{fmt.Sprintf("%#x", v), func(_ *model.Log, a uint64) bool { return a == v }}
}

// addrAtPC: SIGILL and SIGFPE report the faulting instruction as si_addr.
func addrAtPC() addrCheck {
	return addrCheck{"= pc", func(l *model.Log, a uint64) bool {
		pc, ok := l.PC()
		return ok && pc == a
	}}
}

// addrInFile: inside a file mapping whose path contains name.
func addrInFile(name string) addrCheck {
	return addrCheck{"in a mapping of *" + name + "*", func(l *model.Log, a uint64) bool {
		m, ok := l.MappingAt(a)
		return ok && strings.Contains(m.Path, name)
	}}
}

// addrNotInFile: not inside a mapping of a file whose path contains name.
// (A SEGV_MAPERR address can be inside an anonymous mapping in the log:
// the memory map is printed after the fault, and error reporting itself
// maps memory, sometimes into the hole the fault hit.)
func addrNotInFile(name string) addrCheck {
	return addrCheck{"in no mapping of *" + name + "*", func(l *model.Log, a uint64) bool {
		m, in := l.MappingAt(a)
		return len(l.Process.Libraries) > 0 && !(in && strings.Contains(m.Path, name))
	}}
}

// addrAbove: a heap-looking address, not NULL plus a field offset.
func addrAbove(v uint64) addrCheck {
	return addrCheck{fmt.Sprintf(">= %#x", v), func(_ *model.Log, a uint64) bool { return a >= v }}
}
