package model

import "testing"

func TestRegisterFallsBackToRegisterMap(t *testing.T) {
	l := &Log{}
	l.Thread.RegisterMap = []Annotated{{Key: "RDX", Value: 0x6f69, HasValue: true}, {Key: "R8", Description: "{method} …"}}
	if v, ok := l.Register("rdx"); !ok || v != 0x6f69 {
		t.Errorf("RDX from the register map: %#x %v", v, ok)
	}
	if _, ok := l.Register("R8"); ok {
		t.Error("an entry without a value must not count")
	}
	l.Thread.Registers = &Registers{Regs: []Register{{Name: "RDX", Value: 7}}}
	if v, _ := l.Register("RDX"); v != 7 {
		t.Errorf("the Registers block wins: %#x", v)
	}
}

func TestPropertyLastWins(t *testing.T) {
	l := &Log{}
	l.Process.VMArguments.JVMArgs = []string{"-Djna.tmpdir=/a", "-Xmx1g", "-Djna.tmpdir=/b"}
	l.Process.VMArguments.JVMArgsLine = Line{N: 9, Text: "jvm_args: …"}
	if v, ln, ok := l.Property("jna.tmpdir"); !ok || v != "/b" || ln.N != 9 {
		t.Errorf("Property = %q %v %v", v, ln, ok)
	}
	if _, _, ok := l.Property("java.io.tmpdir"); ok {
		t.Error("absent property found")
	}
	l2 := &Log{}
	l2.Summary.CommandLine = Line{N: 3, Text: "Command Line: -Djava.io.tmpdir=/var/tmp/x Main"}
	if v, ln, ok := l2.Property("java.io.tmpdir"); !ok || v != "/var/tmp/x" || ln.N != 3 {
		t.Errorf("from the command line: %q %v %v", v, ln, ok)
	}
}

func TestMappingAt(t *testing.T) {
	l := &Log{}
	l.Process.Libraries = []Mapping{{Start: 0x1000, End: 0x2000, Path: "a"}, {Start: 0x3000, Path: "macos-base-only"}}
	if m, ok := l.MappingAt(0x1fff); !ok || m.Path != "a" {
		t.Errorf("inside: %+v %v", m, ok)
	}
	for _, addr := range []uint64{0x2000, 0x3000, 0} {
		if _, ok := l.MappingAt(addr); ok {
			t.Errorf("%#x must not match (end exclusive, no end known)", addr)
		}
	}
}

func TestOSName(t *testing.T) {
	cases := []struct {
		os   []string
		host string
		want string
	}{
		{[]string{`PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"`, `NAME="Debian GNU/Linux"`}, "", "Debian GNU/Linux 12 (bookworm)"},
		{[]string{"OS:Red Hat Enterprise Linux Server release 7.9 (Maipo)"}, "", "Red Hat Enterprise Linux Server release 7.9 (Maipo)"},
		{nil, "Host: AMD EPYC 7R13 Processor, 2 cores, 7G, Red Hat Enterprise Linux release 10.0 (Coughlan)", "Red Hat Enterprise Linux release 10.0 (Coughlan)"},
		{nil, "Host: Intel(R) Core(TM) i7-10850H CPU @ 2.70GHz, 12 cores, 31G,  Windows 10 , 64 bit Build 19041 (10.0.19041.3636)", "Windows 10 , 64 bit Build 19041 (10.0.19041.3636)"},
		{nil, "", ""},
	}
	for _, c := range cases {
		l := &Log{}
		for i, s := range c.os {
			l.System.OS = append(l.System.OS, Line{N: i + 1, Text: s})
		}
		l.Summary.Host = Line{N: 1, Text: c.host}
		if got := l.OSName(); got != c.want {
			t.Errorf("OSName(%v, %q) = %q, want %q", c.os, c.host, got, c.want)
		}
	}
}

func TestFrameTextDropsMarkAndLetter(t *testing.T) {
	for _, text := range []string{"# C  [libfoo.so+0x10]  foo+0x10", "C  [libfoo.so+0x10]  foo+0x10"} {
		f := Frame{Kind: "C", Line: Line{Text: text}}
		if got := f.FrameText(); got != "[libfoo.so+0x10]  foo+0x10" {
			t.Errorf("FrameText(%q) = %q", text, got)
		}
	}
}
