package fault

import "github.com/hserr/hserr/internal/model"

// Decoder families, in the model's one vocabulary of architectures (the
// fault analysis used to say x86_64 where the model says amd64).
const (
	ArchX86_64  = model.ArchAMD64
	ArchX86     = model.ArchX86
	ArchAArch64 = model.ArchAArch64
	// ArchPPC64 is big-endian Power (ELFv1 on Linux, also AIX); ArchPPC64LE
	// is little-endian Power (ELFv2). Both decode with ppc64asm.
	ArchPPC64   = model.ArchPPC64
	ArchPPC64LE = model.ArchPPC64LE
	ArchS390X   = model.ArchS390X
)

// archOf maps the log's arch name to a decoder family. Names without a
// decoder (sparc, riscv64, arm, …) are returned as the log has them, so the
// note can name them.
func archOf(l *model.Log) model.Arch { return l.CPU() }

// addrBits is the pointer width of an arch family (64 unless known 32).
func addrBits(arch model.Arch) int {
	switch arch {
	case ArchX86, "arm", "ppc", "sparc32":
		return 32
	}
	return 64
}

// addrMask is the mask of a pointer of the arch's width.
func addrMask(arch model.Arch) uint64 {
	if addrBits(arch) == 32 {
		return 0xffffffff
	}
	return ^uint64(0)
}

// isPPC64 covers both byte orders of 64-bit Power.
func isPPC64(arch model.Arch) bool { return arch == ArchPPC64 || arch == ArchPPC64LE }

// spCanon is the canonical name of the stack pointer: r1 on Power and r15
// on z/Architecture are stack pointers by ABI, not by hardware.
func spCanon(arch model.Arch) string {
	switch {
	case arch == ArchX86:
		return "ESP"
	case arch == ArchAArch64:
		return "SP"
	case isPPC64(arch):
		return "R1"
	case arch == ArchS390X:
		return "R15"
	}
	return "RSP"
}
