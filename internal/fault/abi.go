package fault

import "github.com/hserr/hserr/internal/model"

// ABI is a calling convention: which registers carry the first integer
// arguments and which a call may clobber.
type ABI struct {
	Name string
	// Args are the canonical names of the integer argument registers, in
	// argument order.
	Args []string
	// CallerSaved are the registers a callee may overwrite.
	CallerSaved []string
}

var (
	// SysV is the System V AMD64 ABI (Linux, macOS, BSD, Solaris on x86-64).
	SysV = ABI{
		Name:        "SysV x86-64",
		Args:        []string{"RDI", "RSI", "RDX", "RCX", "R8", "R9"},
		CallerSaved: []string{"RAX", "RCX", "RDX", "RSI", "RDI", "R8", "R9", "R10", "R11"},
	}
	// Win64 is the Microsoft x64 calling convention.
	Win64 = ABI{
		Name:        "Windows x64",
		Args:        []string{"RCX", "RDX", "R8", "R9"},
		CallerSaved: []string{"RAX", "RCX", "RDX", "R8", "R9", "R10", "R11"},
	}
	// AAPCS64 is the Arm 64-bit procedure call standard (Linux, macOS, Windows).
	AAPCS64 = ABI{
		Name: "AAPCS64",
		Args: []string{"X0", "X1", "X2", "X3", "X4", "X5", "X6", "X7"},
		CallerSaved: []string{"X0", "X1", "X2", "X3", "X4", "X5", "X6", "X7", "X8", "X9",
			"X10", "X11", "X12", "X13", "X14", "X15", "X16", "X17", "X18", "X30"},
	}
	// PPC64ELFv2 is the 64-bit Power ELF ABI v2 (Linux ppc64le); ELFv1
	// (big-endian Linux, and AIX's ABI that it derives from) passes integer
	// arguments the same way. r2 (TOC) is restored after calls, r1 is sp.
	PPC64ELFv2 = ABI{
		Name: "ppc64 ELFv2",
		Args: []string{"R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10"},
		CallerSaved: []string{"R0", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10",
			"R11", "R12"},
	}
	PPC64ELFv1 = ABI{Name: "ppc64 ELFv1", Args: PPC64ELFv2.Args, CallerSaved: PPC64ELFv2.CallerSaved}
	// S390X is the s390x ELF ABI: five integer arguments in r2-r6 (r6 is
	// callee-saved although it carries an argument), r14 the return
	// address, r15 sp.
	S390X = ABI{
		Name:        "s390x ELF",
		Args:        []string{"R2", "R3", "R4", "R5", "R6"},
		CallerSaved: []string{"R0", "R1", "R2", "R3", "R4", "R5", "R14"},
	}
	// CDecl32 passes arguments on the stack (32-bit x86): no argument registers.
	CDecl32 = ABI{
		Name:        "x86 cdecl",
		CallerSaved: []string{"EAX", "ECX", "EDX"},
	}
)

// abiFor picks the calling convention for an arch family and OS; ok is
// false when there is none we know.
func abiFor(arch model.Arch, os string) (ABI, bool) {
	switch arch {
	case ArchX86_64:
		if os == "windows" {
			return Win64, true
		}
		if os == "" {
			return ABI{}, false
		}
		return SysV, true
	case ArchAArch64:
		return AAPCS64, true
	case ArchX86:
		return CDecl32, true
	case ArchPPC64LE:
		return PPC64ELFv2, true
	case ArchPPC64:
		return PPC64ELFv1, true
	case ArchS390X:
		return S390X, true
	}
	return ABI{}, false
}

// argIndex is the 1-based argument number of a canonical register, or 0.
func (a ABI) argIndex(reg string) int {
	for i, r := range a.Args {
		if r == reg {
			return i + 1
		}
	}
	return 0
}

func (a ABI) callerSaved(reg string) bool {
	for _, r := range a.CallerSaved {
		if r == reg {
			return true
		}
	}
	return false
}
