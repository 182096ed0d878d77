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
)

// archOf maps the log's arch name to a decoder family. Names without a
// decoder (ppc64le, sparc, s390x, riscv64, …) are returned as the log has
// them, so the note can name them.
func archOf(l *model.Log) string {
	a := strings.ToLower(l.Arch())
	switch a {
	case "amd64", "x86_64", "x64":
		return ArchX86_64
	case "x86", "i386", "i486", "i586", "i686", "ia32":
		return ArchX86
	case "aarch64", "arm64":
		return ArchAArch64
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
