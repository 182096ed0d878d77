package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hserr/hserr/internal/fault"
	"github.com/hserr/hserr/internal/model"
)

// Address classes of the fault address. They are fault's classes: the
// fault analysis is the one place an address is classified, and rules read
// its answer (a second classifier here used to disagree with it).
const (
	AddrNull        = fault.ClassNull         // exactly 0
	AddrNearNull    = fault.ClassNearNull     // a field offset off NULL (< 64 KiB)
	AddrAllOnes     = fault.ClassAllOnes      // -1 / MAP_FAILED
	AddrNearAllOnes = fault.ClassNearAllOnes  // -1 plus or minus a small offset
	AddrNonCanon    = fault.ClassNonCanonical // not a user-space address on x86-64
	AddrKernel      = fault.ClassKernel       // the kernel half of the address space
	AddrStackGuard  = fault.ClassStackGuard   // in the guard zones of the thread stack
	AddrStack       = fault.ClassStack        // in the thread stack, above its guard zones
	AddrMapped      = fault.ClassMapped       // inside a Dynamic libraries entry
	AddrUnmapped    = fault.ClassUnmapped     // a hole in the memory map (map known)
	AddrUnknown     = fault.ClassUnknown      // no address, no map to check against, or not reported (#GP)
)

// Sig is the shared reading of the signal: what, how and where.
type Sig struct {
	Name    string // SIGSEGV, EXCEPTION_ACCESS_VIOLATION, …
	Code    string // SEGV_MAPERR, BUS_ADRERR, SI_USER, …
	Addr    uint64
	HasAddr bool
	// Class and Detail are fault's classification of the fault address.
	Class  fault.AddressClass
	Detail string
	// Uncertain says why Class may be wrong ("" when firm), from fault.
	Uncertain string
	Mapping   *model.Mapping // the mapping that holds Addr, if any
	// MappedLater: si_code SEGV_MAPERR says no mapping covered Addr when the
	// fault happened, but the memory map (printed afterwards, while the
	// report was written) has an anonymous one there now.
	MappedLater *model.Mapping
	// Lines are the header error line and the siginfo line.
	Lines []model.Line
}

// windowsIllegal is Windows' name for SIGILL.
const windowsIllegal = "EXCEPTION_ILLEGAL_INSTRUCTION"

// Illegal reports an illegal-instruction fault, on any OS.
func (s *Sig) Illegal() bool { return s.Name == "SIGILL" || s.Name == windowsIllegal }

// SigFact reads the signal and its code, and takes the fault address and
// its class from the fault analysis.
var SigFact = &Fact{
	Name:     "signal",
	Doc:      "signal name, si_code and fault's class of the fault address",
	Requires: []*Fact{FaultFact},
	Compute: func(p *Pass) any {
		l := p.Log
		s := &Sig{Name: l.Header.Signal, Class: AddrUnknown}
		if l.Header.ErrorLine.N > 0 {
			s.Lines = append(s.Lines, l.Header.ErrorLine)
		}
		if si := l.Thread.Siginfo; si != nil {
			if s.Name == "" {
				s.Name = si.SigName
			}
			s.Code = si.CodeName
			s.Lines = append(s.Lines, si.Line)
		}
		s.Addr, s.HasAddr = l.FaultAddress()
		fa := Get[*fault.Analysis](p, FaultFact)
		if fa != nil && fa.AssertPoison {
			s.Addr, s.HasAddr = 0, false // HotSpot's own poison-page write: no fault address
			return s
		}
		if !s.HasAddr || fa == nil || fa.Address == nil {
			return s
		}
		a := fa.Address
		// a #GP's hidden address is recovered from the operand: classify that
		s.Addr, s.Class, s.Detail, s.Uncertain = uint64(a.Address), a.Class, a.Detail, a.Uncertain
		if a.Mapping != nil {
			if m, ok := l.MappingAt(uint64(a.Address)); ok {
				s.Mapping = &m
			}
		}
		if a.MappedLater != nil {
			if m, ok := l.MappingAt(uint64(a.Address)); ok {
				s.MappedLater = &m
			}
		}
		return s
	},
}

// DescribeAddr says in words what the address class means: fault's words.
func DescribeAddr(s *Sig) string {
	a := fmt.Sprintf("0x%x", s.Addr)
	if s.Detail == "" {
		return a
	}
	return a + ": " + s.Detail
}

// Stack is the shared reading of the crashing thread's frames.
type Stack struct {
	// Top is the problematic frame (or the first native frame).
	Top    model.Frame
	HasTop bool
	TopLib Lib
	// Frames are the native frames, or the Java frames when those are all
	// the log has.
	Frames []model.Frame
	Java   []model.Frame
	// Foreign is the first C frame in a library that is neither the JVM,
	// the JDK nor the OS: whose code was running.
	Foreign    *model.Frame
	ForeignLib Lib
	// tagged lists each frame-pattern tag of each frame, in frame order: a
	// stack has a few, so a slice beats a map, and an index for frame beats
	// a copy of the frame.
	tagged  []tagHit
	topTags []string
}

type tagHit struct {
	tag   string
	frame int
}

// frameCount is how many frames frame can return: the top, then the
// native frames, then the Java frames.
func (s *Stack) frameCount() int {
	n := len(s.Frames) + len(s.Java)
	if s.HasTop {
		n++
	}
	return n
}

// frame returns frame i of the order frameCount describes.
func (s *Stack) frame(i int) *model.Frame {
	if s.HasTop {
		if i == 0 {
			return &s.Top
		}
		i--
	}
	if i < len(s.Frames) {
		return &s.Frames[i]
	}
	return &s.Java[i-len(s.Frames)]
}

// Tagged returns the frames that carry a frame-pattern tag.
func (s *Stack) Tagged(tag string) []model.Frame {
	var out []model.Frame
	for _, h := range s.tagged {
		if h.tag == tag {
			out = append(out, *s.frame(h.frame))
		}
	}
	return out
}

// FirstTagged returns the first frame that carries tag (the zero frame if
// none does), without copying the others as Tagged does.
func (s *Stack) FirstTagged(tag string) model.Frame {
	for _, h := range s.tagged {
		if h.tag == tag {
			return *s.frame(h.frame)
		}
	}
	return model.Frame{}
}

// Has reports whether any frame carries tag.
func (s *Stack) Has(tag string) bool {
	for _, h := range s.tagged {
		if h.tag == tag {
			return true
		}
	}
	return false
}

// TopHas reports whether the top frame carries tag.
func (s *Stack) TopHas(tag string) bool {
	if !s.HasTop {
		return false
	}
	for _, t := range s.topTags {
		if t == tag {
			return true
		}
	}
	return false
}

// StackFact classifies the frames with the catalogue and frame patterns.
var StackFact = &Fact{
	Name: "stack",
	Doc:  "problematic frame, frame tags and the first third-party native frame",
	Compute: func(p *Pass) any {
		l := p.Log
		s := &Stack{}
		s.Top, s.HasTop = l.TopFrame()
		if !s.HasTop {
			s.Top, s.HasTop = pcMappingFrame(l)
		}
		if s.HasTop {
			s.TopLib = LookupLib(s.Top.Library)
			s.topTags = frameTags(&s.Top)
		}
		s.Frames = l.Thread.NativeFrames
		s.Java = l.Thread.JavaFrames
		for i := range s.frameCount() {
			f := s.frame(i)
			tags := s.topTags
			if i > 0 || !s.HasTop {
				tags = frameTags(f)
			}
			for _, t := range tags {
				s.tagged = append(s.tagged, tagHit{t, i})
			}
			if s.Foreign == nil && f.Library != "" && (f.Kind == "C" || f.Kind == "") {
				if lib := LookupLib(f.Library); !IsSystemKind(lib.Kind) {
					foreign := *f // a copy, as the frame list was: a rule cannot change the log through it
					s.Foreign, s.ForeignLib = &foreign, lib
				}
			}
		}
		return s
	},
}

// ThreadClass is what the crashing thread does for the VM.
type ThreadClass string

// Thread classes.
const (
	ThreadJava     ThreadClass = "java"
	ThreadCompiler ThreadClass = "compiler"
	ThreadGC       ThreadClass = "gc"
	ThreadVM       ThreadClass = "vm"
	ThreadNative   ThreadClass = "native" // not attached to the VM
	ThreadOther    ThreadClass = "other"  // WatcherThread, profiler threads, …
	ThreadUnknown  ThreadClass = ""
)

// Compiler names a JIT compiler.
type Compiler string

// The JIT compilers a compiler thread can run.
const (
	CompilerC1 Compiler = "C1"
	CompilerC2 Compiler = "C2"
)

// ThreadKind is the kind of the crashing thread.
type ThreadKind struct {
	Kind     ThreadClass
	Compiler Compiler // C1 or C2 for compiler threads
	Info     *model.ThreadInfo
	Line     model.Line
}

// ThreadFact says which kind of thread crashed.
var ThreadFact = &Fact{
	Name: "thread",
	Doc:  "kind of the crashing thread (Java, compiler, GC, VM, native)",
	Compute: func(p *Pass) any {
		t := &ThreadKind{}
		cur := currentThread(p.Log)
		if cur == nil {
			if p.Log.Thread.NativeThread {
				t.Kind = ThreadNative
			}
			return t
		}
		t.Info, t.Line = cur, cur.Line
		name := cur.Name
		switch {
		case strings.Contains(cur.Type, "Compiler") || strings.Contains(name, "CompilerThread"):
			t.Kind = ThreadCompiler
			t.Compiler = compilerOf(p.Log, name)
		case cur.Type == "VMThread":
			t.Kind = ThreadVM
		case strings.Contains(cur.Type, "GC") || cur.Type == "WorkerThread" || strings.Contains(name, "GC Thread") ||
			strings.Contains(name, "G1 ") || strings.Contains(name, "Shenandoah") || strings.HasPrefix(name, "Z") && strings.Contains(cur.Type, "Thread") && cur.Type != "JavaThread":
			t.Kind = ThreadGC
		case cur.Type == "JavaThread":
			t.Kind = ThreadJava
		default:
			t.Kind = ThreadOther
		}
		return t
	},
}

// Frames0 is the second native frame (the caller of the top), or the zero frame.
func (s *Stack) Frames0() (f0 modelFrame) {
	if len(s.Frames) > 1 {
		return s.Frames[1]
	}
	return modelFrame{}
}

type modelFrame = model.Frame

// currentThread is the "Current thread" line, or, when a paste has only
// the thread lists, the entry HotSpot marks with "=>".
func currentThread(l *model.Log) *model.ThreadInfo {
	if l.Thread.Current != nil {
		return l.Thread.Current
	}
	for i := range l.Process.Threads {
		if l.Process.Threads[i].Current {
			return &l.Process.Threads[i]
		}
	}
	return nil
}

// compilerOf names the compiler of a compiler thread. Tiered JVMs (JDK 8+)
// name the threads "C1 CompilerThread0"/"C2 CompilerThread0"; before
// tiered compilation a JVM had one compiler, C2 in the Server VM and C1 in
// the Client VM, and its threads were plain "CompilerThread0".
func compilerOf(l *model.Log, name string) Compiler {
	switch {
	case strings.HasPrefix(name, "C1"):
		return CompilerC1
	case strings.HasPrefix(name, "C2"):
		return CompilerC2
	case !strings.HasPrefix(name, "CompilerThread"):
		return ""
	}
	v := l.Header.Version
	if slices.Contains(v.Flags, "tiered") {
		return ""
	}
	switch vm := l.Header.JavaVM.Text; {
	case strings.Contains(vm, "Server VM"):
		return CompilerC2
	case strings.Contains(vm, "Client VM"):
		return CompilerC1
	}
	return ""
}

// pcMappingFrame reads the code the pc was in from the "Register to memory
// mapping" line of the pc register, for a fragment that has neither a
// problematic frame nor a stack: "RIP=0x… swt-win32-4956r13.dll" or
// "pc=0x…: <offset 0x…> in /usr/lib/libfoo.so at 0x…". The frame quotes
// that line as printed.
func pcMappingFrame(l *model.Log) (model.Frame, bool) {
	if len(l.Thread.NativeFrames) > 0 {
		return model.Frame{}, false
	}
	for _, a := range l.Thread.RegisterMap {
		switch strings.ToUpper(strings.TrimSpace(a.Key)) {
		case "RIP", "EIP", "PC":
		default:
			continue
		}
		lib := libraryIn(a.Description)
		if lib == "" || a.Text == "" {
			return model.Frame{}, false
		}
		// Symbol names the library for FrameText, which reads only frame
		// lines ("C  [lib+…]") from Text
		kind := "C"
		if LookupLib(lib).Kind == "jvm" {
			kind = "V" // HotSpot's own code is a VM frame
		}
		return model.Frame{Kind: kind, Library: lib, Symbol: lib, Line: model.Line{N: a.Line, Text: a.Text}}, true
	}
	return model.Frame{}, false
}

// libraryIn is the library a mapping description names: a bare file name
// (Windows prints "swt-win32-4956r13.dll") or "<offset …> in PATH at …".
func libraryIn(desc string) string {
	d := strings.TrimSpace(desc)
	if _, rest, ok := strings.Cut(d, "> in "); ok {
		d, _, _ = strings.Cut(rest, " at ")
	}
	if strings.ContainsAny(d, " \t") {
		return ""
	}
	base := libBase(d)
	if strings.HasSuffix(base, ".dll") || strings.HasSuffix(base, ".dylib") || strings.Contains(base, ".so") {
		return base
	}
	return ""
}
