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
	p, found := run(l, rules.AnalyzeFaultFacts, rules.VerdictRules())
	v, _ := rules.Decide(p, found)
	return v
}

// run is the pipeline's steps in order over l: the fault analysis decodes
// the faulting instruction once; the rules read it (and the model) as
// facts.
func run(l *model.Log, analyze func(*model.Log) *fault.Analysis, rs []*rules.Rule) (*rules.Pass, []rules.Finding) {
	if l == nil {
		l = &model.Log{}
	}
	p := rules.NewPass(l)
	p.Fault = analyze(l)
	return p, rules.Run(p, rs)
}

// Build runs the fault analysis and then the rule base over a parsed log.
func Build(l *model.Log) *Report {
	p, all := run(l, rules.AnalyzeFault, rules.All())
	v, rest := rules.Decide(p, all)
	if rest == nil {
		rest = []rules.Finding{}
	}
	return &Report{
		Verdict:  v,
		Findings: rest,
		Fault:    p.Fault,
		Crash:    crashSummary(p.Log),
		Parse:    parseSummary(p.Log),
	}
}
