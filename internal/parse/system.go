package parse

import (
	"strconv"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// osLine: "OS:" alone (17+, distro on the next lines) or "OS:<distro>" (≤11,
// Windows "OS: Windows …").
func (p *parser) osLine(s string) {
	rest := strings.TrimSpace(strings.TrimPrefix(s, "OS:"))
	if rest != "" {
		p.add(&p.log.System.OS, s)
	}
	p.block = bOS
}

// osBlockLine takes the distro file's lines (any text) until a blank line.
func (p *parser) osBlockLine(s string) bool {
	if len(p.log.System.OS) < 64 {
		p.add(&p.log.System.OS, s)
	} else {
		p.cut("OS block lines")
	}
	return true
}

// rlimits: "rlimit: STACK 8192k, CORE infinity, …" or
// "rlimit (soft/hard): STACK 8192k/infinity , CORE 0k/infinity , …".
func (p *parser) rlimits(s string) {
	sys := &p.log.System
	sys.RlimitLine = p.lineOf(s)
	_, rest, ok := cut(s, ":")
	if !ok {
		return
	}
	for more := true; more; {
		var item string
		item, rest, more = cut(rest, ",")
		name, val, ok := cut(strings.TrimSpace(item), " ")
		if !ok {
			continue
		}
		if len(sys.Rlimits) >= maxRlimits {
			p.cut("rlimits")
			continue
		}
		r := model.Rlimit{Name: name}
		r.Soft, r.Hard, _ = cut(strings.TrimSpace(val), "/")
		sys.Rlimits = append(sys.Rlimits, r)
	}
}

// keyColon splits "path (description): value" at the first ": ".
func (p *parser) keyColon(s string, dst *[]model.KV) {
	k, v, ok := cut(s, ": ")
	if !ok {
		k, v, _ = cut(s, ":")
	}
	if len(*dst) < maxKV {
		*dst = append(*dst, model.KV{Key: strings.TrimSpace(k), Value: strings.TrimSpace(v), Line: p.n, Text: s})
	} else {
		p.cut("/proc/sys and THP lines")
	}
}

// Bounds on SYSTEM lists a crafted log could repeat without end.
const (
	maxKV      = 256 // /proc/sys and THP key/value lines
	maxRlimits = 64
)

func (p *parser) thpLine(s string)     { p.keyColonNext(s, &p.log.System.THP) }
func (p *parser) procSysLine(s string) { p.keyColonNext(s, &p.log.System.ProcSys) }

// keyColonNext is keyColon for lines whose value may be printed on the next
// line (_print_ascii_file_h in 11.0.x/17 prints the path, then the file).
func (p *parser) keyColonNext(s string, dst *[]model.KV) {
	n := len(*dst)
	p.keyColon(s, dst)
	if len(*dst) == n {
		return // past the cap: nothing to fill (joining into the last kept entry was quadratic)
	}
	if kv := &(*dst)[n]; kv.Value == "" {
		i := n
		p.expectValue(func(v string) {
			(*dst)[i].Value = strings.TrimSpace(v)
			(*dst)[i].Text = p.src.joinNext((*dst)[i].Text, v)
		})
	}
}

// expectValue makes the next line the value of the current item.
func (p *parser) expectValue(fn func(string)) {
	p.block = bNextValue
	p.valueFor = fn
}

// cpuLine: "CPU: total 4 (initial active 4) (2 cores per cpu, 2 threads per core) family 6 …, cmov, cx8, …".
func (p *parser) cpuLine(s string) {
	sys := &p.log.System
	sys.CPU = p.lineOf(s)
	items := splitTopLevel(strings.TrimSpace(strings.TrimPrefix(s, "CPU:")))
	for i, it := range items {
		if i == 0 {
			continue // "total 4 (initial active 4) … stepping 9"
		}
		if it = strings.TrimSpace(it); it != "" && len(sys.CPUFeatures) >= 512 {
			p.cut("CPU features")
		} else if it != "" {
			sys.CPUFeatures = append(sys.CPUFeatures, it)
		}
	}
}

// splitTopLevel splits on commas that are not inside parentheses.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// cpuinfoLine takes /proc/cpuinfo lines ("key\t: value"); the first
// processor's model name and flags are kept as facts.
func (p *parser) cpuinfoLine(s string) bool {
	sys := &p.log.System
	if p.cpuLaterBlock || p.cpuFlagsSeen && strings.HasPrefix(s, "processor") {
		// everything kept is from the first processor's block; the others
		// (thousands of lines on a large host) repeat it
		p.cpuLaterBlock = true
		return strings.IndexByte(s, ':') >= 0
	}
	k, v, ok := cut(s, ":")
	if !ok {
		return false
	}
	key := strings.TrimSpace(k)
	v = strings.TrimSpace(v)
	switch key {
	case "model name", "cpu", "Processor", "machine":
		if sys.CPUModel == "" {
			sys.CPUModel = v
		}
	case "CPU implementer", "CPU architecture":
		if sys.CPUInfoARM.Text == "" {
			sys.CPUInfoARM = model.Line{N: p.n, Text: s}
		}
	case "flags", "Features", "features":
		if !p.cpuFlagsSeen {
			p.cpuFlagsSeen = true
			sys.CPUFlags = strings.Fields(v)
		}
	}
	return true
}

func (p *parser) cpuExtra(s string) {
	p.add(&p.log.System.CPUExtra, s)
	if strings.HasSuffix(strings.TrimSpace(s), ":") {
		p.expectValue(func(v string) { p.add(&p.log.System.CPUExtra, v) })
	}
}

func (p *parser) cpuExtraBlock(s string) {
	p.cpuExtra(s)
	p.block = bCPUExtra
}

func (p *parser) memoryLine(s string) {
	p.add(&p.log.System.Memory, s)
	p.block = bMemory
}

func (p *parser) vmInfo(s string) {
	p.log.System.VMInfo = p.lineOf(s)
}

// elapsedLine: JDK ≤ 8 "elapsed time: 6671 seconds (0d 1h 51m 11s)".
func (p *parser) elapsedLine(s string) {
	p.log.System.Elapsed = p.lineOf(s)
	p.setElapsed(strings.TrimPrefix(s, "elapsed time:"))
}

// summaryTime: "Time: <ctime> <TZ> elapsed time: 0.040908 seconds (0d 0h 0m 0s)".
func (p *parser) summaryTime(s string) {
	sm := &p.log.Summary
	sm.Time = p.lineOf(s)
	rest := strings.TrimSpace(strings.TrimPrefix(s, "Time:"))
	when, el, ok := cut(rest, " elapsed time:")
	sm.When = strings.TrimSpace(when)
	if ok {
		p.setElapsed(el)
	}
}

func (p *parser) setElapsed(s string) {
	num, _, _ := cut(strings.TrimSpace(s), " ")
	if v, err := strconv.ParseFloat(num, 64); err == nil {
		p.log.Summary.Elapsed, p.log.Summary.HasElapsed = v, true
	}
}

// vmInfoVersion fills platform and JDK version from
// "vm_info: <VM> (<release>) for <platform> JRE (<version>), built on …"
// when the header did not (fragments, cut headers).
func vmInfoVersion(v *model.Version, s string) {
	if s == "" {
		return
	}
	if v.Platform == "" {
		if pl, ok := afterKey(s, " for ", ' '); ok && isPlatform(pl) {
			setPlatform(v, pl)
		}
	}
	if v.JDK == "" {
		if j, ok := afterKey(s, "JRE (", ')'); ok {
			setJDK(v, j)
		}
	}
	if v.VM == "" {
		if i := strings.Index(s, " ("); i > 0 {
			v.VM = strings.TrimSpace(strings.TrimPrefix(s[:i], "vm_info:"))
		}
	}
}

// glibcOf reads "libc: glibc 2.35 NPTL 2.35" (the version after "glibc ").
func glibcOf(s string) model.GlibcVersion {
	_, v, ok := strings.Cut(s, "glibc ")
	if !ok {
		return model.GlibcVersion{}
	}
	maj, rest, ok := strings.Cut(firstWord(v), ".")
	if !ok {
		return model.GlibcVersion{}
	}
	a, okA := leadingInt(maj)
	b, okB := leadingInt(rest)
	if !okA || !okB || len(maj) > 3 {
		return model.GlibcVersion{}
	}
	return model.GlibcVersion{Major: a, Minor: b}
}

// firstWord is the first space-separated word of s, "" when there is none.
func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}
