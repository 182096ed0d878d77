package rules

import (
	"fmt"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// Address classes of the fault address (si_addr or the Windows
// reading/writing address).
const (
	AddrNull        = "null"          // exactly 0
	AddrNearNull    = "near-null"     // a field offset off NULL (< 64 KiB)
	AddrAllOnes     = "all-ones"      // -1 / MAP_FAILED
	AddrNearAllOnes = "near-all-ones" // -1 plus or minus a small offset
	AddrNonCanon    = "non-canonical" // not a user-space address on x86-64
	AddrStackGuard  = "stack-guard"   // in the guard zones of the thread stack
	AddrMapped      = "mapped"        // inside a Dynamic libraries entry
	AddrUnmapped    = "unmapped"      // a hole in the memory map (map known)
	AddrUnknown     = ""              // no address, or no map to check against
)

// Sig is the shared reading of the signal: what, how and where.
type Sig struct {
	Name    string // SIGSEGV, SIGBUS, EXCEPTION_ACCESS_VIOLATION, …
	Code    string // SEGV_MAPERR, BUS_ADRERR, SI_USER, …
	Addr    uint64
	HasAddr bool
	Class   string
	Mapping *model.Mapping // the mapping that holds Addr, if any
	// MappedLater: si_code SEGV_MAPERR says no mapping covered Addr when the
	// fault happened, but the memory map (printed afterwards, while the
	// report was written) has an anonymous one there now.
	MappedLater *model.Mapping
	// Lines are the header error line and the siginfo line.
	Lines []model.Line
}

// SigFact reads the signal, its code and the class of the fault address.
var SigFact = &Fact{
	Name: "signal",
	Doc:  "signal name, si_code and the class of the fault address",
	Compute: func(p *Pass) any {
		l := p.Log
		s := &Sig{Name: l.Header.Signal}
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
		if s.HasAddr {
			s.Class = classifyAddr(l, s.Addr)
			if m, ok := l.MappingAt(s.Addr); ok {
				s.Mapping = &m
			}
			if s.Class == AddrMapped && s.Code == "SEGV_MAPERR" && s.Mapping != nil && s.Mapping.Path == "" {
				// the kernel found no mapping at fault time: this one came later
				s.Class, s.MappedLater, s.Mapping = AddrUnmapped, s.Mapping, nil
			}
		}
		return s
	},
}

func classifyAddr(l *model.Log, a uint64) string {
	wide := l.Arch() != "x86" && l.Arch() != "arm" && !strings.HasSuffix(l.Header.Version.Platform, "-x86")
	ones := uint64(0xffffffffffffffff)
	if !wide {
		ones = 0xffffffff
	}
	switch {
	case a == 0:
		return AddrNull
	case a < 0x10000:
		return AddrNearNull
	case a == ones:
		return AddrAllOnes
	case ones-a < 0x10000 || (wide && a >= 0xffffffffffff0000):
		return AddrNearAllOnes
	case wide && l.Arch() == "amd64" && a >= 0x0000800000000000 && a < 0xffff800000000000:
		return AddrNonCanon
	}
	if st := l.Thread.Stack; st != nil && st.Bottom > 0 && a+0x1000 >= st.Bottom && a < st.Bottom+0x40000 {
		return AddrStackGuard
	}
	if _, ok := l.MappingAt(a); ok {
		return AddrMapped
	}
	if len(l.Process.Libraries) > 50 && l.Process.Libraries[0].End > 0 {
		return AddrUnmapped
	}
	return AddrUnknown
}

// DescribeAddr says in words what the address class means.
func DescribeAddr(s *Sig) string {
	a := fmt.Sprintf("0x%x", s.Addr)
	switch s.Class {
	case AddrNull:
		return "address 0: a NULL pointer was dereferenced"
	case AddrNearNull:
		return a + ": a small offset from NULL, i.e. a field of a NULL pointer"
	case AddrAllOnes:
		return a + ": all bits set, the value -1 (MAP_FAILED, or another failure sentinel) used as a pointer"
	case AddrNearAllOnes:
		return a + ": a small offset from -1, a failure sentinel (MAP_FAILED) used as a base pointer"
	case AddrNonCanon:
		return a + ": not a valid user-space address (a corrupted or uninitialised pointer)"
	case AddrStackGuard:
		return a + ": inside the guard zone at the end of the thread's stack"
	case AddrMapped:
		if s.Mapping != nil && s.Mapping.Path != "" {
			return a + ": inside a mapping of " + s.Mapping.Path + " (" + s.Mapping.Perms + ")"
		}
		return a + ": inside an anonymous mapping"
	case AddrUnmapped:
		if s.MappedLater != nil {
			return a + ": not mapped when the fault happened (SEGV_MAPERR); the anonymous mapping the memory map shows there now was made afterwards, while the report was written"
		}
		return a + ": not inside any mapping listed in Dynamic libraries (freed or never mapped)"
	}
	return a
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

// Thread kinds.
const (
	ThreadJava     = "java"
	ThreadCompiler = "compiler"
	ThreadGC       = "gc"
	ThreadVM       = "vm"
	ThreadNative   = "native" // not attached to the VM
	ThreadOther    = "other"  // WatcherThread, profiler threads, …
	ThreadUnknown  = ""
)

// ThreadKind is the kind of the crashing thread.
type ThreadKind struct {
	Kind     string
	Compiler string // "C1" or "C2" for compiler threads
	Info     *model.ThreadInfo
	Line     model.Line
}

// ThreadFact says which kind of thread crashed.
var ThreadFact = &Fact{
	Name: "thread",
	Doc:  "kind of the crashing thread (Java, compiler, GC, VM, native)",
	Compute: func(p *Pass) any {
		t := &ThreadKind{}
		cur := p.Log.Thread.Current
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
			switch {
			case strings.HasPrefix(name, "C1"):
				t.Compiler = "C1"
			case strings.HasPrefix(name, "C2"):
				t.Compiler = "C2"
			}
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
