// Package signature computes a crash signature for an hs_err log: a short,
// stable text that is the same for crashes of the same bug and different for
// different bugs, in the spirit of Mozilla Socorro's signatures and ABRT's
// duphash.
//
// Algorithm (Version 1):
//
//  1. Prefix: the crash class (from explain's verdict), "unclassified" when
//     there is none.
//  2. Reason: for "Internal Error" the source file of the assert (without the
//     line number, which moves between builds) and the first message; for
//     "Out of Memory Error" the allocation purpose. Hex values become <addr>
//     and numbers <n>, so values embedded in messages do not split groups.
//  3. Frames: the crashing thread's native frames; when the log has none, the
//     problematic frame followed by the Java frames.
//  4. Each frame is normalised: offsets and addresses are dropped, C++
//     parameter lists, return types and "[clone …]" suffixes removed, Java
//     descriptors dropped; library names are reduced to their base name and
//     random parts of extracted libraries (jna123.tmp, libasyncProfiler123.so,
//     librocksdbjni123.so, …) collapsed by the collapse list.
//  5. Frames matching the irrelevant list (libc copy routines, abort plumbing,
//     VM error reporting, signal trampolines) are skipped. Consecutive
//     repeats (recursion) count once.
//  6. Up to Depth frames are kept, and more (up to MaxDepth) until the
//     signature reaches a frame outside the system libraries (libc, ntdll, …).
//  7. A frame without a symbol is written as module+offset. Offsets are only
//     meaningful within one build, so the signature then ends with the JDK
//     build (and the libc line for system libraries): symbol-less crashes of
//     different builds or different offsets never share a group.
//  8. No frames at all: "EMPTY: no frame data" plus the signal, so such logs
//     are grouped by class and signal only (the notes say so).
//
// Group ids are Hash() = sha256(algorithm id, signature string): stable for
// as long as Version and the lists are unchanged.
package signature

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// Version of the signature algorithm. Bump it whenever Compute or the
// built-in lists change the signature of any log, so that stored group ids of
// the old algorithm are never mixed with new ones.
const Version = 1

const (
	// Depth is the number of relevant frames a signature normally has (ABRT
	// uses 3 for its duphash).
	Depth = 3
	// MaxDepth bounds the frames taken while looking for a non-system frame.
	MaxDepth = 6
	// maxReason bounds message text in a signature.
	maxReason = 100
)

// Signature is the result of Compute.
type Signature struct {
	// Algorithm is the algorithm id: Version, plus the rules fingerprint
	// when the lists were edited.
	Algorithm string `json:"algorithm"`
	Class     string `json:"class"`
	// Reason is the normalised internal-error or OOM text, if any.
	Reason string `json:"reason,omitempty"`
	// Frames are the normalised frames used.
	Frames []string `json:"frames"`
	// Build is the JDK build (and libc) appended when frames are offsets.
	Build string `json:"build,omitempty"`
	// Notes say how the signature was built.
	Notes []string `json:"notes"`
}

// String is the signature text: "class | reason | frame | frame | build".
func (s Signature) String() string {
	parts := make([]string, 0, 3+len(s.Frames))
	parts = append(parts, s.Class)
	if s.Reason != "" {
		parts = append(parts, s.Reason)
	}
	parts = append(parts, s.Frames...)
	if s.Build != "" {
		parts = append(parts, s.Build)
	}
	return strings.Join(parts, " | ")
}

// Hash is the group id: the first 16 hex digits of sha256 over the algorithm
// id and the signature text.
func (s Signature) Hash() string {
	return GroupID(s.Algorithm, s.String())
}

// GroupID hashes an algorithm id and signature text.
func GroupID(algorithm, sig string) string {
	h := sha256.Sum256([]byte("hserr-signature\x00" + algorithm + "\x00" + sig))
	return hex.EncodeToString(h[:8])
}

// Compute builds the signature of l with the built-in lists.
func Compute(l *model.Log, class string) Signature {
	return DefaultRules().Compute(l, class)
}

type frameInfo struct {
	text       string
	fn         string // normalised function, "" for offset-only
	module     string
	offsetOnly bool
	system     bool
	java       bool
}

// normalised is a remembered normalise result: the frame and its notes.
type normalised struct {
	fi    frameInfo
	notes []string
}

// Compute builds the signature of l with these rules.
func (r *Rules) Compute(l *model.Log, class string) Signature {
	s := Signature{Algorithm: r.AlgorithmID(), Class: strings.TrimSpace(class)}
	if s.Class == "" {
		s.Class = "unclassified"
		s.Notes = append(s.Notes, "no verdict class: prefix is \"unclassified\"")
	}
	if r.Source != "builtin" {
		s.Notes = append(s.Notes, "lists from "+r.Source+" (fingerprint "+r.fingerprint+")")
	}
	if l == nil {
		s.Frames = []string{"EMPTY: no log"}
		return s
	}
	s.Reason = reason(l, &s.Notes)

	raw, from := sourceFrames(l)
	var frames []frameInfo
	for _, f := range raw {
		frames = append(frames, r.normaliseMemo(f, &s.Notes))
	}
	if len(frames) == 0 {
		s.noFrames(l)
		return s
	}
	s.Notes = append(s.Notes, fmt.Sprintf("frames from %s (%d)", from, len(frames)))
	chosen := r.choose(frames, &s)
	offsetJVM, offsetSys := false, false
	for _, f := range chosen {
		s.Frames = append(s.Frames, f.text)
		if f.offsetOnly {
			if f.system {
				offsetSys = true
			} else {
				offsetJVM = true
			}
		}
	}
	if offsetJVM || offsetSys {
		s.addBuild(l, offsetSys)
	}
	return s
}

// noFrames: a log without frames is grouped by class and error alone.
func (s *Signature) noFrames(l *model.Log) {
	sig := l.Header.Signal
	if sig == "" {
		sig = l.Header.ErrorKind
	}
	if sig == "" {
		sig = "no error line"
	}
	s.Frames = []string{"EMPTY: no frame data (" + sig + ")"}
	s.Notes = append(s.Notes, "the log has no frames (no native frames, problematic frame or Java frames): grouped by class and "+sig+" only")
}

// choose keeps the top relevant frames: irrelevant ones skipped, repeats
// counted once, at least Depth frames and on until one is outside the
// system libraries (at most MaxDepth).
func (r *Rules) choose(frames []frameInfo, s *Signature) []frameInfo {
	var chosen []frameInfo
	var skipped []string
	nonSystem := false
	for i, f := range frames {
		if !f.java && f.fn != "" && r.irrelevant(f.fn) {
			skipped = append(skipped, f.text)
			continue
		}
		if n := len(chosen); n > 0 && chosen[n-1].text == f.text {
			if i < 50 {
				s.Notes = append(s.Notes, "repeated frame "+f.text+" counted once")
			}
			continue
		}
		if len(chosen) >= Depth && (nonSystem || len(chosen) >= MaxDepth) {
			break
		}
		chosen = append(chosen, f)
		if !f.system {
			nonSystem = true
		}
	}
	s.Notes = uniq(s.Notes)
	if len(skipped) > 0 {
		s.Notes = append(s.Notes, "skipped irrelevant frames: "+strings.Join(uniq(skipped), ", "))
	}
	if len(chosen) == 0 {
		chosen = frames[:1]
		s.Notes = append(s.Notes, "every frame is on the irrelevant list: kept the top frame "+frames[0].text)
	}
	if len(chosen) > Depth {
		s.Notes = append(s.Notes, fmt.Sprintf("took %d frames to reach a frame outside the system libraries", len(chosen)))
	} else if !nonSystem {
		s.Notes = append(s.Notes, "all frames are in system libraries")
	}
	return chosen
}

// addBuild ends a signature whose frames have no symbols with the JDK
// build (and the libc for system frames): module+offset only matches
// within one build.
func (s *Signature) addBuild(l *model.Log, offsetSys bool) {
	jdk := normJDK(l.Header.Version.JDK)
	if jdk == "" {
		jdk = "unknown"
		s.Notes = append(s.Notes, "frames without symbols but no JDK version in the log")
	}
	b := "build " + jdk
	if p := l.Header.Version.Platform; p != "" {
		b += " " + p
	}
	if offsetSys {
		if lc := libcText(l); lc != "" {
			b += ", " + lc
		}
	}
	s.Build = b
	s.Notes = append(s.Notes, "frames without symbols are module+offset, which only match within one build: appended \""+b+"\"")
}

// sourceFrames picks the frames a signature is built from.
func sourceFrames(l *model.Log) ([]model.Frame, string) {
	if len(l.Thread.NativeFrames) > 0 {
		return l.Thread.NativeFrames, "native frames"
	}
	var out []model.Frame
	from := "Java frames"
	if p := l.Header.ProblematicFrame; p != nil {
		out = append(out, *p)
		from = "problematic frame"
		if len(l.Thread.JavaFrames) > 0 {
			from += " + Java frames"
		}
	}
	for i, f := range l.Thread.JavaFrames {
		if i == 0 && len(out) == 1 && sameFrame(out[0], f) {
			continue
		}
		out = append(out, f)
	}
	return out, from
}

func sameFrame(a, b model.Frame) bool {
	return a.Kind == b.Kind && a.Method == b.Method && a.Symbol == b.Symbol && a.Library == b.Library && a.Stub == b.Stub
}

var (
	reSymOff  = regexp.MustCompile(`\+0x[0-9a-fA-F]+$`)
	reClone   = regexp.MustCompile(`\s*\[clone [^\]]*\]`)
	reSpaces  = regexp.MustCompile(`\s+`)
	reHex     = regexp.MustCompile(`0[xX][0-9a-fA-F]+`)
	reNum     = regexp.MustCompile(`\b[0-9]+\b`)
	reAddrArg = regexp.MustCompile(`\s+0x[0-9a-fA-F]+$`)
	reBCI     = regexp.MustCompile(`\+[0-9]+$`)
)

// normaliseMemo is normalise, remembered by frame line: the same frames
// recur across a fleet's logs and the name rewrites are regexes. The
// remembered strings are copies, so the cache never holds a log's text.
func (r *Rules) normaliseMemo(f model.Frame, notes *[]string) frameInfo {
	if f.Text == "" || r.frameMemo == nil {
		return r.normalise(f, notes)
	}
	n := r.frameMemo.Do(f.Text, func(string) normalised {
		var ns []string
		fi := r.normalise(f, &ns)
		fi.text, fi.fn, fi.module = strings.Clone(fi.text), strings.Clone(fi.fn), strings.Clone(fi.module)
		for i := range ns {
			ns[i] = strings.Clone(ns[i])
		}
		return normalised{fi, ns}
	})
	*notes = append(*notes, n.notes...)
	return n.fi
}

func (r *Rules) normalise(f model.Frame, notes *[]string) frameInfo {
	fi := frameInfo{}
	switch f.Kind {
	case "J", "j", "A":
		fi.java = true
		m := strings.TrimSpace(f.Method)
		if m == "" {
			fi.text = "<unknown Java method>"
			return fi
		}
		if i := strings.IndexByte(m, '('); i > 0 {
			m = m[:i]
		}
		m = reBCI.ReplaceAllString(m, "")
		if c := applyCollapse(r.JavaCollapse, m); c != m {
			*notes = append(*notes, "collapsed generated Java name "+m+" → "+c)
			m = c
		}
		fi.fn, fi.text = m, m
		return fi
	case "v":
		st := strings.TrimSpace(f.Stub)
		if st == "" {
			st = strings.TrimSpace(f.Symbol)
		}
		st = reAddrArg.ReplaceAllString(st, "")
		if st == "" || strings.HasPrefix(st, "blob 0x") {
			st = "~<VM stub>"
		}
		fi.fn, fi.text = st, st
		return fi
	}
	// C, V and anything else native.
	if f.Library != "" {
		fi.module = r.module(f.Library, notes)
		fi.system = r.system(fi.module)
	}
	if fn := normFunc(f.Symbol); fn != "" {
		fi.fn = fn
		if f.Kind == "V" || fi.module == "" {
			fi.text = fn
		} else {
			fi.text = fi.module + "!" + fn
		}
		return fi
	}
	switch {
	case fi.module != "" && f.HasLibOffset:
		fi.offsetOnly = true
		fi.text = fmt.Sprintf("%s+0x%x", fi.module, f.LibOffset)
	case fi.module != "":
		fi.offsetOnly = true
		fi.text = fi.module + "+?"
	case f.HasAddress && f.Address < 0x10000:
		fi.text = "@<null>"
		*notes = append(*notes, "bare pc near NULL written as @<null>")
	case f.HasAddress:
		fi.text = "@<addr>"
		fi.system = true // tells nothing about the owner: keep looking
		*notes = append(*notes, "bare pc outside any library written as @<addr>")
	default:
		fi.text = "<unknown frame>"
		fi.system = true
	}
	return fi
}

func (r *Rules) module(lib string, notes *[]string) string {
	lib = strings.TrimSpace(lib)
	base := lib
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	base = path.Clean(base)
	if c := applyCollapse(r.ModuleCollapse, base); c != base {
		*notes = append(*notes, "collapsed library name "+base+" → "+c)
		base = c
	}
	return base
}

// normFunc normalises a C/C++ function name: no offset, parameters, return
// type, clone suffix or extra spaces.
func normFunc(sym string) string {
	s := strings.TrimSpace(sym)
	if s == "" {
		return ""
	}
	s = reSymOff.ReplaceAllString(s, "")
	s = reClone.ReplaceAllString(s, "")
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, " const")
	if strings.HasSuffix(s, ")") {
		depth := 0
	params:
		for i := len(s) - 1; i >= 0; i-- {
			switch s[i] {
			case ')':
				depth++
			case '(':
				depth--
			}
			if depth == 0 {
				if i > 0 {
					s = s[:i]
				}
				break params
			}
		}
	}
	// Return type: the last space outside <> and ().
	depth, cut := 0, -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<', '(':
			depth++
		case '>', ')':
			depth--
		case ' ', '*', '&':
			// "void Foo::bar", Solaris' "void*Foo::bar", "char&f".
			if depth == 0 && !strings.HasSuffix(strings.TrimRight(s[:i], " *&"), "operator") {
				cut = i
			}
		}
	}
	if cut >= 0 && cut < len(s)-1 {
		s = s[cut+1:]
	}
	s = strings.TrimLeft(s, "*&")
	s = reSpaces.ReplaceAllString(s, " ")
	return strings.TrimSpace(s)
}

// reason is the normalised error text of internal errors and OOMs.
func reason(l *model.Log, notes *[]string) string {
	h := l.Header
	var parts []string
	if h.ErrorSource != "" {
		file := h.ErrorSource
		if i := strings.LastIndexByte(file, ':'); i > 0 {
			file = file[:i]
		}
		parts = append(parts, "at "+file)
	}
	switch h.ErrorKind {
	case "out-of-memory":
		if h.OOM != nil && h.OOM.Purpose != "" {
			parts = append(parts, "OOM "+normText(h.OOM.Purpose))
		} else if len(h.Messages) > 0 {
			parts = append(parts, "OOM "+normText(h.Messages[0].Text))
		}
	case "internal-error":
		if len(h.Messages) > 0 {
			parts = append(parts, normText(h.Messages[0].Text))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	out := strings.Join(parts, ": ")
	*notes = append(*notes, "reason from the error line and message (hex → <addr>, numbers → <n>, line number dropped)")
	return out
}

func normText(t string) string {
	t = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(t), "#"))
	t = reHex.ReplaceAllString(t, "<addr>")
	t = reNum.ReplaceAllString(t, "<n>")
	t = reSpaces.ReplaceAllString(t, " ")
	t = strings.ReplaceAll(t, "|", "/")
	if len(t) > maxReason {
		t = t[:maxReason] + "…"
	}
	return strings.TrimSpace(t)
}

// normJDK writes old-style "1.8.0_262-b10" as "8.0_262-b10", as HotSpot
// itself does from JDK 8u on, so the same build has one spelling.
func normJDK(v string) string {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "1.") && len(v) > 2 && v[2] >= '5' && v[2] <= '8' && (len(v) == 3 || v[3] == '.') {
		return v[2:]
	}
	return v
}

func libcText(l *model.Log) string {
	t := strings.TrimSpace(l.System.Libc.Text)
	if t == "" {
		return ""
	}
	return reSpaces.ReplaceAllString(t, " ")
}

func uniq(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
