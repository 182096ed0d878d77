package rules

import "github.com/hserr/hserr/internal/fault"

// FaultFact is the fault analysis (decoded instruction, access, address
// class, register provenance), computed once per log.
var FaultFact = &Fact{
	Name: "fault",
	Doc:  "fault.Analyze: the faulting instruction and where its address came from",
	Compute: func(p *Pass) (v any) {
		defer func() {
			if recover() != nil {
				v = (*fault.Analysis)(nil) // a decoder bug must not cost the verdict
			}
		}()
		return fault.Analyze(p.Log)
	},
}
