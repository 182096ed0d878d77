package rules

import (
	"errors"
	"fmt"
	"strings"
)

// Validate checks a rule base the way go/analysis validates analyzers:
// every rule has a unique ID, a Doc, a Run and at least one class it can
// report; every fact it declares exists (a name, a Doc, a Compute), fact
// names are unique, and the facts' requirements have no cycle. A
// FindingOnly rule never reports a root cause (Run enforces that).
func Validate(rs []*Rule) error {
	var errs []error
	ids := map[string]bool{}
	var facts []*Fact
	for i, r := range rs {
		if r == nil {
			errs = append(errs, fmt.Errorf("rule %d is nil", i))
			continue
		}
		id := r.ID()
		switch {
		case id == "":
			errs = append(errs, fmt.Errorf("rule %d (%q) has neither Name nor Class", i, r.Doc))
		case ids[id]:
			errs = append(errs, fmt.Errorf("rule %q is registered twice, or two rules share the ID: give one a Name", id))
		}
		ids[id] = true
		if strings.TrimSpace(r.Doc) == "" {
			errs = append(errs, fmt.Errorf("rule %q has no Doc", id))
		}
		if r.Run == nil {
			errs = append(errs, fmt.Errorf("rule %q has no Run", id))
		}
		if r.Class == "" && len(r.Emits) == 0 {
			errs = append(errs, fmt.Errorf("rule %q reports no class: set Class or Emits", id))
		}
		for _, f := range r.Requires {
			if f == nil {
				errs = append(errs, fmt.Errorf("rule %q requires a nil fact", id))
			}
		}
		facts = append(facts, r.Requires...)
	}
	return errors.Join(append(errs, validateFacts(facts)...)...)
}

// validateFacts checks every fact reachable from fs, and that their
// requirements form no cycle.
func validateFacts(fs []*Fact) []error {
	var errs []error
	const (
		visiting = 1
		done     = 2
	)
	state := map[*Fact]int{}
	names := map[string]*Fact{}
	var visit func(f *Fact, path []string)
	visit = func(f *Fact, path []string) {
		if f == nil {
			return
		}
		switch state[f] {
		case visiting:
			errs = append(errs, fmt.Errorf("fact cycle: %s -> %s", strings.Join(path, " -> "), f.Name))
			return
		case done:
			return
		}
		state[f] = visiting
		if f.Name == "" || strings.TrimSpace(f.Doc) == "" || f.Compute == nil {
			errs = append(errs, fmt.Errorf("fact %q lacks a Name, Doc or Compute", f.Name))
		}
		if g, ok := names[f.Name]; ok && g != f {
			errs = append(errs, fmt.Errorf("two facts are named %q", f.Name))
		}
		names[f.Name] = f
		for _, r := range f.Requires {
			visit(r, append(path, f.Name))
		}
		state[f] = done
	}
	for _, f := range fs {
		visit(f, nil)
	}
	return errs
}
