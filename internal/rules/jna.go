package rules

import (
	"fmt"
	"path"
	"strings"

	"github.com/hserr/hserr/internal/fault"
	"github.com/hserr/hserr/internal/model"
)

// JNAClosure recognises jna-libffi-closure-alloc: ffi_closure_alloc
// returned NULL and JNA passed it to ffi_prep_closure_loc unchecked.
var JNAClosure = &Rule{
	OS:       OnLinux, // libffi's temp-dir search, SELinux and noexec mounts are Linux's; hserr doctor is Linux-only
	Class:    "jna-libffi-closure-alloc",
	Doc:      "ffi_prep_closure_loc faults on a NULL closure (first argument register is 0)",
	Requires: []*Fact{SigFact, StackFact, FaultFact},
	Run:      runJNAClosure,
}

func runJNAClosure(p *Pass) []Finding {
	st := Get[*Stack](p, StackFact)
	if !st.HasTop || !st.TopHas("closure-alloc") {
		return nil
	}
	r := &jnaReading{p: p, st: st, sig: Get[*Sig](p, SigFact), conf: 0.55}
	r.ev.Add(r.sig.Lines...)
	r.ev.Add(st.Top.Line)
	r.library()
	r.nullClosure()
	r.address()
	r.caller()
	rel := r.version()
	cands := libffiCandidates(rel.libffiTmpdir)
	r.why = append(r.why, "libffi tries, in order: "+strings.Join(cands, ", ")+". What the log says of each:")
	r.why = append(r.why, tmpdirReport(p, &r.ev, rel.libffiTmpdir)...)
	jnaDir := r.jnaDir()
	return []Finding{{
		Role:        RootCause,
		Confidence:  r.conf,
		Summary:     "JNA passed a NULL closure to libffi: ffi_closure_alloc found no writable, executable place for its trampoline.",
		Explanation: strings.Join(r.why, "\n"),
		Evidence:    r.ev.Lines(),
		Remedy:      jnaRemedies(rel, jnaDir),
		Caveats:     r.caveats,
	}}
}

// jnaReading is the JNA closure reading being built, step by step.
type jnaReading struct {
	p            *Pass
	st           *Stack
	sig          *Sig
	conf         float64
	ev           Ev
	why, caveats []string
}

// library says whose libffi faulted.
func (r *jnaReading) library() {
	lib := r.st.Top.Library
	if r.st.TopLib.Kind == "jna" {
		r.conf += 0.05
		r.why = append(r.why, fmt.Sprintf("The crash is in ffi_prep_closure_loc inside %s, JNA's native library unpacked from its jar; JNA links libffi statically into it, so this is JNA's own copy of libffi.", lib))
		return
	}
	r.why = append(r.why, fmt.Sprintf("The crash is in libffi's ffi_prep_closure_loc (in %s).", orDash(lib)))
}

// nullClosure is the proof: the closure pointer (argument 1) is NULL.
func (r *jnaReading) nullClosure() {
	l := r.p.Log
	argReg := firstArgRegister(l)
	if argReg == "" {
		r.caveats = append(r.caveats, "No register dump for this architecture in the log; the NULL closure cannot be proven from the registers.")
		return
	}
	v, ok := l.Register(argReg)
	if !ok {
		return
	}
	rl, _ := r.p.RegLine(argReg)
	r.ev.Add(rl)
	if v != 0 {
		r.conf -= 0.25
		r.caveats = append(r.caveats, fmt.Sprintf("%s=0x%x is not NULL, so the closure was not the NULL pointer; the usual cause does not fit this log.", argReg, v))
		return
	}
	r.conf += 0.2
	r.why = append(r.why, fmt.Sprintf("%s=0x0 (line %d). In the %s calling convention %s carries the first argument, and ffi_prep_closure_loc(closure, cif, fun, user_data, codeloc) takes the closure first: the closure pointer it was given is NULL.", argReg, rl.N, callingConvention(l), argReg))
	if !storesThroughFirstArg(l) {
		return
	}
	r.conf += 0.04
	r.why = append(r.why, "The instruction at pc (66 c7 07 …: mov WORD PTR [rdi], imm16) writes the trampoline into the closure through RDI.")
	if fa := Get[*fault.Analysis](r.p, FaultFact); fa != nil {
		for _, e := range fa.Evidence {
			if strings.Contains(e, "not written") {
				r.conf += 0.01
				r.why = append(r.why, "Fault analysis: "+e)
			}
		}
	}
}

// address weighs the fault address: a NULL closure is written near NULL.
func (r *jnaReading) address() {
	switch sig := r.sig; {
	case sig.Class == AddrNull || sig.Class == AddrNearNull:
		r.conf += 0.1
		r.why = append(r.why, "The fault address is "+DescribeAddr(sig)+", which is where a write into a NULL closure lands.")
	case sig.HasAddr:
		r.conf -= 0.15
		r.caveats = append(r.caveats, "The fault address is not near NULL.")
	}
}

// caller names JNA's unchecked caller and why the allocation failed.
func (r *jnaReading) caller() {
	l := r.p.Log
	if callers := r.st.Tagged("jna"); len(callers) > 0 {
		r.ev.Add(callers[0].Line)
		r.why = append(r.why, fmt.Sprintf("The caller is %s: JNA took the closure from ffi_closure_alloc and passed it on without checking for NULL (JNA issue #1107).", strings.TrimSpace(callers[0].FrameText())))
	}
	r.why = append(r.why, "ffi_closure_alloc returns NULL when libffi cannot get executable memory: under SELinux (libffi treats a mounted selinuxfs as \"no anonymous W+X memory\", even when permissive) or PaX it goes straight to temporary files, and every candidate directory was unwritable, missing or mounted noexec.")
	if m, ok := findMapping(l, "libselinux.so"); ok {
		r.ev.Add(r.p.MappingLine(m))
		r.why = append(r.why, fmt.Sprintf("libselinux is loaded in this process (line %d), consistent with an SELinux host.", m.Line))
	}
}

// version finds which JNA (and so which libffi and search order) it was.
func (r *jnaReading) version() jnaRelease {
	st := r.st
	rel, ver, verLine, known := jnaVersion(r.p)
	switch {
	case known:
		r.ev.Add(verLine)
		r.why = append(r.why, fmt.Sprintf("JNA %s (line %d) bundles libffi %s, which %s LIBFFI_TMPDIR.", ver, verLine.N, rel.libffi, map[bool]string{true: "honours", false: "does not know"}[rel.libffiTmpdir]))
	case st.Has("jna") && strings.Contains(frameText(st.FirstTagged("jna")), "registerMethod"):
		rel = lastUnchecked() // crashing registerMethod means JNA < 5.10
		r.why = append(r.why, "The JNA version is not in the log, but JNA 5.10.0 and later throw \"Failed to allocate closure\" from registerMethod instead of crashing, so this is JNA < 5.10, whose libffi (3.2.1 or 3.3) does not know LIBFFI_TMPDIR.")
	default:
		rel = jnaReleases[len(jnaReleases)-1]
		r.caveats = append(r.caveats, "The JNA version is not in the log; the candidate order below assumes a current JNA (libffi 3.4.x).")
	}
	return rel
}

// jnaDir is the directory JNA unpacked its library into, when mapped: a
// place known writable and exec-capable for this user.
func (r *jnaReading) jnaDir() string {
	m, ok := jnaMapping(r.p.Log)
	if !ok {
		return ""
	}
	r.ev.Add(r.p.MappingLine(m))
	dir := path.Dir(strings.TrimSuffix(m.Path, " (deleted)"))
	r.why = append(r.why, fmt.Sprintf("JNA unpacked its own library into %s and mapped it executable (%s, line %d): that directory is writable and exec-capable for this user. JNA's jna.tmpdir/java.io.tmpdir only move JNA's .so, not libffi's closure file.", dir, m.Perms, m.Line))
	return dir
}

// jnaRemedies point libffi at a usable directory, first.
func jnaRemedies(rel jnaRelease, jnaDir string) []string {
	target := "<an exec-mounted directory writable by the service user>"
	if jnaDir != "" {
		target = jnaDir
	}
	var remedy []string
	if rel.libffiTmpdir {
		remedy = append(remedy, "Set LIBFFI_TMPDIR="+target+" in the service's environment (libffi checks it first).")
	}
	return append(remedy,
		"Set TMPDIR="+target+" in the service's environment (libffi reads $TMPDIR before /tmp).",
		"Give the service user an existing, writable, exec-mounted home directory ($HOME is libffi's last named candidate).",
		"Upgrade JNA to 5.13.0 or later (bundles libffi 3.4.4): since 5.10.0 a failed closure allocation in Native.register throws UnsupportedOperationException \"Failed to allocate closure\" instead of killing the JVM, and LIBFFI_TMPDIR is honoured. Callbacks (CallbackReference) still do not check, so set the directory as well.",
		"Run `hserr doctor` on the host, as the service user, to test which of libffi's candidate directories are writable and exec-mounted and whether SELinux/PaX forbid anonymous W+X memory.",
	)
}

// tmpdirReport states, per libffi candidate, what the log shows. HotSpot
// prints only a fixed list of environment variables: HOME and LIBFFI_TMPDIR
// never, TMPDIR only on recent JDKs, so absence is not proof of unset.
func tmpdirReport(p *Pass, ev *Ev, tmpdirAware bool) []string {
	l := p.Log
	var out []string
	envShown := len(l.Process.Environment) > 0
	report := func(name string, printed bool) {
		if e, ok := l.Env(name); ok {
			ev.Add(p.EnvLine(e))
			out = append(out, fmt.Sprintf("  - $%s=%s (line %d)", name, e.Value, e.Line))
			return
		}
		switch {
		case !envShown:
			out = append(out, fmt.Sprintf("  - $%s: the log has no Environment Variables section", name))
		case printed:
			out = append(out, fmt.Sprintf("  - $%s: not set (this JDK prints it when set, and it is absent), so libffi skips it", name))
		default:
			out = append(out, fmt.Sprintf("  - $%s: HotSpot does not print this variable, so the log cannot say", name))
		}
	}
	if tmpdirAware {
		report("LIBFFI_TMPDIR", false)
	}
	report("TMPDIR", l.Header.Version.Major >= 17)
	out = append(out, "  - /tmp, /var/tmp, /dev/shm: mount options are not in an hs_err log")
	report("HOME", false)
	if v, line, ok := l.Property("java.io.tmpdir"); ok {
		ev.Add(line)
		out = append(out, fmt.Sprintf("  - java.io.tmpdir=%s (line %d) is a Java property: libffi never reads it", v, line.N))
	}
	if v, line, ok := l.Property("jna.tmpdir"); ok {
		ev.Add(line)
		out = append(out, fmt.Sprintf("  - jna.tmpdir=%s (line %d) moves JNA's own library only: libffi never reads it", v, line.N))
	}
	return out
}

func firstArgRegister(l *model.Log) string {
	switch l.CPU() {
	case model.ArchAMD64:
		if l.OS() == "windows" {
			return "RCX"
		}
		return "RDI"
	case model.ArchAArch64:
		return "R0"
	}
	return ""
}

func callingConvention(l *model.Log) string {
	switch {
	case l.CPU() == model.ArchAArch64:
		return "AArch64 (AAPCS64)"
	case l.OS() == "windows":
		return "Windows x64"
	}
	return "x86-64 System V"
}

// storesThroughFirstArg checks the bytes at pc for the x86-64 store
// "mov WORD PTR [rdi], imm16" that opens ffi_prep_closure_loc's trampoline
// write. The fault package decodes any instruction; this is the one case
// the rule needs even without it.
func storesThroughFirstArg(l *model.Log) bool {
	b, ok := bytesAtPC(l, 3)
	return ok && b[0] == 0x66 && b[1] == 0xc7 && b[2] == 0x07
}

func bytesAtPC(l *model.Log, n int) ([]byte, bool) {
	d := l.Thread.Instructions
	pc, ok := l.PC()
	if d == nil || !ok || pc < d.Start {
		return nil, false
	}
	off := pc - d.Start
	if off+uint64(n) > uint64(len(d.Bytes)) {
		return nil, false
	}
	return d.Bytes[off : off+uint64(n)], true
}

func findMapping(l *model.Log, substr string) (model.Mapping, bool) {
	for _, m := range l.Process.Libraries {
		if strings.Contains(m.Path, substr) {
			return m, true
		}
	}
	return model.Mapping{}, false
}

// jnaMapping is the executable mapping of JNA's unpacked library.
func jnaMapping(l *model.Log) (model.Mapping, bool) {
	for _, m := range l.Process.Libraries {
		if LookupLib(strings.TrimSuffix(m.Path, " (deleted)")).Kind == "jna" && strings.Contains(m.Perms, "x") {
			return m, true
		}
	}
	return model.Mapping{}, false
}

// jnaVersion looks for jna-X.Y.Z.jar in the memory map, the class path and
// the command line.
func jnaVersion(p *Pass) (jnaRelease, string, model.Line, bool) {
	l := p.Log
	for _, m := range l.Process.Libraries {
		if v, s, ok := parseJNAVersion(m.Path); ok {
			return jnaReleaseFor(v), s, p.MappingLine(m), true
		}
	}
	for _, line := range []model.Line{l.Process.VMArguments.ClassPath, l.Process.VMArguments.JavaCommand, l.Summary.CommandLine, l.Process.VMArguments.JVMArgsLine} {
		if v, s, ok := parseJNAVersion(line.Text); ok {
			return jnaReleaseFor(v), s, line, true
		}
	}
	return jnaRelease{}, "", model.Line{}, false
}
