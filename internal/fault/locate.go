package fault

import (
	"fmt"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// locate compares si_addr with the computed accesses, picks the fault
// address (si_addr, or the operand when the signal hides it) and
// classifies it.
func (a *Analysis) locate(l *model.Log) {
	addr, source, ok := a.agree(l)
	if !ok {
		a.AddressClass = ClassUnknown
		a.note("there is neither an si_addr nor a computable operand address, so the fault address cannot be classified")
		return
	}
	kind := AccessRead
	for _, acc := range a.Accesses {
		if acc.Faulting {
			kind = acc.Kind
		}
	}
	if source == "pc" || a.Agreement == AgreeExecute {
		kind = AccessExecute
	}
	fa := classify(l, a.Arch, addr, kind)
	fa.Source = source
	if l.OS() == "windows" && source == "si_addr" && addr == ^uint64(0) {
		fa.Uncertain = "Windows reports address 0xffffffffffffffff both for an access at -1 and for a general-protection fault " +
			"(a non-canonical pointer); without a decoded operand the two cannot be told apart"
		if c := nonCanonicalRegs(a.Arch, regs{arch: a.Arch, l: l}); c != "" {
			fa.Uncertain += "; registers holding non-canonical values: " + c
		}
		a.note(fa.Uncertain)
	}
	a.Address = &fa
	a.AddressClass = fa.Class
	a.evidence(fmt.Sprintf("The fault address %s (from %s) is %s.", short(addr), sourceWords(l, source), fa.Detail))
}

// agree sets a.Agreement and marks the faulting access. It returns the
// address to classify and where it came from.
func (a *Analysis) agree(l *model.Log) (uint64, string, bool) {
	si := uint64(a.SiAddr)
	var withAddr []int
	for k, acc := range a.Accesses {
		if acc.HasAddress {
			withAddr = append(withAddr, k)
		}
	}
	mark := func(k int) { a.Accesses[k].Faulting = true }

	if a.HasSiAddr {
		for _, k := range withAddr {
			acc := a.Accesses[k]
			start := uint64(acc.Address)
			switch {
			case si == start:
				a.Agreement = AgreeExact
			case acc.Size > 0 && si > start && si-start < uint64(acc.Size):
				a.Agreement = AgreeInside
			default:
				continue
			}
			mark(k)
			a.evidence(fmt.Sprintf("si_addr %s agrees with the computed address of %s.", short(si), acc.Operand))
			return si, "si_addr", true
		}
	}
	if k, ok := a.samePage(withAddr); ok {
		mark(k)
		acc := a.Accesses[k]
		a.Agreement = AgreeSamePage
		a.evidence(fmt.Sprintf("si_addr %s is the page of the computed address of %s, %s: s390x reports only the page of a fault address.",
			short(si), acc.Operand, short(uint64(acc.Address))))
		if si > uint64(acc.Address) { // the access runs into the page si_addr starts
			return si, "si_addr", true
		}
		return uint64(acc.Address), "operand", true
	}
	if a.HasSiAddr && a.HasPC && a.SiAddr == a.PC && !memorySignal(l) {
		a.Agreement = AgreePCSignal
		a.evidence(fmt.Sprintf("si_addr is pc %s, as for every %s: it names the instruction, not a data address.", short(si), signalName(l)))
		return si, "pc", true
	}
	if a.HasSiAddr && a.HasPC && a.SiAddr == a.PC {
		a.Agreement = AgreeExecute
		a.Accesses = append(a.Accesses, Access{Kind: AccessExecute, Operand: "instruction fetch",
			Address: a.PC, HasAddress: true, Faulting: true})
		a.evidence(fmt.Sprintf("si_addr equals pc %s: fetching the instruction itself faulted (a jump or call to a bad address, or code in non-executable memory).", short(si)))
		return si, "si_addr", true
	}
	// x86 #GP (non-canonical address, misaligned SSE operand, …) hides the
	// address: Linux reports si_addr 0 with si_code SI_KERNEL, Windows -1.
	if (a.Arch == ArchX86_64 || a.Arch == ArchX86) && len(withAddr) > 0 {
		gpLinux := a.HasSiAddr && si == 0 && siKernel(l.Thread.Siginfo)
		gpWindows := a.HasSiAddr && si == ^uint64(0) && l.OS() == "windows"
		if gpLinux || gpWindows {
			k := withAddr[0]
			for _, j := range withAddr {
				if nonCanonical(a.Arch, uint64(a.Accesses[j].Address)) {
					k = j
					break
				}
			}
			mark(k)
			acc := a.Accesses[k]
			if gpLinux {
				a.Agreement = AgreeGPZero
				a.evidence(fmt.Sprintf("si_code SI_KERNEL with si_addr 0 is an x86 general-protection fault, which does not report the address; the operand %s gives %s.",
					acc.Operand, short(uint64(acc.Address))))
			} else {
				a.Agreement = AgreeWindowsGP
				a.evidence(fmt.Sprintf("Windows reports address 0xffffffffffffffff for a general-protection fault; the operand %s gives %s.",
					acc.Operand, short(uint64(acc.Address))))
			}
			return uint64(acc.Address), "operand", true
		}
	}
	switch {
	case a.HasSiAddr && len(withAddr) > 0:
		a.Agreement = AgreeDiffers
		a.note(fmt.Sprintf("si_addr %s matches none of the computed addresses; the si_addr is classified", short(si)))
		return si, "si_addr", true
	case a.HasSiAddr:
		return si, "si_addr", true
	case len(withAddr) == 1:
		mark(withAddr[0])
		return uint64(a.Accesses[withAddr[0]].Address), "operand", true
	case len(withAddr) > 1:
		a.note("the log has no si_addr and the instruction makes several accesses; the first is classified")
		mark(withAddr[0])
		return uint64(a.Accesses[withAddr[0]].Address), "operand", true
	case a.Status == DecodeUnreadable && a.HasPC:
		return uint64(a.PC), "pc", true
	}
	return 0, "", false
}

// samePage finds the access whose bytes touch the page si_addr names, for
// s390x, whose kernel masks the translation-exception address to its page.
func (a *Analysis) samePage(withAddr []int) (int, bool) {
	si := uint64(a.SiAddr)
	if a.Arch != ArchS390X || !a.HasSiAddr || si&0xfff != 0 {
		return 0, false
	}
	for _, k := range withAddr {
		acc := a.Accesses[k]
		start := uint64(acc.Address)
		end := start + uint64(max(acc.Size, 1)) - 1
		if si >= start&^0xfff && si <= end&^0xfff {
			return k, true
		}
	}
	return 0, false
}

func siKernel(s *model.Siginfo) bool {
	return s != nil && (s.CodeName == "SI_KERNEL" || (s.HasCode && s.Code == 128))
}

func sourceWords(l *model.Log, source string) string {
	switch source {
	case "operand":
		return "the decoded operand"
	case "pc":
		return "pc"
	}
	if l.OS() == "windows" {
		return "the exception's reading/writing address" // Windows has no siginfo si_addr
	}
	return "si_addr"
}

// accessEvidence states what the faulting instruction does to memory.
func (a *Analysis) accessEvidence() {
	for _, acc := range a.Accesses {
		if acc.Kind == AccessExecute {
			continue
		}
		s := fmt.Sprintf("`%s` %s", a.Instruction, accessWords(acc))
		if acc.HasAddress {
			s += " = " + short(uint64(acc.Address))
		} else if acc.Why != "" {
			s += "; its address is not known: " + acc.Why
		}
		a.evidence(s + ".")
	}
}

// accessWords is "writes 2 bytes at [rdi]".
func accessWords(acc Access) string {
	verb := map[AccessKind]string{AccessRead: "reads", AccessWrite: "writes", AccessReadWrite: "reads and writes",
		AccessPush: "pushes", AccessPop: "pops", AccessExecute: "executes"}[acc.Kind]
	size := ""
	if acc.Size > 0 {
		size = fmt.Sprintf(" %d byte", acc.Size)
		if acc.Size > 1 {
			size += "s"
		}
	}
	return fmt.Sprintf("%s%s at %s", verb, size, acc.Operand)
}

// nonCanonicalRegs lists general-purpose registers with non-canonical
// values ("RDX=0x6f697461636f766e"), candidates for a hidden #GP address.
func nonCanonicalRegs(arch model.Arch, r regs) string {
	if arch != ArchX86_64 {
		return ""
	}
	var out []string
	for _, name := range gp64 {
		if v, _, ok := r.get(name); ok && nonCanonical(arch, v) {
			out = append(out, name+"="+short(v))
		}
	}
	return strings.Join(out, ", ")
}

// memorySignal: the signal reports a data or fetch address (SIGSEGV,
// SIGBUS, access violations), not the pc of the instruction (SIGILL,
// SIGFPE, SIGTRAP). Unknown signals count as memory signals.
func memorySignal(l *model.Log) bool {
	switch signalName(l) {
	case "SIGILL", "SIGFPE", "SIGTRAP", "EXCEPTION_ILLEGAL_INSTRUCTION", "EXCEPTION_PRIV_INSTRUCTION",
		"EXCEPTION_INT_DIVIDE_BY_ZERO", "EXCEPTION_INT_OVERFLOW", "EXCEPTION_BREAKPOINT":
		return false
	}
	return true
}

func signalName(l *model.Log) string {
	if l.Header.Signal != "" {
		return l.Header.Signal
	}
	if s := l.Thread.Siginfo; s != nil {
		return s.SigName
	}
	return ""
}
