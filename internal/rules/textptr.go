package rules

import (
	"fmt"
	"strings"

	"github.com/hserr/hserr/internal/fault"
	"github.com/hserr/hserr/internal/model"
)

// TextPointers are registers holding printable text (ASCII or UTF-16
// bytes) where a pointer belongs: the base or index of the faulting access,
// or, for a general-protection fault whose address the OS hid, a
// non-canonical text value. String bytes used as a pointer mean the memory
// that held the pointer was overwritten: heap corruption.
type TextPointers struct {
	Regs  []fault.TextRegister
	Lines []model.Line // the register dump lines, quoted
}

// TextPointerFact reads fault's text registers.
var TextPointerFact = &Fact{
	Name:     "text pointers",
	Doc:      "registers whose value is string bytes where a pointer belongs",
	Requires: []*Fact{FaultFact},
	Compute: func(p *Pass) any {
		t := &TextPointers{}
		fa := Get[*fault.Analysis](p, FaultFact)
		if fa == nil {
			return t
		}
		for _, r := range fa.TextRegisters {
			if !r.Pointer && !r.Suspect {
				continue
			}
			t.Regs = append(t.Regs, r)
			if ln, ok := p.RegLine(r.Name); ok {
				t.Lines = append(t.Lines, ln)
			}
		}
		return t
	},
}

// Sentence says what the text registers show, for an explanation.
func (t *TextPointers) Sentence() string {
	if len(t.Regs) == 0 {
		return ""
	}
	var parts []string
	for _, r := range t.Regs {
		how := "is the base or index of the faulting access"
		if !r.Pointer {
			how = "is non-canonical, the kind of value that raises the general-protection fault the OS reported without an address, so it is likely what faulted"
		}
		parts = append(parts, fmt.Sprintf("%s=%s reads as the %s text %q and %s", r.Name, r.Value, r.Encoding, r.Text, how))
	}
	return strings.Join(parts, "; ") + ": string bytes were used as a pointer, so the memory that held the pointer had been overwritten with string data (heap corruption), not computed wrongly by the code that faulted."
}
