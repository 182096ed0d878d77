package rules

import (
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/model"
)

// rcase is one row of the rule tables: a log, the rule under test, and
// whether it must fire. Every rule file's test registers its rows with
// cases(); TestEveryRuleHasBothCases checks that each rule has at least one
// positive and one negative (near-miss) row.
type rcase struct {
	name  string
	rule  *Rule
	class string // expected class when the rule emits several (default rule.Class)
	fire  bool
	min   float64 // least confidence of a positive (default: Threshold; factors 0.3)
	below float64 // when set, a positive's confidence must stay under it (deferral)
	log   *model.Log
	want  []string // substrings of summary+explanation+remedy+caveats
}

var registry []rcase

func cases(cs ...rcase) bool { registry = append(registry, cs...); return true }

func (c rcase) wantClass() string {
	if c.class != "" {
		return c.class
	}
	return c.rule.Class
}

// text is everything a reader sees of a finding.
func text(f Finding) string {
	return f.Summary + "\n" + f.Explanation + "\n" + strings.Join(f.Remedy, "\n") + "\n" + strings.Join(f.Caveats, "\n")
}

func TestRuleCases(t *testing.T) {
	for _, c := range registry {
		t.Run(c.wantClass()+"/"+c.name, func(t *testing.T) {
			fs := Run(NewPass(c.log), []*Rule{c.rule})
			var got *Finding
			for i := range fs {
				if fs[i].Class == c.wantClass() {
					got = &fs[i]
					break
				}
			}
			if !c.fire {
				// A near miss may leave a weak candidate or a factor note,
				// never a verdict; secondary rules must stay silent.
				if got != nil && (got.Confidence >= Threshold && got.Role == RootCause || c.rule.FindingOnly) {
					t.Fatalf("fired on a near miss (%s %.2f): %s", got.Role, got.Confidence, got.Summary)
				}
				return
			}
			if got == nil {
				t.Fatalf("did not fire; findings: %v", classes(fs))
			}
			min := c.min
			if min == 0 {
				min = Threshold
				if got.Role != RootCause {
					min = 0.3
				}
			}
			if got.Confidence < min {
				t.Errorf("confidence %.2f < %.2f", got.Confidence, min)
			}
			if c.below > 0 && got.Confidence >= c.below {
				t.Errorf("confidence %.2f, want below %.2f (the more specific class must win)", got.Confidence, c.below)
			}
			if len(got.Evidence) == 0 || got.Summary == "" || got.Explanation == "" {
				t.Errorf("finding lacks evidence, summary or explanation: %+v", got)
			}
			for _, e := range got.Evidence {
				if e.N <= 0 || e.Text == "" {
					t.Errorf("evidence line without number or text: %+v", e)
				}
			}
			if got.Role == RootCause && len(got.Remedy) == 0 {
				t.Error("root cause without remedy")
			}
			for _, w := range c.want {
				if !strings.Contains(text(*got), w) {
					t.Errorf("finding lacks %q:\n%s", w, text(*got))
				}
			}
		})
	}
}

func classes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Class)
	}
	return out
}

// Every rule of the rule base has a positive and a negative row.
func TestEveryRuleHasBothCases(t *testing.T) {
	pos, neg := map[*Rule]bool{}, map[*Rule]bool{}
	for _, c := range registry {
		if c.fire {
			pos[c.rule] = true
		} else {
			neg[c.rule] = true
		}
	}
	for _, r := range All() {
		name := r.ID()
		if !pos[r] {
			t.Errorf("%s: no positive case", name)
		}
		if !neg[r] {
			t.Errorf("%s: no negative case", name)
		}
	}
}
