package explain

import (
	"fmt"

	"github.com/hserr/hserr/internal/fault"
	"github.com/hserr/hserr/internal/rules"
)

// faultOf returns the fault analysis the rules shared.
func faultOf(p *rules.Pass) *fault.Analysis { return rules.Get[*fault.Analysis](p, rules.FaultFact) }

// faultLines renders the fault analysis for text and Markdown.
func faultLines(a *fault.Analysis) []string {
	if a == nil {
		return nil
	}
	var out []string
	if a.Instruction != "" {
		out = append(out, fmt.Sprintf("instruction at pc 0x%x: %s", uint64(a.PC), a.Instruction))
	}
	if a.AddressClass != "" {
		out = append(out, "fault address class: "+string(a.AddressClass))
	}
	out = append(out, a.Evidence...)
	for _, n := range a.Notes {
		out = append(out, "note: "+n)
	}
	return out
}
