package rules

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hserr/hserr/internal/fault"
)

// lifecycleRow is a wrapper whose Java objects own a raw native pointer and
// that is known for use-after-close crashes (data/lifecycle.tsv).
type lifecycleRow struct {
	name       string
	lib, javaP *regexp.Regexp
}

var lifecycleRows = func() []lifecycleRow {
	var out []lifecycleRow
	for _, r := range tsv("lifecycle.tsv", 3) {
		out = append(out, lifecycleRow{r[0], regexp.MustCompile(r[1]), regexp.MustCompile(r[2])})
	}
	return out
}()

// lifecycleLib is the catalogue's wrapper whose native library this is.
func lifecycleLib(lib string) (string, bool) {
	for _, r := range lifecycleRows {
		if lib != "" && r.lib.MatchString(lib) {
			return r.name, true
		}
	}
	return "", false
}

var closePath = regexp.MustCompile(`\.(close|dispose|destroy|free|release|finalize|cleanup|delete)\w*\(`)

// JNIHandleUAF recognises jni-handle-use-after-free: third-party native
// code faults on an unmapped, non-sentinel address that it was handed by
// its caller (a Java handle), or locks a mutex inside a freed struct.
var JNIHandleUAF = &Rule{
	Class:    "jni-handle-use-after-free",
	Doc:      "SEGV at an unmapped heap-looking address in third-party code, the pointer passed in by the caller",
	Requires: []*Fact{SigFact, StackFact, ThreadFact, FaultFact},
	Run: func(p *Pass) []Finding {
		u, ok := uafShape(p)
		if !ok {
			return nil
		}
		u.address()
		u.site()
		u.argument()
		u.context()
		return []Finding{{Role: RootCause, Confidence: u.conf,
			Summary:     "A native object was used after it was closed or freed: the library dereferenced a stale handle.",
			Explanation: strings.Join(u.why, "\n"), Evidence: u.ev.Lines(),
			Remedy: []string{"Fix the object's lifecycle: try-with-resources, close children (iterators, statements, options) before their owner, never close from two threads, no finalizers that free native memory.",
				"Upgrade the wrapper library: several made close() idempotent (zstd-jni) or fixed concurrent close (sqlite-jdbc 3.39.2.0).",
				byOS(p.Log, "Reproduce with an ASan build of the native library, or MALLOC_PERTURB_=165 so freed memory faults at once.",
					"Reproduce with an ASan build of the native library, or MallocScribble=1 so freed memory is overwritten at once.",
					"Reproduce with an ASan build of the native library, or with full page heap (gflags /p /enable java.exe /full) so freed memory faults at once.",
					"Reproduce with an ASan build of the native library.")},
			Caveats: []string{"The log shows where the stale pointer was used, not where it was freed; a wild pointer from a buffer overflow looks the same."}}}
	},
}

// uaf is a use-after-free reading being built: what the log shows, the
// confidence it earns, and the lines quoted.
type uaf struct {
	p       *Pass
	sig     *Sig
	st      *Stack
	mutex   bool       // a lock inside a freed struct
	wrapper modelFrame // the lifecycle wrapper's Java frame, when no native caller shows
	reused  bool       // SEGV_MAPERR at an address mapped again by report time
	conf    float64
	why     []string
	ev      Ev
}

// uafShape: a third-party C frame on a freed-looking address, or a mutex
// lock reached from third-party code or a lifecycle wrapper.
func uafShape(p *Pass) (*uaf, bool) {
	sig := Get[*Sig](p, SigFact)
	st := Get[*Stack](p, StackFact)
	if !st.HasTop || st.Top.Kind != "C" || st.TopHas("closure-alloc") || (sig.Name != "SIGSEGV" && sig.Name != "EXCEPTION_ACCESS_VIOLATION") {
		return nil, false
	}
	third := st.TopLib.Kind == "" && st.Top.Library != ""
	inMutex := (st.TopLib.Kind == "libc" || st.TopLib.Kind == "system") && strings.HasPrefix(st.Top.Symbol, "pthread_mutex_")
	wrapper, byWrapper := lifecycleCaller(st)
	mutex := inMutex && ((st.Foreign != nil && st.ForeignLib.Kind == "") || byWrapper)
	if !third && !mutex {
		return nil, false
	}
	// SEGV_MAPERR inside an anonymous mapping of the report's map: the
	// page was unmapped when the fault happened and reused by the time
	// HotSpot printed the map (a freed large malloc chunk). SigFact has
	// already classed it unmapped and kept that mapping aside.
	reused := sig.MappedLater != nil
	freed := sig.Class == AddrUnmapped || reused || (sig.Class == AddrUnknown && sig.HasAddr && sig.Addr >= 1<<20)
	if !freed && !mutex {
		return nil, false
	}
	u := &uaf{p: p, sig: sig, st: st, mutex: mutex, wrapper: wrapper, reused: reused, conf: 0.45}
	u.ev.Add(sig.Lines...)
	u.ev.Add(st.Top.Line)
	return u, true
}

// address says what the fault address shows, and no more.
func (u *uaf) address() {
	sig := u.sig
	switch {
	case u.reused:
		u.why = append(u.why, "The fault address is "+DescribeAddr(sig)+", yet the signal says SEGV_MAPERR (nothing mapped there at the fault): the memory was unmapped when it was used and reused by the time the report printed the map, the mark of freed memory (a large malloc chunk returned to the OS).")
	case sig.HasAddr && sig.Class == AddrUnmapped:
		u.why = append(u.why, "The fault address is "+DescribeAddr(sig)+": not NULL and not a -1 sentinel, but a pointer-sized value where nothing is mapped now, the mark of memory that was freed (a large malloc chunk or a mapping returned to the OS).")
	case sig.HasAddr:
		// the map cannot show absence here: say only what the address is
		u.why = append(u.why, "The fault address is "+DescribeAddr(sig)+": not NULL and not a -1 sentinel, but a pointer-sized value; the log cannot show whether it was ever mapped, so freed memory is a reading, not a finding.")
	}
}

// site says where the stale pointer was used.
func (u *uaf) site() {
	st := u.st
	switch {
	case u.mutex && st.Foreign != nil:
		u.why = append(u.why, "The crash is in "+strings.TrimSpace(st.Top.FrameText())+" called from "+strings.TrimSpace(st.Foreign.FrameText())+": a lock inside a struct that was already freed.")
	case u.mutex:
		// the wrapper's frame stands in for the library's missing ones:
		// no more evidence than a native caller, so no more confidence
		u.ev.Add(u.wrapper.Line)
		u.why = append(u.why, "The crash is in "+strings.TrimSpace(st.Top.FrameText())+", reached from the native method "+strings.TrimSpace(u.wrapper.FrameText())+" of a wrapper whose Java objects own native pointers: a lock inside a struct that was already freed (a statement or connection used after close).")
	default:
		u.why = append(u.why, "The faulting code is in "+strings.TrimSpace(st.Top.FrameText())+", a third-party library.")
	}
}

// argument: the pointer came in as an argument, untouched: the caller (the
// Java wrapper's long handle) supplied the stale address.
func (u *uaf) argument() {
	fa := Get[*fault.Analysis](u.p, FaultFact)
	if fa == nil {
		return
	}
	for _, r := range fa.Registers {
		if w, known := r.Written(); !known || w || r.ABIArgument == 0 {
			continue
		}
		u.conf += 0.15
		s := fmt.Sprintf("The address comes from %s, argument %d of %s, not written before the fault: the caller passed the stale pointer in", r.Name, r.ABIArgument, orDash(r.Function))
		if r.Caller != "" {
			s += fmt.Sprintf(" (caller: %s, line %d)", r.Caller, r.CallerLine)
			if f, ok := frameAt(u.st, r.CallerLine); ok {
				u.ev.Add(f.Line) // the frame line as printed
			}
		}
		u.why = append(u.why, s+". A Java wrapper keeps such pointers in a long field and hands them down on every call.")
		if rl, ok := u.p.RegLine(r.Name); ok {
			u.ev.Add(rl)
		}
		return
	}
}

// context adds what makes a lifecycle bug likelier: a finalizer thread, a
// close path on the Java stack, a library known for use-after-close.
func (u *uaf) context() {
	st := u.st
	th := Get[*ThreadKind](u.p, ThreadFact)
	if th.Info != nil && (th.Info.Name == "Finalizer" || strings.Contains(th.Info.Name, "Cleaner")) {
		u.conf += 0.1
		u.ev.Add(th.Line)
		u.why = append(u.why, fmt.Sprintf("The crashing thread is %q: a finalizer/cleaner freeing or touching native memory that other code may already have released.", th.Info.Name))
	}
	for _, f := range append(append([]modelFrame{}, st.Frames...), st.Java...) {
		if (f.Kind == "j" || f.Kind == "J") && closePath.MatchString(f.Text) {
			u.conf += 0.1
			u.ev.Add(f.Line)
			u.why = append(u.why, "The Java stack is in a close/dispose path ("+strings.TrimSpace(f.FrameText())+"): the handle is being used while, or after, it is released.")
			break
		}
	}
	name, known := lifecycleLib(st.Top.Library)
	if !known && st.Foreign != nil {
		name, known = lifecycleLib(st.Foreign.Library)
	}
	if known {
		u.conf += 0.05
		u.why = append(u.why, "The library is "+name+"'s, whose Java objects own raw native pointers and which has had use-after-close crashes.")
	}
}

// frameAt is the native or Java frame printed at line n.
func frameAt(st *Stack, n int) (modelFrame, bool) {
	for _, fs := range [][]modelFrame{st.Frames, st.Java} {
		for _, f := range fs {
			if f.N == n {
				return f, true
			}
		}
	}
	return modelFrame{}, false
}

// lifecycleCaller is the first Java frame when it is a lifecycle wrapper's
// method (the native library's own frames can be missing from the stack).
func lifecycleCaller(st *Stack) (modelFrame, bool) {
	for _, fs := range [][]modelFrame{st.Frames, st.Java} {
		for _, f := range fs {
			if f.Kind == "j" || f.Kind == "J" {
				for _, r := range lifecycleRows {
					if r.javaP.MatchString(f.Method) {
						return f, true
					}
				}
				return f, false
			}
		}
	}
	return modelFrame{}, false
}
