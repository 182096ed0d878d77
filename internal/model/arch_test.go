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

func TestOSFromSystemSection(t *testing.T) {
	for text, want := range map[string]string{
		"uname: Linux 5.15.0-1 #1 SMP x86_64":                "linux",
		"uname:Darwin 23.0.0 Darwin Kernel Version 23.0.0":   "macos",
		"uname:SunOS 5.11 11.4.0.15.0 sun4v  (T2 libthread)": "solaris",
		"uname: FreeBSD 13.2":                                "",
	} {
		l := &Log{}
		l.System.Uname = Line{N: 1, Text: text}
		if got := l.OS(); got != want {
			t.Errorf("%q: OS %q, want %q", text, got, want)
		}
	}
	l := &Log{}
	l.System.OS = []Line{{N: 2, Text: "OS: Windows 10 , 64 bit Build 19041 (10.0.19041.1889)"}}
	if l.OS() != "windows" {
		t.Errorf("Windows OS line: OS %q", l.OS())
	}
}
