package explain

import (
	"github.com/hserr/hserr/internal/fault"
	"github.com/hserr/hserr/internal/rules"
)

// faultOf returns the fault analysis the rules shared.
func faultOf(p *rules.Pass) *fault.Analysis { return rules.Get[*fault.Analysis](p, rules.FaultFact) }

// faultLines renders the fault analysis for text and Markdown.
func faultLines(a *fault.Analysis) []string { return a.Lines() }
