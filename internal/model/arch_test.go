package model

import "testing"

func TestParseArchOneVocabulary(t *testing.T) {
	for in, want := range map[string]Arch{
		"x86_64": ArchAMD64, "amd64": ArchAMD64, "AMD64": ArchAMD64, "i686": ArchX86, "arm64": ArchAArch64,
		"aarch64": ArchAArch64, "ppc64le": ArchPPC64LE, "ppc64el": ArchPPC64LE, "sparcv9": ArchSPARC, "riscv64": ArchRISCV64,
	} {
		if got := ParseArch(in); got != want {
			t.Errorf("ParseArch(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOSFromWindowsSiginfo(t *testing.T) {
	l := &Log{}
	if l.OS() != "" {
		t.Fatal("an empty log has no OS")
	}
	l.Thread.Siginfo = &Siginfo{SigName: "EXCEPTION_ACCESS_VIOLATION"}
	if l.OS() != "windows" {
		t.Errorf("OS() = %q for a Windows siginfo, want windows", l.OS())
	}
}
