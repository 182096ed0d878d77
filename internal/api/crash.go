package api

import (
	"strings"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/model"
)

// ErrorKind is the kind of the header's error line (closed enumeration).
type ErrorKind string

// The kinds of error line.
const (
	ErrorSignal      ErrorKind = "signal"         // a POSIX signal
	ErrorException   ErrorKind = "exception"      // a Windows exception
	ErrorInternal    ErrorKind = "internal-error" // assert, guarantee, ShouldNotReachHere
	ErrorOutOfMemory ErrorKind = "out-of-memory"  // native out of memory
	ErrorOther       ErrorKind = "other"          // an error line of no known form
)

// Arch is a CPU architecture in HotSpot's spelling (open vocabulary: the
// constants are the ones hserr decodes; other names pass through lowercased).
type Arch string

// Architectures hserr decodes.
const (
	ArchAMD64   Arch = "amd64"
	ArchX86     Arch = "x86"
	ArchAArch64 Arch = "aarch64"
	ArchPPC64   Arch = "ppc64"
	ArchPPC64LE Arch = "ppc64le"
	ArchS390X   Arch = "s390x"
)

// archAliases maps the other spellings in logs and in the fault analysis
// ("x86_64", "arm64", …) to one vocabulary.
var archAliases = map[string]Arch{
	"x86_64": ArchAMD64, "x64": ArchAMD64, "i386": ArchX86, "i486": ArchX86,
	"i586": ArchX86, "i686": ArchX86, "ia32": ArchX86, "arm64": ArchAArch64,
	"powerpc64": ArchPPC64, "ppc64be": ArchPPC64, "ppc64el": ArchPPC64LE,
	"powerpc64le": ArchPPC64LE,
}

// NormalizeArch spells an architecture name the contract's way.
func NormalizeArch(s string) Arch {
	s = strings.ToLower(strings.TrimSpace(s))
	if a, ok := archAliases[s]; ok {
		return a
	}
	return Arch(s)
}

// Crash says what crashed: the header facts, each omitted when the log
// does not have it.
type Crash struct {
	ErrorKind ErrorKind `json:"error_kind,omitempty"`
	// Error is the header's error line without the leading '#'.
	Error            string `json:"error,omitempty"`
	Signal           string `json:"signal,omitempty"` // SIGSEGV, EXCEPTION_ACCESS_VIOLATION, …
	SiCode           string `json:"si_code,omitempty"`
	FaultAddress     string `json:"fault_address,omitempty"`
	PC               string `json:"pc,omitempty"`
	ProblematicFrame string `json:"problematic_frame,omitempty"`
	ThreadName       string `json:"thread_name,omitempty"`
	ThreadType       string `json:"thread_type,omitempty"`
	ThreadState      string `json:"thread_state,omitempty"`
	JDK              string `json:"jdk,omitempty"` // version token: 17.0.7+7, 1.8.0_262-b10
	JDKMajor         int    `json:"jdk_major,omitempty"`
	Vendor           string `json:"vendor,omitempty"`
	VM               string `json:"vm,omitempty"`
	Platform         string `json:"platform,omitempty"` // os-arch as HotSpot prints it
	OSFamily         string `json:"os_family,omitempty"`
	Arch             Arch   `json:"arch,omitempty"`
	OS               string `json:"os,omitempty"` // the distribution's or system's name
	Host             string `json:"host,omitempty"`
	Time             string `json:"time,omitempty"`
}

// crashOf reads the crash facts of a log (never nil here).
func crashOf(l *model.Log) Crash {
	c := explain.CrashOf(l)
	return Crash{
		ErrorKind:        ErrorKind(string(l.Header.ErrorKind)),
		Error:            c.Error,
		Signal:           c.Signal,
		SiCode:           c.SiCode,
		FaultAddress:     c.FaultAddr,
		PC:               c.PC,
		ProblematicFrame: c.Frame,
		ThreadName:       c.ThreadName,
		ThreadType:       c.ThreadType,
		ThreadState:      c.ThreadState,
		JDK:              c.JDK,
		JDKMajor:         l.Header.Version.Major,
		Vendor:           c.Vendor,
		VM:               c.VM,
		Platform:         c.Platform,
		OSFamily:         string(l.OS()),
		Arch:             NormalizeArch(string(l.Arch())),
		OS:               c.OS,
		Host:             c.Host,
		Time:             c.Time,
	}
}
