package rules

import (
	"strings"
	"testing"
)

// The rules' tests read facts strictly: a rule (or fact) that reads a fact
// it did not declare panics instead of quietly computing it.
func init() { strictFacts = true }

func TestRegistryValid(t *testing.T) {
	if err := Validate(All()); err != nil {
		t.Fatal(err)
	}
}

// Validate catches what go/analysis's validation catches.
func TestValidateRejects(t *testing.T) {
	run := func(*Pass) []Finding { return nil }
	a := &Fact{Name: "a", Doc: "a", Compute: func(*Pass) any { return nil }}
	b := &Fact{Name: "b", Doc: "b", Compute: func(*Pass) any { return nil }, Requires: []*Fact{a}}
	a.Requires = []*Fact{b}
	for _, c := range []struct {
		name string
		rs   []*Rule
		want string
	}{
		{"two rules with one ID", []*Rule{{Class: "x", Doc: "d", Run: run}, {Class: "x", Doc: "d", Run: run}}, "registered twice"},
		{"no Doc", []*Rule{{Class: "x", Run: run}}, "no Doc"},
		{"no class", []*Rule{{Name: "x", Doc: "d", Run: run}}, "reports no class"},
		{"fact cycle", []*Rule{{Class: "x", Doc: "d", Run: run, Requires: []*Fact{a}}}, "fact cycle"},
		{"fact without Doc", []*Rule{{Class: "x", Doc: "d", Run: run, Requires: []*Fact{{Name: "f", Compute: func(*Pass) any { return nil }}}}}, "lacks a Name, Doc or Compute"},
	} {
		err := Validate(c.rs)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.name, err, c.want)
		}
	}
}

// Reading a fact a rule did not declare fails, like an analyzer reading a
// result it did not require.
func TestUndeclaredFactPanics(t *testing.T) {
	r := &Rule{Class: "x", Doc: "d", Run: func(p *Pass) []Finding {
		Get[*Stack](p, StackFact)
		return nil
	}}
	defer func() {
		if recover() == nil {
			t.Fatal("reading an undeclared fact did not panic")
		}
	}()
	Run(NewPass(hs{}.log()), []*Rule{r})
}

// A FindingOnly rule that reports a root cause is refused.
func TestFindingOnlyRefusesRootCause(t *testing.T) {
	r := &Rule{Class: "x", Doc: "d", FindingOnly: true, Run: func(p *Pass) []Finding {
		return []Finding{{Role: RootCause, Confidence: 0.9, Summary: "s"}}
	}}
	defer func() {
		if recover() == nil {
			t.Fatal("a FindingOnly rule's root cause was accepted")
		}
	}()
	Run(NewPass(hs{}.log()), []*Rule{r})
}
