package fault

import (
	"fmt"

	"github.com/hserr/hserr/internal/model"
)

// nearSpan is how far from 0 or -1 an address still counts as "near": 64
// KiB, the default vm.mmap_min_addr below which Linux maps nothing. A
// field of a NULL struct, or an index off a -1 pointer, lands here.
const nearSpan = 0x10000

// guardSpan is how far from the stack bottom an address counts as the
// guard zone. HotSpot's reserved+yellow+red zones are 4 pages (16 KiB with
// 4 KiB pages); 64 KiB also covers glibc's guard below the bottom and 64
// KiB-page kernels' single pages. Delta reports the exact distance.
const guardSpan = 0x10000

// classify says what kind of address addr is, for an access of kind.
func classify(l *model.Log, arch model.Arch, addr uint64, kind AccessKind) FaultAddress {
	fa := FaultAddress{Address: Addr(addr)}
	if hiddenGP(l, arch, addr) {
		// #GP does not report an address: 0 here is the kernel's
		// placeholder, not the address of a NULL dereference
		fa.Class = ClassUnknown
		fa.Detail = "not reported: si_code SI_KERNEL with si_addr 0 is a general-protection fault, which reports no address " +
			"(a non-canonical pointer such as garbage or string bytes, or a misaligned operand); it is not a NULL dereference"
		return fa
	}
	// the sentinel classes are the same for register values (valueClass);
	// an address can also be in the stack, a mapping or nowhere
	switch fa.Class = valueClass(arch, addr); fa.Class {
	case ClassNull:
		fa.Detail = "NULL"
	case ClassNearNull:
		fa.Delta = int64(addr)
		fa.Detail = fmt.Sprintf("near NULL: NULL plus %s, a field of a NULL struct or an index off a NULL array", short(addr))
	case ClassAllOnes:
		fa.Delta = -1
		fa.Detail = "all ones (-1): a failed call's -1 (such as mmap's MAP_FAILED) used as a pointer"
		if l.OS() == "windows" {
			fa.Detail = "all ones (-1): an error sentinel such as INVALID_HANDLE_VALUE used as a pointer, or a general-protection fault, which Windows reports at this address"
		}
	case ClassNearAllOnes:
		fa.Delta = signed(arch, addr)
		fa.Detail = fmt.Sprintf("near all ones (%d): -1 or another small negative value used as a pointer, plus an offset", fa.Delta)
	case ClassNonCanonical:
		fa.Detail = "non-canonical: outside the CPU's virtual address space, so no pointer could be valid there (garbage or a corrupted pointer)"
	default:
		if inStack(l, arch, addr, kind, &fa) {
			return fa
		}
		if m, ok := l.MappingAt(addr); ok && mappedLater(l, addr, kind, m) {
			// SEGV_MAPERR: nothing was mapped there when the fault happened;
			// the anonymous mapping the map shows was made afterwards
			fa.Class = ClassUnmapped
			fa.MappedLater = &Mapping{Start: Addr(m.Start), End: Addr(m.End), Perms: m.Perms, Path: m.Path, Line: m.Line}
			fa.Detail = "not mapped when the fault happened (SEGV_MAPERR); the anonymous mapping the memory map shows there now was made afterwards, while the report was written"
			return fa
		} else if ok {
			fa.Class = ClassMapped
			fa.Mapping = &Mapping{Start: Addr(m.Start), End: Addr(m.End), Perms: m.Perms, Path: m.Path, Line: m.Line}
			fa.PermissionConflict = conflict(kind, m.Perms)
			fa.Detail = "inside " + mappingWords(m)
			if fa.PermissionConflict != "" {
				fa.Detail += ": a " + fa.PermissionConflict
			}
			return fa
		}
		if kernelHalf(arch, addr) {
			fa.Class = ClassKernel
			fa.Detail = "in the kernel half of the address space, which user code cannot touch (a corrupted pointer)"
			return fa
		}
		fa.Class, fa.Detail = unmapped(l, addr)
		if lo, _, ok := stackBounds(l); ok && addr < lo && addr+guardSpan >= lo && kind != AccessPush {
			fa.Detail += fmt.Sprintf("; it is %d bytes below the thread's stack bottom %s, outside the stack, so not its guard zone", lo-addr, short(lo))
		}
	}
	return fa
}

// hiddenGP: Linux reports an x86 general-protection fault as SIGSEGV (or
// SIGBUS) with si_code SI_KERNEL and si_addr 0.
func hiddenGP(l *model.Log, arch model.Arch, addr uint64) bool {
	if addr != 0 || !siKernel(l.Thread.Siginfo) {
		return false
	}
	return arch == ArchX86_64 || arch == ArchX86 || arch == ""
}

// mappedLater: si_code SEGV_MAPERR on addr's page says no mapping covered
// it at the fault, yet the map (printed later) has an anonymous one there.
func mappedLater(l *model.Log, addr uint64, kind AccessKind, m model.Mapping) bool {
	s := l.Thread.Siginfo
	if kind == AccessExecute || m.Path != "" || s == nil || !s.HasAddr || s.Addr>>12 != addr>>12 {
		return false
	}
	return s.CodeName == "SEGV_MAPERR"
}

// accErr: SIGSEGV with si_code SEGV_ACCERR on addr's page, which the kernel
// reports only when a mapping covers the page but forbids the access.
func accErr(l *model.Log, addr uint64) bool {
	s := l.Thread.Siginfo
	if s == nil || !s.HasAddr || s.Addr>>12 != addr>>12 {
		return false
	}
	return s.CodeName == "SEGV_ACCERR" || (s.CodeName == "" && s.HasCode && s.Code == 2 && s.SigName == "SIGSEGV")
}

// unmapped decides between "unmapped" and "unknown": only a complete
// memory map (Linux /proc/self/maps, with permissions) can show absence.
func unmapped(l *model.Log, addr uint64) (AddressClass, string) {
	libs := l.Process.Libraries
	switch {
	case accErr(l, addr):
		return ClassUnknown, "not in the listed mappings, but si_code SEGV_ACCERR says a mapping covers it and forbids the access " +
			"(a protected page such as a guard or PROT_NONE reservation), so the map shown is incomplete"
	case len(libs) == 0:
		return ClassUnknown, "not placeable: the log has no Dynamic libraries map"
	case l.Process.LibrariesDropped > 0:
		return ClassUnknown, "not in the listed mappings, but the map was cut short, so it may be mapped"
	}
	for _, m := range libs {
		if m.Perms != "" {
			return ClassUnmapped, "not mapped: no entry of the process memory map covers it"
		}
	}
	return ClassUnknown, "not in any listed module (Dynamic libraries lists modules only, not all memory)"
}

// inStack fills fa when addr is in the thread's stack. HotSpot's guard
// zones lie inside [bottom, top). Below the bottom only a push (the stack
// growing past its end, into the guard page glibc keeps there) is a stack
// overflow; any other access there is to another mapping (a buffer read
// past its end, say), not the guard zone.
func inStack(l *model.Log, arch model.Arch, addr uint64, kind AccessKind, fa *FaultAddress) bool {
	lo, hi, ok := stackBounds(l)
	if !ok || addr >= hi || addr+guardSpan < lo || (addr < lo && kind != AccessPush) {
		return false
	}
	fa.Delta = int64(addr - lo)
	if addr < lo+guardSpan {
		fa.Class = ClassStackGuard
		fa.Detail = fmt.Sprintf("in the thread's stack guard zone (%d bytes from the stack bottom %s): the stack is exhausted", fa.Delta, short(lo))
		return true
	}
	fa.Class = ClassStack
	fa.Detail = fmt.Sprintf("inside the thread's stack, %d bytes above its bottom", fa.Delta)
	return true
}

// stackBounds are the current thread's stack [bottom, top).
func stackBounds(l *model.Log) (uint64, uint64, bool) {
	if s := l.Thread.Stack; s != nil && s.Top > s.Bottom {
		return s.Bottom, s.Top, true
	}
	if t := l.Thread.Current; t != nil && t.StackTop > t.StackBase {
		return t.StackBase, t.StackTop, true
	}
	return 0, 0, false
}

// conflict says which permission the access lacks ("" when allowed or
// unknown).
func conflict(kind AccessKind, perms string) string {
	if len(perms) < 3 {
		return ""
	}
	need := map[AccessKind]string{AccessRead: "r", AccessPop: "r", AccessWrite: "w", AccessPush: "w",
		AccessReadWrite: "rw", AccessExecute: "x"}[kind]
	for _, p := range need {
		ok := (p == 'r' && perms[0] == 'r') || (p == 'w' && perms[1] == 'w') || (p == 'x' && perms[2] == 'x')
		if !ok {
			return fmt.Sprintf("%s to a %s mapping", kindVerb(kind), perms)
		}
	}
	return ""
}

func kindVerb(k AccessKind) string {
	switch k {
	case AccessExecute:
		return "execute"
	case AccessWrite, AccessPush, AccessReadWrite:
		return "write"
	}
	return "read"
}

func mappingWords(m model.Mapping) string {
	name := m.Path
	if name == "" {
		name = "an anonymous mapping"
	}
	if m.Perms != "" {
		return fmt.Sprintf("%s (%s, %s-%s)", name, m.Perms, short(m.Start), short(m.End))
	}
	return fmt.Sprintf("%s (%s-%s)", name, short(m.Start), short(m.End))
}

// nonCanonical: x86-64 uses 48-bit addresses sign-extended from bit 47
// (57-bit LA57 machines are not distinguished); AArch64 user addresses
// have bits 55..48 clear (the top byte is ignored).
func nonCanonical(arch model.Arch, addr uint64) bool {
	switch arch {
	case ArchX86_64:
		top := addr >> 47
		return top != 0 && top != 0x1ffff
	case ArchAArch64:
		top := (addr >> 48) & 0xff
		return top != 0 && top != 0xff
	}
	return false
}

// kernelHalf: Linux on 64-bit Power maps the kernel from
// 0xc000000000000000. s390x gives the kernel its own address space, so no
// user address is a kernel one.
func kernelHalf(arch model.Arch, addr uint64) bool {
	switch {
	case arch == ArchX86_64:
		return addr>>47 == 0x1ffff
	case arch == ArchAArch64:
		return (addr>>48)&0xff == 0xff
	case isPPC64(arch):
		return addr>>62 == 3
	}
	return false
}

// signed is addr as a signed number of the arch's width.
func signed(arch model.Arch, addr uint64) int64 {
	if addrBits(arch) == 32 {
		return int64(int32(uint32(addr)))
	}
	return int64(addr)
}
