package rules

import (
	"slices"
	"testing"

	"github.com/hserr/hserr/internal/taxonomy"
)

// classesOf is every class a rule declares it can report.
func classesOf(r *Rule) []string {
	out := slices.Clone(r.Emits)
	if r.Class != "" && !slices.Contains(out, r.Class) {
		out = append(out, r.Class)
	}
	return out
}

// Every class a rule can report is a taxonomy class (the verdict contract
// users look ids up in), and every finding a rule reports, on every case
// row and corpus log, is one of the classes it declares.
func TestRuleClassesAreInTheTaxonomy(t *testing.T) {
	for _, r := range All() {
		for _, c := range classesOf(r) {
			if _, ok := taxonomy.Lookup(c); !ok {
				t.Errorf("rule %s reports %q, which internal/taxonomy/classes.tsv lacks", r.ID(), c)
			}
		}
	}
	if _, ok := taxonomy.Lookup("unknown-with-evidence"); !ok {
		t.Error("Decide's unknown-with-evidence is not in the taxonomy")
	}
	var logs []*Pass
	for _, c := range registry {
		logs = append(logs, NewPass(c.log))
	}
	for _, l := range corpusLogs(t) {
		logs = append(logs, NewPass(l))
	}
	for _, r := range All() {
		declared := classesOf(r)
		for _, p := range logs {
			for _, f := range Run(NewPass(p.Log), []*Rule{r}) {
				if !slices.Contains(declared, f.Class) {
					t.Errorf("rule %s reported %q, which it does not declare (Class/Emits)", r.ID(), f.Class)
				}
			}
		}
	}
}

// noRule states why a taxonomy class has no rule: hserr reads hs_err logs,
// and these failures leave none, or are named by the pipeline itself.
var noRule = map[string]string{
	"unknown-with-evidence":     "Decide's verdict when no root cause reaches the threshold",
	"native-lib-extract-noexec": "a library extracted to a noexec temp directory fails to load with UnsatisfiedLinkError ('failed to map segment'): the JVM does not crash and writes no hs_err log (hserr doctor checks the temp directories instead)",
}

// Every taxonomy class has a rule that can report it, or a stated reason.
func TestEveryTaxonomyClassHasARule(t *testing.T) {
	have := map[string]bool{}
	for _, r := range All() {
		for _, c := range classesOf(r) {
			have[c] = true
		}
	}
	for _, c := range taxonomy.All() {
		if !have[c.ID] && noRule[c.ID] == "" {
			t.Errorf("taxonomy class %s has no rule and no stated reason in noRule", c.ID)
		}
	}
	for id := range noRule {
		if _, ok := taxonomy.Lookup(id); !ok {
			t.Errorf("noRule names %q, which is not a taxonomy class", id)
		}
	}
}
