package model

import "strings"

// Arch is a CPU architecture in the one vocabulary every package uses: the
// names HotSpot's platform string uses ("linux-amd64", "bsd-aarch64").
// Other spellings (x86_64, arm64, i686 …) are read with ParseArch.
type Arch string

const (
	ArchAMD64   Arch = "amd64"
	ArchX86     Arch = "x86"
	ArchAArch64 Arch = "aarch64"
	ArchARM     Arch = "arm"
	// ArchPPC64 is big-endian 64-bit Power, ArchPPC64LE little-endian.
	ArchPPC64   Arch = "ppc64"
	ArchPPC64LE Arch = "ppc64le"
	ArchS390X   Arch = "s390x"
	ArchSPARC   Arch = "sparc"
	ArchRISCV64 Arch = "riscv64"
)

// archAliases are the other spellings found in logs (register-set names,
// uname, Solaris' sparcv9) for the vocabulary's names.
var archAliases = map[string]Arch{
	"x86_64": ArchAMD64, "x64": ArchAMD64,
	"i386": ArchX86, "i486": ArchX86, "i586": ArchX86, "i686": ArchX86, "ia32": ArchX86,
	"arm64": ArchAArch64, "macos-aarch64": ArchAArch64,
	"powerpc64": ArchPPC64, "ppc64be": ArchPPC64,
	"ppc64el": ArchPPC64LE, "powerpc64le": ArchPPC64LE,
	"sparcv9": ArchSPARC,
}

// ParseArch reads any spelling of an architecture; names outside the
// vocabulary are returned lower-cased, so they can still be named.
func ParseArch(s string) Arch {
	s = strings.ToLower(strings.TrimSpace(s))
	if a, ok := archAliases[s]; ok {
		return a
	}
	return Arch(s)
}

// CPU is Arch in the typed vocabulary.
func (l *Log) CPU() Arch { return ParseArch(l.Arch()) }
