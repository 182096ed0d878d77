package fault

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// regs reads register values from the log by canonical name ("RDI",
// "EDI", "X0", "SP"), trying the spellings each platform prints.
type regs struct {
	arch model.Arch
	l    *model.Log
}

// get returns the value of a canonical register, the name the log uses for
// it, and whether the log has it.
func (r regs) get(canon string) (uint64, string, bool) {
	for _, name := range r.spellings(canon) {
		if v, ok := r.l.Register(name); ok {
			return v, name, true
		}
	}
	// a log cut after the Registers: block may still have the "Register
	// to memory mapping" block, which prints every value again
	for _, name := range r.spellings(canon) {
		for _, e := range r.l.Thread.RegisterMap {
			if e.HasValue && strings.EqualFold(strings.TrimSpace(e.Key), name) {
				return e.Value, name, true
			}
		}
	}
	// sp is also on the Stack: line; Linux aarch64 prints no sp register.
	if canon == spCanon(r.arch) {
		if s := r.l.Thread.Stack; s != nil && s.HasSP {
			return s.SP, r.logName(canon), true
		}
	}
	return 0, r.logName(canon), false
}

// logName is the spelling to show for a register the log may lack.
func (r regs) logName(canon string) string {
	if isPPC64(r.arch) || r.arch == ArchS390X {
		return strings.ToLower(canon) // HotSpot prints "r3 =", "lr =", "ctr="
	}
	if r.arch == ArchAArch64 && r.l.Thread.Registers != nil {
		for _, reg := range r.l.Thread.Registers.Regs {
			if len(reg.Name) > 0 && (reg.Name[0] == 'x') {
				return strings.ToLower(canon)
			}
		}
		if strings.HasPrefix(canon, "X") {
			return "R" + canon[1:]
		}
	}
	return canon
}

func (r regs) spellings(canon string) []string {
	switch {
	case isPPC64(r.arch):
		return []string{strings.ToLower(canon)}
	case r.arch == ArchS390X:
		// the s390x layout is not well known: HotSpot prints "r2  = 0x…";
		// "gpr2" is the kernel's and gdb's spelling
		low := strings.ToLower(canon)
		return []string{low, "gp" + low}
	case r.arch != ArchAArch64:
		return []string{canon}
	}
	switch canon {
	case "SP":
		return []string{"sp", "SP"}
	case "X29":
		return []string{"R29", "x29", "fp", "FP"}
	case "X30":
		return []string{"R30", "x30", "lr", "LR"}
	}
	if strings.HasPrefix(canon, "X") {
		n := canon[1:]
		return []string{"R" + n, "x" + n, canon}
	}
	return []string{canon}
}

// has reports whether the log has any register values at all.
func (r regs) has() bool {
	if r.l.Thread.Registers != nil && len(r.l.Thread.Registers.Regs) > 0 {
		return true
	}
	for _, e := range r.l.Thread.RegisterMap {
		if e.HasValue {
			return true
		}
	}
	return false
}
