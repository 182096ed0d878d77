// Package explain assembles hserr's answer for one log: the verdict, the
// other findings, the fault analysis and a summary of what crashed, and
// renders it as text, Markdown or JSON.
package explain

import (
	"github.com/hserr/hserr/internal/fault"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/rules"
)

// Report is the --json object; its top-level shape follows taxonomy.md.
type Report struct {
	Verdict  rules.Finding   `json:"verdict"`
	Findings []rules.Finding `json:"findings"`
	Fault    *fault.Analysis `json:"fault"`
	Crash    Crash           `json:"crash"`
	Parse    ParseSummary    `json:"parse"`
}

// Verdict is Build's verdict alone, for callers that keep nothing else
// (triage, once per log of thousands): the rules that only report context
// are not run, as Decide reads root causes only, and the fault analysis
// makes no instruction listing, which no rule reads.
func Verdict(l *model.Log) rules.Finding {
	if l == nil {
		l = &model.Log{}
	}
	p := rules.NewPass(l)
	p.Fault = rules.AnalyzeFaultFacts(l)
	v, _ := rules.Decide(p, rules.Run(p, rules.VerdictRules()))
	return v
}

// Build runs the fault analysis and then the rule base over a parsed log.
func Build(l *model.Log) *Report {
	if l == nil {
		l = &model.Log{}
	}
	// The pipeline's steps in order: the fault analysis decodes the
	// faulting instruction once; the rules read it (and the model) as facts.
	fa := rules.AnalyzeFault(l)
	p := rules.NewPass(l)
	p.Fault = fa
	all := rules.Run(p, rules.All())
	v, rest := rules.Decide(p, all)
	if rest == nil {
		rest = []rules.Finding{}
	}
	return &Report{
		Verdict:  v,
		Findings: rest,
		Fault:    fa,
		Crash:    crashSummary(l),
		Parse:    parseSummary(l),
	}
}
