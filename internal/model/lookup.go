package model

import "strings"

// Register returns the value of the named register (case-insensitive; "R8 "
// and "R8" are the same) and whether the log has it.
//
// When the Registers block is missing (cut reports), the values printed in
// "Register to memory mapping" are used: they are the same registers.
func (l *Log) Register(name string) (uint64, bool) {
	if l.Thread.Registers != nil {
		for _, r := range l.Thread.Registers.Regs {
			if strings.EqualFold(r.Name, name) {
				return r.Value, true
			}
		}
	}
	for _, a := range l.Thread.RegisterMap {
		if a.HasValue && strings.EqualFold(a.Key, name) {
			return a.Value, true
		}
	}
	return 0, false
}

// Env returns an environment variable from "Environment Variables:".
func (l *Log) Env(name string) (EnvVar, bool) {
	for _, e := range l.Process.Environment {
		if e.Name == name {
			return e, true
		}
	}
	return EnvVar{}, false
}

// Property returns the value of a -Dname=value system property from the VM
// arguments (the last one wins, as in the JVM) and the line it came from.
func (l *Log) Property(name string) (string, Line, bool) {
	prefix := "-D" + name + "="
	var val string
	var found bool
	for _, a := range l.Process.VMArguments.JVMArgs {
		if strings.HasPrefix(a, prefix) {
			val, found = a[len(prefix):], true
		}
	}
	if !found && l.Summary.CommandLine.Text != "" {
		for _, a := range strings.Fields(l.Summary.CommandLine.Text) {
			if strings.HasPrefix(a, prefix) {
				val, found = a[len(prefix):], true
			}
		}
		if found {
			return val, l.Summary.CommandLine, true
		}
	}
	return val, l.Process.VMArguments.JVMArgsLine, found
}

// HasJVMArg reports whether a JVM argument equal to arg (or starting with
// arg when arg ends in '=' or ':') was given.
func (l *Log) HasJVMArg(arg string) (Line, bool) {
	prefix := strings.HasSuffix(arg, "=") || strings.HasSuffix(arg, ":")
	for _, a := range l.Process.VMArguments.JVMArgs {
		if a == arg || (prefix && strings.HasPrefix(a, arg)) {
			return l.Process.VMArguments.JVMArgsLine, true
		}
	}
	return Line{}, false
}

// MappingAt returns the Dynamic libraries entry that contains addr.
func (l *Log) MappingAt(addr uint64) (Mapping, bool) {
	for _, m := range l.Process.Libraries {
		if m.End > m.Start && addr >= m.Start && addr < m.End {
			return m, true
		}
	}
	return Mapping{}, false
}

// FaultAddress returns the address the signal reports (si_addr, or the
// Windows "reading/writing address").
func (l *Log) FaultAddress() (uint64, bool) {
	if s := l.Thread.Siginfo; s != nil && s.HasAddr {
		return s.Addr, true
	}
	return 0, false
}

// PC returns the crashing pc from the header, or from the Instructions
// heading when the header is missing.
func (l *Log) PC() (uint64, bool) {
	if l.Header.HasPC {
		return l.Header.PC, true
	}
	if d := l.Thread.Instructions; d != nil && d.HasAnchor {
		return d.Anchor, true
	}
	return 0, false
}

// TopFrame is the problematic frame, or else the first native frame.
func (l *Log) TopFrame() (Frame, bool) {
	if l.Header.ProblematicFrame != nil {
		return *l.Header.ProblematicFrame, true
	}
	if len(l.Thread.NativeFrames) > 0 {
		return l.Thread.NativeFrames[0], true
	}
	return Frame{}, false
}

// Arch returns the CPU architecture of the crashed JVM ("amd64", "aarch64",
// "x86", "ppc64le", …) from the version line, or from the register set.
func (l *Log) Arch() string {
	if a := l.Header.Version.Arch; a != "" {
		return a
	}
	if r := l.Thread.Registers; r != nil {
		switch r.Arch {
		case "x86_64":
			return "amd64"
		case "aarch64", "macos-aarch64":
			return "aarch64"
		case "x86":
			return "x86"
		case "ppc64":
			return "ppc64le"
		case "s390x":
			return "s390x"
		}
	}
	return ""
}

// OS returns the operating system family: linux, windows, macos, solaris, aix, bsd.
func (l *Log) OS() string {
	if o := l.Header.Version.OS; o != "" {
		return o
	}
	if l.Header.Signal != "" && strings.HasPrefix(l.Header.Signal, "EXCEPTION_") {
		return "windows"
	}
	// a fragment without its header: Windows' siginfo names an exception
	if si := l.Thread.Siginfo; si != nil && strings.HasPrefix(si.SigName, "EXCEPTION_") {
		return "windows"
	}
	return osFromSystem(l)
}

// unameText is the uname line's value: "Linux 5.15.0-86-generic #96 SMP …".
func (l *Log) unameText() string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l.System.Uname.Text), "uname:"))
}

// osFromSystem reads the OS from the SYSTEM section and the Host line when
// the header is missing: uname's kernel name, the OS block's product name.
func osFromSystem(l *Log) string {
	u := l.unameText()
	switch {
	case strings.HasPrefix(u, "Linux "):
		return "linux"
	case strings.HasPrefix(u, "Darwin "):
		return "macos"
	case strings.HasPrefix(u, "SunOS "):
		return "solaris"
	case strings.HasPrefix(u, "AIX "):
		return "aix"
	}
	for _, ln := range append([]Line{l.Summary.Host}, l.System.OS...) {
		switch t := ln.Text; {
		case strings.Contains(t, "Windows"):
			return "windows"
		case strings.Contains(t, "macOS") || strings.Contains(t, "Mac OS X") || strings.Contains(t, "Darwin"):
			return "macos"
		}
	}
	return ""
}

// FrameText is a frame in the compact form "lib+0xOFF symbol+0xOFF" or the
// Java method; used for display and signatures.
func (f Frame) FrameText() string {
	if f.Text != "" {
		// the header's problematic frame is printed after "# "
		t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(f.Text), "#"))
		// a frame line is its kind letter and a space ("C  [lib+…]"); a
		// frame read from another line (a pc's register mapping) is not
		if len(t) > 3 && (t[1] == ' ' || f.Symbol == "") {
			return strings.TrimSpace(t[1:])
		}
	}
	return f.Symbol
}

// OSName is the operating system's name as the log gives it: the distro's
// PRETTY_NAME from an os-release style OS block, else the block's first
// line, else the os part of the Host line.
func (l *Log) OSName() string {
	for _, ln := range l.System.OS {
		if v, ok := strings.CutPrefix(strings.TrimSpace(ln.Text), "PRETTY_NAME="); ok {
			return strings.Trim(v, `"`)
		}
	}
	if len(l.System.OS) > 0 {
		t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l.System.OS[0].Text), "OS:"))
		if i := strings.Index(t, "="); i < 0 && t != "" {
			return t
		}
	}
	if h := l.Summary.Host.Text; h != "" {
		// "Host: <cpu>, N cores, MG, <os>": the os follows the memory field
		// and may hold ", " itself ("Windows 10 , 64 bit Build 19041")
		parts := strings.Split(h, ", ")
		for i := len(parts) - 2; i >= 0; i-- {
			if memField(parts[i]) {
				return strings.TrimSpace(strings.Join(parts[i+1:], ", "))
			}
		}
		if i := strings.LastIndex(h, ", "); i >= 0 {
			return strings.TrimSpace(h[i+2:])
		}
	}
	return ""
}

// BeforeCode returns how many bytes before its method's code the pc of a
// compiled frame lies: "[0x…91a0+0xffffffffffffff8c]" is code_begin minus
// 0x74. HotSpot prints the offset pc - code_begin unsigned, so a pc before
// the method wraps around. ok is false for a pc inside or after the code.
func (f Frame) BeforeCode() (uint64, bool) {
	if f.CodeBegin == 0 || int64(f.CodeOffset) >= 0 {
		return 0, false
	}
	return -f.CodeOffset, true
}

// BoolFlag reports a boolean -XX flag's setting: the global flags block
// when the log has it (what the VM ran with, ergonomics included), else the
// last -XX:+Name / -XX:-Name of the VM arguments. set is false when the log
// does not say.
func (l *Log) BoolFlag(name string) (on, set bool) {
	for _, f := range l.Process.Flags {
		if f.Name == name {
			return f.Value == "true", true
		}
	}
	for _, a := range l.Process.VMArguments.JVMArgs {
		switch a {
		case "-XX:+" + name:
			on, set = true, true
		case "-XX:-" + name:
			on, set = false, true
		}
	}
	return on, set
}

// Collector is a garbage collector: the name the Java VM line gives it
// ("g1 gc"), its selection flag ("UseG1GC") and its usual name ("G1").
type Collector struct{ Name, Flag, Label string }

// Collectors lists HotSpot's collectors, newest default first.
var Collectors = []Collector{
	{"g1 gc", "UseG1GC", "G1"}, {"parallel gc", "UseParallelGC", "Parallel"}, {"serial gc", "UseSerialGC", "Serial"},
	{"z gc", "UseZGC", "ZGC"}, {"shenandoah gc", "UseShenandoahGC", "Shenandoah"},
	{"concurrent mark sweep gc", "UseConcMarkSweepGC", "CMS"}, {"epsilon gc", "UseEpsilonGC", "Epsilon"},
}

// GCFlag is the selection flag of the collector the JVM ran ("UseG1GC"),
// from the flags or VM arguments, else the Java VM line; "" when unknown.
func (l *Log) GCFlag() string {
	for _, c := range Collectors {
		if on, set := l.BoolFlag(c.Flag); set && on {
			return c.Flag
		}
	}
	for _, c := range Collectors {
		if c.Name == l.Header.Version.GC {
			return c.Flag
		}
	}
	return ""
}

// memField: a Host line's memory field, "31G" or "512M".
func memField(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 2 || (s[len(s)-1] != 'G' && s[len(s)-1] != 'M') {
		return false
	}
	for _, c := range s[:len(s)-1] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
