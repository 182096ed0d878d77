package parse

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// Caps of the Registers block: the widest real one (s390x with vector
// registers) has about 100 names on 40 lines.
const (
	maxRegs     = 512
	maxRegLines = 128
	maxMore     = 64 // continuation lines of one memory mapping entry
)

func (p *parser) registers(s string) {
	if p.log.Thread.Registers == nil {
		p.log.Thread.Registers = &model.Registers{}
	}
	p.block = bRegisters
}

// registerLine takes every NAME=0x… pair on a line of the Registers block,
// whatever the platform's layout (comma lists on x86, one per line on
// aarch64 21+, "r0 =0x…  r1 =…" on ppc64). Unknown names are kept.
func (p *parser) registerLine(s string) bool {
	regs := p.log.Thread.Registers
	if len(regs.Regs) >= maxRegs && strings.Contains(s, "=0x") {
		p.cut("register lines") // past the cap: counted, not split
		return true
	}
	found := false
	var buf [32]string // room for the widest layouts' lines
	fields := registerFields(buf[:0], s)
	var last *model.Register
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		eq := strings.IndexByte(f, '=')
		if eq < 0 {
			// XMM[i]=0x<hi> 0x<lo>: extra words of the previous register
			if last != nil && strings.HasPrefix(f, "0x") {
				if v, ok := hexVal(f); ok {
					if len(last.Wide) < maxWide {
						last.Wide = append(last.Wide, v)
					} else {
						p.cut("vector register words")
					}
					continue
				}
			}
			last = nil
			continue
		}
		name, val := f[:eq], f[eq+1:]
		if name == "" && i > 0 {
			name = fields[i-1] // "R8 =0x…"
		}
		if val == "" && i+1 < len(fields) {
			i++
			val = fields[i] // "r0= 0x…"
		}
		v, rest, ok := leadingHex(val)
		if !ok || rest != "" || name == "" || len(name) > 16 || strings.ContainsAny(name, "()") {
			last = nil
			continue
		}
		if len(regs.Regs) >= maxRegs {
			p.cut("registers")
			last, found = nil, true // a register line still, not an unknown one
			continue
		}
		regs.Regs = append(regs.Regs, model.Register{Name: name, Value: v, Line: p.n})
		last = &regs.Regs[len(regs.Regs)-1]
		found = true
	}
	if found {
		if len(regs.Lines) < maxRegLines {
			regs.Lines = append(regs.Lines, p.lineOf(s))
		} else {
			p.cut("register lines quoted")
		}
		return true
	}
	// "bad uc->uc_mcontext.fpregs: …" and similar notes inside the block
	if strings.HasPrefix(strings.TrimSpace(s), "bad ") {
		return true
	}
	return false
}

// registerFields appends the fields of s separated by spaces, commas and tabs.
func registerFields(dst []string, s string) []string {
	start := -1
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ' ' || c == ',' || c == '\t' {
			if start >= 0 {
				dst = append(dst, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		dst = append(dst, s[start:])
	}
	return dst
}

// registerArch names the register family from the names seen.
func registerArch(regs []model.Register) string {
	has := map[string]bool{}
	for _, r := range regs {
		has[r.Name] = true
	}
	switch {
	case has["RAX"] || has["RIP"]:
		return "x86_64"
	case has["EAX"] || has["EIP"]:
		return "x86"
	case has["x0"] || has["X0"]:
		return "macos-aarch64"
	case has["R0"] && (has["R30"] || has["R29"]):
		return "aarch64"
	case has["r0"] && (has["ctr"] || has["lr"]):
		return "ppc64"
	case has["r0"] && (has["psw"] || has["pc"]):
		return "s390x"
	}
	for n := range has {
		if strings.HasPrefix(n, "psw") || strings.HasPrefix(n, "gpr") {
			return "s390x"
		}
	}
	return ""
}

func (p *parser) registerMap(s string) {
	p.regmap = &p.log.Thread.RegisterMap
	p.block = bRegMap
}

func (p *parser) stackSlots(s string) {
	p.block = bStackSlots
}

// registerToken recognises the start of a Register-to-memory entry:
// "RAX=", "R8 =", "x12=", "fp=", "pc =" (a short register name and '=').
func registerToken(s string) (key, rest string, ok bool) {
	eq := strings.IndexByte(s, '=')
	if eq <= 0 || eq > 7 {
		return "", "", false
	}
	name := strings.TrimSpace(s[:eq])
	if name == "" || strings.ContainsAny(name, " :'{}") {
		return "", "", false
	}
	c := name[0]
	if !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
		return "", "", false
	}
	return name, s[eq+1:], true
}

// slotToken recognises "stack at sp + 3 slots: …" and the 21+ variants.
func slotToken(s string) (key, rest string, ok bool) {
	if strings.HasPrefix(s, "stack at sp + ") {
		n, r, found := cut(strings.TrimPrefix(s, "stack at sp + "), " slots:")
		if found {
			return "sp+" + n, r, true
		}
	}
	if strings.HasPrefix(s, "unreadable stack slot at sp + ") || strings.HasPrefix(s, "Misaligned sp:") {
		return "note", s, true
	}
	return "", "", false
}

// annotatedLine adds an entry (or a continuation line of the last entry) to
// a Register-to-memory or Stack-slot mapping.
func (p *parser) annotatedLine(s string, dst *[]model.Annotated, token func(string) (string, string, bool)) bool {
	if key, rest, ok := token(s); ok {
		a := model.Annotated{Key: key, Line: p.n, Text: s}
		rest = strings.TrimSpace(rest)
		if v, tail, ok := leadingHex(rest); ok {
			a.Value, a.HasValue = v, true
			rest = strings.TrimSpace(strings.TrimPrefix(tail, ":"))
		}
		a.Description = rest
		if len(*dst) < maxItems {
			*dst = append(*dst, a)
		} else {
			p.cut("memory mapping entries")
		}
		return true
	}
	if n := len(*dst); n > 0 {
		if last := &(*dst)[n-1]; len(last.More) < maxMore {
			last.More = append(last.More, s)
		} else {
			p.cut("memory mapping continuation lines")
		}
		return true
	}
	return false
}
