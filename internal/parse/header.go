package parse

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// headerLine handles a line starting with '#'. It returns false when the line
// is not part of the leading header block (a '#' line later in the report).
func (p *parser) headerLine(s string) bool {
	body := strings.TrimPrefix(s, "#")
	if isBannerText(body) {
		return p.bannerLine(body)
	}
	if p.section != "" && p.section != secHeader {
		return p.lateHeaderLine(body)
	}
	h := &p.log.Header
	if !p.inHeader && p.section == "" {
		// '#' lines before any banner: a console capture that starts mid-header.
		p.enter(secHeader)
		h.Present = true
	}
	p.inHeader = true
	p.enter(secHeader)
	if p.block == bProblematicFrame {
		p.endBlock()
		if t := strings.TrimSpace(body); t != "" {
			f := parseFrame(t, p.n)
			f.Text = s
			h.ProblematicFrame = &f
			return true
		}
	}
	if p.block != bOOMReasons && p.block != bBugURL && p.block != bReportPath {
		p.endBlock()
	}
	p.headerItem(s, body, strings.TrimSpace(body))
	return true
}

// bannerLine: "# A fatal error has been detected by the Java Runtime
// Environment:" opens a report (a second one ends the parse).
func (p *parser) bannerLine(body string) bool {
	h := &p.log.Header
	p.log.Parse.Reports++
	if p.log.Parse.Reports > 1 && (p.banners > 0 || h.ErrorKind != "") {
		// A second report in the same input (console capture, appended
		// files): keep the first, say so.
		p.note("input holds several reports; only the first is parsed (the next starts at line %d)", p.n)
		p.done = true
		return true
	}
	p.enter(secHeader)
	p.endBlock()
	p.inHeader = true
	h.Present = true
	h.Banner = strings.TrimSpace(body)
	if strings.Contains(body, "insufficient memory") {
		p.pendingOOM = true
	}
	return true
}

// lateHeaderLine: a header line after the body starts another report
// (appended files, console captures) even without its banner.
func (p *parser) lateHeaderLine(body string) bool {
	t := strings.TrimSpace(body)
	if t == "" {
		return true
	}
	if strings.HasPrefix(t, "JRE version:") || strings.HasPrefix(t, "Java VM:") ||
		(strings.HasPrefix(body, "  ") && strings.Contains(t, ", pid=")) {
		p.note("input holds several reports; only the first is parsed (the next starts at line %d)", p.n)
		p.done = true
		return true
	}
	return false
}

// headerItem files one line of the '#' block (s as pasted, body without
// the '#', t trimmed) under what it says.
func (p *parser) headerItem(s, body, t string) {
	h := &p.log.Header
	switch {
	case t == "":
		if p.block == bBugURL || p.block == bReportPath {
			p.endBlock()
		}
	case strings.HasPrefix(body, "  ") && !strings.HasPrefix(body, "   ") && h.ErrorKind == "" && p.errorLine(s, t):
	case strings.HasPrefix(t, "JRE version:"):
		h.JREVersion = p.lineOf(s)
		parseJRE(&h.Version, strings.TrimSpace(strings.TrimPrefix(t, "JRE version:")))
	case strings.HasPrefix(t, "Java VM:"):
		if h.JavaVM.N == 0 { // the first Java VM line only: a crafted log may repeat it
			h.JavaVM = p.lineOf(s)
			parseJavaVM(&h.Version, strings.TrimSpace(strings.TrimPrefix(t, "Java VM:")))
		}
	case t == "Problematic frame:":
		p.block = bProblematicFrame
	case strings.HasPrefix(t, "Core dump") || strings.HasPrefix(t, "No core dump") ||
		strings.HasPrefix(t, "Failed to write core dump") || strings.HasPrefix(t, "CreateCoredumpOnCrash"):
		h.CoreDump = p.lineOf(s)
	case strings.HasPrefix(t, "JFR ") || strings.HasPrefix(t, "The JFR ") || strings.HasPrefix(t, "Unable to create a JFR"):
		p.add(&h.JFR, s)
	case strings.HasPrefix(t, "If you would like to submit a bug report"):
		p.block = bBugURL
	case strings.HasPrefix(t, "The crash happened outside the Java Virtual Machine"):
		h.InNative = true
	case strings.HasPrefix(t, "See problematic frame"):
	case strings.HasPrefix(t, "Native memory allocation"):
		p.oomLine(s, t)
	case t == "Possible reasons:" || t == "Possible solutions:":
		if h.OOM == nil {
			h.OOM = &model.OOMHeader{}
		}
		p.block = bOOMReasons
		p.blockIdx = 0
		if t == "Possible solutions:" {
			p.blockIdx = 1
		}
	case strings.HasPrefix(t, "This output file may be truncated"):
	case strings.HasPrefix(t, "An error report file with more information is saved as"):
		p.block = bReportPath
	case p.block == bBugURL:
		h.BugURL = t
		p.endBlock()
	case p.block == bReportPath:
		p.add(&h.Other, s)
		p.endBlock()
	case p.block == bOOMReasons && strings.HasPrefix(body, "  "):
		p.oomReason(s, body, t)
	case p.pendingOOM && h.OOM == nil:
		// "# Cannot create GC thread. Out of system resources." (size 0 form)
		h.OOM = &model.OOMHeader{Purpose: t, Line: p.lineOf(s)}
	case strings.HasPrefix(body, "  ") && h.ErrorKind != "":
		p.add(&h.Messages, s)
		p.block = bHeaderMessage
	default:
		p.add(&h.Other, s)
	}
}

// oomReason is one line of "Possible reasons:" or "Possible solutions:".
func (p *parser) oomReason(s, body, t string) {
	h := &p.log.Header
	list := &h.OOM.Reasons
	if p.blockIdx == 1 {
		list = &h.OOM.Solutions
	}
	switch {
	case strings.HasPrefix(body, "     ") && len(*list) > 0:
		// a wrapped item ("#     placed in the first 4GB address space…"),
		// joined while it stays a sentence: a crafted log's million
		// continuation lines would re-copy the item at each one
		if last := &(*list)[len(*list)-1]; len(*last) < maxOOMItem {
			*last += " " + t
		} else {
			p.cut("out-of-memory reason lines")
		}
	case len(*list) < maxOOMItems:
		*list = append(*list, t)
	default:
		p.cut("out-of-memory reasons")
	}
	if mode, ok := afterKey(t, "JVM is running with ", 0); ok && strings.Contains(mode, " Compressed Oops mode") {
		h.OOM.OopsMode = mode[:strings.Index(mode, " Compressed Oops mode")]
		h.OOM.OopsLine = p.lineOf(s)
	}
}

func isBannerText(body string) bool {
	t := strings.TrimSpace(body)
	return strings.HasPrefix(t, "A fatal error has been detected by the Java Runtime Environment") ||
		strings.HasPrefix(t, "An unexpected error has been detected by") ||
		strings.HasPrefix(t, "There is insufficient memory for the Java Runtime Environment")
}

// errorLine parses "#  SIGSEGV (0xb) at pc=0x…, pid=N, tid=T" and the
// Internal Error / Out of Memory Error forms.
func (p *parser) errorLine(s, t string) bool {
	h := &p.log.Header
	name, rest, ok := cut(t, " (")
	if !ok || name == "" || strings.ContainsAny(name, " :") && name != "Internal Error" && name != "Out of Memory Error" {
		return false
	}
	inner, after, ok := cut(rest, ")")
	if !ok {
		return false
	}
	switch {
	case name == "Internal Error":
		h.ErrorKind = "internal-error"
		h.ErrorSource = inner
	case name == "Out of Memory Error":
		h.ErrorKind = "out-of-memory"
		h.ErrorSource = inner
	case strings.HasPrefix(name, "SIG"):
		h.ErrorKind = "signal"
	case strings.HasPrefix(name, "EXCEPTION_"):
		h.ErrorKind = "exception"
	default:
		if !strings.Contains(after, "pc=") {
			return false
		}
		h.ErrorKind = "other"
	}
	if h.ErrorKind == "signal" || h.ErrorKind == "exception" || h.ErrorKind == "other" {
		h.Signal = name
		if v, ok := numVal(inner); ok {
			h.SignalNumber = v
		}
	}
	h.ErrorLine = p.lineOf(s)
	if pc, ok := afterKey(after, "pc=", ','); ok {
		// "0x… (sent by kill)" keeps the sender note after the pc.
		pcText, sent, _ := cut(pc, " ")
		if v, ok := hexVal(pcText); ok {
			h.PC, h.HasPC = v, true
		}
		if sent != "" {
			h.SentBy = strings.Trim(sent, "()")
			h.SentBy = strings.TrimPrefix(h.SentBy, "sent by ")
		}
	}
	if pid, ok := afterKey(after, "pid=", ','); ok {
		h.PID, _ = strconv.ParseInt(pid, 10, 64)
	}
	if tid, ok := afterKey(after, "tid=", ','); ok {
		h.TID = tid
	}
	return true
}

// oomLine parses "# Native memory allocation (mmap) failed to map N bytes for X".
func (p *parser) oomLine(s, t string) {
	h := &p.log.Header
	o := &model.OOMHeader{Line: p.lineOf(s)}
	if a, ok := afterKey(t, "(", ')'); ok {
		o.Allocator = a
	}
	for _, verb := range []string{"failed to allocate ", "failed to map ", "failed to protect "} {
		if rest, ok := afterKey(t, verb, 0); ok {
			num, tail, _ := cut(rest, " ")
			o.Bytes, _ = strconv.ParseUint(num, 10, 64)
			tail = strings.TrimPrefix(tail, "bytes")
			tail = strings.TrimPrefix(tail, ".")
			tail = strings.TrimSpace(tail)
			tail = strings.TrimPrefix(tail, "for ")
			tail = strings.TrimPrefix(tail, "Error detail: ")
			o.Purpose = tail
			break
		}
	}
	h.OOM = o
}

// parseJRE decodes "OpenJDK Runtime Environment Temurin-17.0.7+7 (17.0.7+7) (build 17.0.7+7)".
func parseJRE(v *model.Version, t string) {
	before, _, ok := cut(t, " (build")
	if !ok {
		before = t
	}
	before = strings.TrimSpace(before)
	if i := strings.LastIndexByte(before, '('); i >= 0 && strings.HasSuffix(before, ")") {
		v.JDK = before[i+1 : len(before)-1]
		before = strings.TrimSpace(before[:i])
	} else if before != "" && isDigit(before[0]) {
		// JDK 6 and early 7: "# JRE version: 6.0_22-b04", no runtime name
		v.JDK, before = before, ""
	}
	setJDK(v, v.JDK)
	for _, rt := range []string{"OpenJDK Runtime Environment", "Java(TM) SE Runtime Environment", "Java(TM) 2 Runtime Environment"} {
		if strings.HasPrefix(before, rt) {
			v.Runtime = rt
			v.Vendor = strings.Trim(strings.TrimSpace(before[len(rt):]), "()")
			return
		}
	}
	v.Runtime = before
}

// parseJavaVM decodes the "# Java VM:" line: name, then a parenthesised list
// that is comma-separated on 11+ and space-separated on 6/7/8.
func parseJavaVM(v *model.Version, t string) {
	open := strings.Index(t, " (")
	if open < 0 {
		v.VM = t
		return
	}
	v.VM = t[:open]
	last := strings.LastIndex(t, " (")
	if last > open && v.Vendor == "" {
		// a vendor version group "(Red_Hat-25.0.1.0.8-1)" before the list
		v.Vendor = strings.Trim(strings.TrimSpace(t[open+1:last]), "()")
	}
	inner := t[last+2:]
	closed := strings.HasSuffix(strings.TrimSpace(inner), ")")
	inner = strings.TrimSuffix(strings.TrimSpace(inner), ")")
	// a paste that wrapped or padded the platform ("linux-     amd64");
	// the regexp runs only where a dash is followed by a blank
	if strings.Contains(inner, "- ") {
		inner = platformGap.ReplaceAllString(inner, "$1-$2")
	}
	var items []string
	if strings.Contains(inner, ", ") {
		items = strings.Split(inner, ", ")
	} else {
		items = strings.Fields(inner)
	}
	for i, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		switch {
		case isPlatform(it):
			setPlatform(v, it)
			if !closed && i == len(items)-1 {
				completeArch(v) // the line was cut inside the platform ("windows-am")
			}
		case lastIsPlatform(it):
			// JDK 7: "sharing windows-x86 " (no comma before the platform)
			f := strings.Fields(it)
			setPlatform(v, f[len(f)-1])
			v.Flags = append(v.Flags, strings.Join(f[:len(f)-1], " "))
		case strings.HasSuffix(it, " gc"):
			v.GC = it
		case i == 0 && strings.ContainsAny(it, "0123456789"):
			// release info: "25.0.1+8-LTS" or "fastdebug 17+35" or JDK 8's "25.262-b10 mixed mode"
			if strings.Contains(it, "debug") {
				v.Debug = true
			}
			rel := strings.Fields(it)[len(strings.Fields(it))-1]
			if major, upd, ok := hotspotRelease(rel); ok {
				// JDK 6/7/8 print HotSpot's own release here, not the JDK's
				v.HotSpot = rel
				if v.Major == 0 {
					v.Major, v.Update, v.HasUpdate = major, upd, upd > 0
				}
			} else if v.JDK == "" {
				setJDK(v, rel)
			}
			if rest := strings.Fields(it); len(rest) > 1 && !strings.Contains(it, "debug") {
				v.Flags = append(v.Flags, strings.Join(rest[1:], " "))
			}
		default:
			v.Flags = append(v.Flags, it)
		}
	}
	// JDK 8 space-separated form: rebuild the "mixed mode" flag.
	if !strings.Contains(inner, ", ") {
		v.Flags = joinModeWords(v.Flags)
	}
}

// joinModeWords turns ["mixed","mode","compressed","oops"] into readable flags.
func joinModeWords(words []string) []string {
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if i+1 < len(words) && (words[i+1] == "mode" || words[i+1] == "oops") {
			w += " " + words[i+1]
			i++
		}
		out = append(out, w)
	}
	return out
}

var platformOS = map[string]string{
	"linux": "linux", "windows": "windows", "bsd": "macos", "macosx": "macos",
	"darwin": "macos", "solaris": "solaris", "aix": "aix",
}

func isPlatform(s string) bool {
	osName, arch, ok := cut(s, "-")
	if !ok || arch == "" || strings.ContainsAny(arch, " ,") {
		return false
	}
	_, known := platformOS[osName]
	return known
}

// platformGap is an OS prefix and its arch split by spaces in a paste.
var platformGap = regexp.MustCompile(`\b(linux|windows|bsd|macosx|darwin|solaris|aix)-\s+(\w)`)

// lastIsPlatform: the item's last word is the platform (JDK 7 printed
// "sharing windows-x86" with no comma between them).
func lastIsPlatform(it string) bool {
	f := strings.Fields(it)
	return len(f) > 1 && isPlatform(f[len(f)-1])
}

// platformArchs are the arch names HotSpot's platform strings use.
var platformArchs = []string{"amd64", "x86", "aarch64", "arm", "ppc64", "ppc64le", "s390x", "sparcv9", "riscv64"}

// completeArch finishes an arch cut short with the line ("am"): only when
// exactly one platform arch starts with what is left, and never from one
// letter.
func completeArch(v *model.Version) {
	a := v.Arch
	if len(a) < 2 || slices.Contains(platformArchs, a) {
		return
	}
	var hit string
	for _, full := range platformArchs {
		if strings.HasPrefix(full, a) {
			if hit != "" {
				return // ambiguous
			}
			hit = full
		}
	}
	if hit != "" {
		osName, _, _ := cut(v.Platform, "-")
		setPlatform(v, osName+"-"+hit)
	}
}

func setPlatform(v *model.Version, s string) {
	v.Platform = s
	osName, arch, _ := cut(s, "-")
	v.OS = platformOS[osName]
	switch arch {
	case "i386", "i486", "i586", "x86":
		arch = "x86"
	case "x86_64":
		arch = "amd64"
	case "arm64":
		arch = "aarch64"
	case "sparcv9":
		arch = "sparc"
	}
	v.Arch = arch
}

// setJDK sets the JDK version token and decodes its feature release and
// update: "1.8.0_262-b10" and "8.0_262-b10" are both 8u262, "6.0_22-b04"
// 6u22, "17.0.7+7" 17.0.7, "18+37" 18 (update 0).
func setJDK(v *model.Version, tok string) {
	v.JDK = tok
	v.Major = majorOf(tok)
	v.Update, v.HasUpdate = updateOf(tok)
}

// updateOf reads the update of a version token: the digits after "_" on
// JDK ≤ 8, the third dot-separated number on 9+ (0 when absent).
func updateOf(tok string) (int, bool) {
	tok = strings.TrimPrefix(strings.TrimSpace(tok), "1.")
	if _, after, ok := strings.Cut(tok, "_"); ok {
		return leadingInt(after)
	}
	if majorOf(tok) < 9 {
		return 0, false
	}
	core, _, _ := strings.Cut(tok, "+")
	core, _, _ = strings.Cut(core, "-")
	parts := strings.Split(core, ".")
	if len(parts) < 3 {
		return 0, true // "17", "18.0": the GA release
	}
	return leadingInt(parts[2])
}

// hotspotRelease decodes the HotSpot release JDK 6, 7 and 8 print in the
// Java VM line ("17.1-b03", "24.80-b11", "25.262-b10"): HotSpot 25.N is
// JDK 8uN; 21 to 24 are JDK 7 and earlier ones JDK 6, whose updates the
// release does not give.
func hotspotRelease(rel string) (major, update int, ok bool) {
	num, build, found := strings.Cut(rel, "-b")
	hs, minor, dotted := strings.Cut(num, ".")
	if !found || !dotted || build == "" || !allDigits(build) || !allDigits(hs) || !allDigits(minor) {
		return 0, 0, false
	}
	n, _ := leadingInt(hs)
	switch {
	case n == 25:
		u, _ := leadingInt(minor)
		return 8, u, true
	case n >= 21 && n <= 24:
		return 7, 0, true
	case n >= 1 && n <= 20:
		return 6, 0, true
	}
	return 0, 0, false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

// leadingInt reads the digits at the start of s.
func leadingInt(s string) (int, bool) {
	n, i := 0, 0
	for ; i < len(s) && isDigit(s[i]) && n < 1<<20; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n, i > 0
}

// majorOf returns the feature release of a JDK version token.
func majorOf(jdk string) int {
	jdk = strings.TrimSpace(jdk)
	if jdk == "" {
		return 0
	}
	if strings.HasPrefix(jdk, "1.") {
		jdk = jdk[2:]
	}
	n := 0
	for i := 0; i < len(jdk) && isDigit(jdk[i]); i++ {
		n = n*10 + int(jdk[i]-'0')
		if n > 1000 {
			return 0
		}
	}
	return n
}

// Bounds on the native-OOM header's lists: HotSpot prints a handful of
// reasons and solutions, each a sentence or two.
const (
	maxOOMItems = 64
	maxOOMItem  = 1 << 10
)
