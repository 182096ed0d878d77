package rules

import (
	"github.com/hserr/hserr/internal/fault"
	"github.com/hserr/hserr/internal/model"
)

// FaultFact is the fault analysis (decoded instruction, access, address
// class, register provenance): the pipeline's step before the rules.
var FaultFact = &Fact{
	Name: "fault",
	Doc:  "the fault analysis (the faulting instruction and where its address came from) the pipeline ran before the rules",
	Compute: func(p *Pass) any {
		if p.Fault != nil {
			return p.Fault
		}
		// a pass built without the pipeline's step (unit tests) runs it here
		p.Fault = AnalyzeFault(p.Log)
		return p.Fault
	},
}

// AnalyzeFault is the pipeline's fault-analysis step: fault.Analyze, with
// a decoder bug costing the analysis, never the verdict.
func AnalyzeFault(l *model.Log) *fault.Analysis { return safely(fault.Analyze, l) }

// AnalyzeFaultFacts is AnalyzeFault without the instruction listing, for
// a caller that keeps only the verdict (no rule reads the listing).
func AnalyzeFaultFacts(l *model.Log) *fault.Analysis { return safely(fault.AnalyzeFacts, l) }

func safely(analyze func(*model.Log) *fault.Analysis, l *model.Log) (a *fault.Analysis) {
	defer func() {
		if recover() != nil {
			a = nil
		}
	}()
	return analyze(l)
}
