package fault

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// Decoder families.
const (
	ArchX86_64  = "x86_64"
	ArchX86     = "x86"
	ArchAArch64 = "aarch64"
	// ArchPPC64 is big-endian Power (ELFv1 on Linux, also AIX); ArchPPC64LE
	// is little-endian Power (ELFv2). Both decode with ppc64asm.
	ArchPPC64   = "ppc64"
	ArchPPC64LE = "ppc64le"
	ArchS390X   = "s390x"
)

// archOf maps the log's arch name to a decoder family. Names without a
// decoder (sparc, riscv64, arm, …) are returned as the log has them, so the
// note can name them.
func archOf(l *model.Log) string {
	a := strings.ToLower(l.Arch())
	switch a {
	case "amd64", "x86_64", "x64":
		return ArchX86_64
	case "x86", "i386", "i486", "i586", "i686", "ia32":
		return ArchX86
	case "aarch64", "arm64":
		return ArchAArch64
	case "ppc64", "ppc64be", "powerpc64":
		return ArchPPC64
	case "ppc64le", "ppc64el", "powerpc64le":
		return ArchPPC64LE
	case "s390x":
		return ArchS390X
	}
	return a
}

// addrBits is the pointer width of an arch family (64 unless known 32).
func addrBits(arch string) int {
	switch arch {
	case ArchX86, "arm", "ppc", "sparc32":
		return 32
	}
	return 64
}

// addrMask is the mask of a pointer of the arch's width.
func addrMask(arch string) uint64 {
	if addrBits(arch) == 32 {
		return 0xffffffff
	}
	return ^uint64(0)
}

// isPPC64 covers both byte orders of 64-bit Power.
func isPPC64(arch string) bool { return arch == ArchPPC64 || arch == ArchPPC64LE }

// spCanon is the canonical name of the stack pointer: r1 on Power and r15
// on z/Architecture are stack pointers by ABI, not by hardware.
func spCanon(arch string) string {
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
