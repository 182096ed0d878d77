package fault

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// maxDerive bounds how many register copies (mov r, r / lea r, [r+d])
// provenance follows back from the faulting register.
const maxDerive = 3

// provenance traces each register of the faulting address back through
// the decoded instructions. A register that nothing writes between the
// function start and pc still holds what the caller put there; if the ABI
// passes an argument in it, it is that argument. A register copied from
// another (mov, lea) is traced through the copy.
func (a *Analysis) provenance(l *model.Log, m machine, before []insn, at insn, r regs, abi ABI, hasABI bool) {
	t := tracer{a: a, l: l, m: m, before: before, r: r, abi: abi, hasABI: hasABI}
	for _, rr := range m.addrRegs(at) {
		if rr.reg != "" {
			t.trace(rr.reg, rr.role, len(before), 0, nil)
		}
	}
}

type tracer struct {
	a      *Analysis
	l      *model.Log
	m      machine
	before []insn
	r      regs
	abi    ABI
	hasABI bool
}

// trace reports reg as used by the instruction before[upto] (or pc).
// copied is the value it had there when a later copy of it is known.
func (t *tracer) trace(reg, role string, upto, depth int, copied *uint64) {
	a := t.a
	v, name, ok := t.r.get(reg)
	if ok && upto < len(t.before) {
		// the logged value is the value at the use only if nothing
		// rewrites the register between the use and pc
		if w, _, _ := lastWrite(t.m, t.before[upto+1:], reg, t.abi, t.hasABI); w == nil || *w {
			ok = false
		}
	}
	if !ok && copied != nil {
		v, ok = *copied, true
	}
	u := RegisterUse{Name: name, Role: role}
	if ok {
		u.Value, u.HasValue, u.ValueClass = Addr(v), true, valueClass(a.Arch, v)
	}
	val := name
	if ok {
		val = name + "=" + short(v)
	}
	if role == "stack-pointer" {
		a.Registers = append(a.Registers, u)
		return
	}
	until, untilWords := "the fault", "the fault"
	if upto < len(t.before) {
		until = short(t.before[upto].addr)
		untilWords = "that instruction"
	}
	written, by, k := lastWrite(t.m, t.before[:upto], reg, t.abi, t.hasABI)
	switch {
	case written != nil && *written:
		in := t.before[k]
		u.WrittenBeforeFault, u.WrittenBy, u.WrittenAt = written, by, Addr(in.addr)
		if src, off, isCopy := t.m.copySource(in); isCopy && depth < maxDerive {
			u.DerivedFrom, u.DerivedOffset = t.r.logName(src), off
			a.evidence(fmt.Sprintf("%s is written before %s by `%s` at %s: it is %s.",
				val, untilWords, in.String(), short(in.addr), sum(u.DerivedFrom, off)))
			a.Registers = append(a.Registers, u)
			var srcVal *uint64
			if u.HasValue {
				sv := uint64(u.Value) - uint64(off)
				srcVal = &sv
			}
			t.trace(src, "source", k, depth+1, srcVal)
			return
		}
		a.evidence(fmt.Sprintf("%s is written before %s (%s), so its value was computed inside the function.", val, untilWords, by))
	case written == nil:
		a.evidence(fmt.Sprintf("%s: %s, so where its value came from cannot be traced.", val, by))
	case !a.Boundary.FunctionStart:
		a.evidence(fmt.Sprintf("%s is not written between %s and %s, but that is not a known function start, so it cannot be traced to an argument.",
			val, short(uint64(a.Boundary.Start)), until))
	default:
		u.WrittenBeforeFault = written
		a.argument(t.l, &u, val, reg, "between "+a.Boundary.Symbol+"+0x0 and "+untilWords, t.abi, t.hasABI)
		if u.ABIArgument > 0 {
			t.entryReturn()
		}
	}
	a.Registers = append(a.Registers, u)
}

// sum is "RDI + 0x20".
func sum(reg string, off int64) string {
	switch {
	case off > 0:
		return reg + " + " + short(uint64(off))
	case off < 0:
		return reg + " - " + short(uint64(-off))
	}
	return "a copy of " + reg
}

// argument names the register as the caller's argument, when the ABI
// passes one in it.
func (a *Analysis) argument(l *model.Log, u *RegisterUse, val, reg, span string, abi ABI, hasABI bool) {
	fn := a.Boundary.Symbol
	if !hasABI {
		a.evidence(fmt.Sprintf("%s is not written %s; the OS is unknown, so the calling convention (and which argument it is) cannot be told.", val, span))
		return
	}
	n := abi.argIndex(reg)
	if n == 0 {
		a.evidence(fmt.Sprintf("%s is not written %s; it is not an argument register under the %s ABI, so it holds a value the function inherited from its caller.",
			val, span, abi.Name))
		return
	}
	u.ABIArgument, u.Function = n, fn
	caller, ok := callerFrame(l)
	if ok {
		u.Caller, u.CallerKind, u.CallerLine = frameName(caller), caller.Kind, caller.N
	}
	s := fmt.Sprintf("%s is not written %s, so it is argument %d of %s as passed by its caller", val, span, n, fn)
	if ok {
		s += " " + u.Caller
	} else {
		s += " (the log shows no caller frame)"
	}
	s += fmt.Sprintf(" (%s ABI: arguments in %s).", abi.Name, strings.Join(argNames(abi, a.Arch, l), ", "))
	a.evidence(s)
	if ok && (caller.Kind == "j" || caller.Kind == "J") && !strings.HasPrefix(fn, "Java_") {
		a.evidence(fmt.Sprintf("The next frame is Java code, but %s is not a JNI entry point: its C caller is probably missing from the stack walk (a tail call, or code without frame pointers that the walker skipped).", fn))
	}
	if n == 1 && strings.Contains(fn, "::") {
		a.evidence(fmt.Sprintf("If %s is a C++ member function, argument 1 is its this pointer.", fn))
	}
	if strings.HasPrefix(fn, "Java_") {
		switch n {
		case 1:
			a.evidence("For a JNI function, argument 1 is the JNIEnv* the JVM passes.")
		case 2:
			a.evidence("For a JNI function, argument 2 is the jobject (or jclass for a static method) the JVM passes.")
		default:
			a.evidence(fmt.Sprintf("For a JNI function, argument %d is parameter %d of the Java native method.", n, n-2))
		}
	}
}

// lastWrite scans backwards from pc for the last instruction that writes
// reg. It returns true and a description if one does, false if none does,
// and nil when an undecodable instruction hides the answer.
func lastWrite(m machine, before []insn, reg string, abi ABI, hasABI bool) (*bool, string, int) {
	yes, no := true, false
	for k := len(before) - 1; k >= 0; k-- {
		in := before[k]
		e := m.effects(in)
		switch {
		case e.unknown:
			return nil, fmt.Sprintf("the instruction at %s cannot be decoded", short(in.addr)), k
		case slices.Contains(e.writes, reg):
			return &yes, fmt.Sprintf("last by `%s` at %s", in.String(), short(in.addr)), k
		case e.call && (!hasABI || abi.callerSaved(reg)):
			return &yes, fmt.Sprintf("the call `%s` at %s may overwrite it", in.String(), short(in.addr)), k
		}
	}
	return &no, "", -1
}

// callerFrame is the native frame after the problematic one.
func callerFrame(l *model.Log) (model.Frame, bool) {
	frames := l.Thread.NativeFrames
	top := 0
	if p := l.Header.ProblematicFrame; p != nil {
		top = -1
		for k, f := range frames {
			if sameFrame(f, *p) {
				top = k
				break
			}
		}
	}
	if top < 0 || top+1 >= len(frames) {
		return model.Frame{}, false
	}
	return frames[top+1], true
}

func sameFrame(a, b model.Frame) bool {
	if a.Symbol != "" || b.Symbol != "" {
		return a.Symbol == b.Symbol && a.SymOffset == b.SymOffset
	}
	return a.Library == b.Library && a.LibOffset == b.LibOffset && a.Address == b.Address
}

// frameName is a frame's function: its symbol, Java method, stub, or
// library+offset.
func frameName(f model.Frame) string {
	switch {
	case f.Symbol != "":
		return f.Symbol
	case f.Method != "":
		return f.Method
	case f.Stub != "":
		return f.Stub
	case f.Library != "":
		return fmt.Sprintf("[%s+%s]", f.Library, short(f.LibOffset))
	}
	return f.FrameText()
}

// argNames spells the ABI's argument registers as the log does.
func argNames(abi ABI, arch model.Arch, l *model.Log) []string {
	r := regs{arch: arch, l: l}
	out := make([]string, len(abi.Args))
	for k, a := range abi.Args {
		out[k] = r.logName(a)
	}
	return out
}

// valueClass classifies a register value for the sentinel classes only
// (null, near-null, all-ones, near-all-ones, non-canonical).
func valueClass(arch model.Arch, v uint64) AddressClass {
	mask := addrMask(arch)
	switch {
	case v == 0:
		return ClassNull
	case v < nearSpan:
		return ClassNearNull
	case v&mask == mask:
		return ClassAllOnes
	case v&mask >= mask-nearSpan:
		return ClassNearAllOnes
	case nonCanonical(arch, v):
		return ClassNonCanonical
	}
	return ""
}

// entryReturn: when nothing between the function start and pc moves the
// x86 stack pointer, the word at sp is the return address into the real
// caller. HotSpot's frame walk follows frame pointers and skips that caller
// when the function has not set up its frame yet.
func (t *tracer) entryReturn() {
	a := t.a
	if a.ReturnAddress != 0 || (a.Arch != ArchX86_64 && a.Arch != ArchX86) {
		return
	}
	sp := "RSP"
	if a.Arch == ArchX86 {
		sp = "ESP"
	}
	if w, _, _ := lastWrite(t.m, t.before, sp, t.abi, t.hasABI); w == nil || *w {
		return
	}
	ret, ok := wordAtSP(t.l, a.Arch)
	if !ok {
		return
	}
	a.ReturnAddress = Addr(ret)
	s := fmt.Sprintf("Nothing between %s+0x0 and the fault moves the stack pointer, so the word at sp, %s, is the return address into the real caller",
		a.Boundary.Symbol, short(ret))
	if m, ok := t.l.MappingAt(ret); ok {
		a.ReturnAddressMap = &Mapping{Start: Addr(m.Start), End: Addr(m.End), Perms: m.Perms, Path: m.Path, Line: m.Line}
		s += " (in " + mappingWords(m) + ")"
	}
	a.evidence(s + "; HotSpot's frame walk follows frame pointers and may list that caller's caller instead.")
}
