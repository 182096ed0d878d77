package rules

import (
	"cmp"
	"slices"

	"github.com/hserr/hserr/internal/model"
)

// Role says how a finding relates to the crash.
type Role string

const (
	// RootCause findings compete for the verdict.
	RootCause Role = "root-cause"
	// Factor findings contribute (handler modified, THP, container limits,
	// old JDK) but do not explain the crash alone.
	Factor Role = "factor"
	// Quality findings describe the log itself (truncated, secondary faults).
	Quality Role = "log-quality"
)

// Finding is one conclusion with the lines it rests on.
type Finding struct {
	Class      string  `json:"class"` // a taxonomy.md id, verbatim
	Role       Role    `json:"role"`
	Confidence float64 `json:"confidence"` // 0..1
	// Summary is the one-line cause.
	Summary string `json:"summary"`
	// Explanation walks from the evidence to the cause, in plain words.
	Explanation string `json:"explanation"`
	// Evidence is the exact log lines, with line numbers, in log order.
	Evidence []model.Line `json:"evidence"`
	// Remedy lists concrete actions: flags, variables, settings, upgrades.
	Remedy []string `json:"remedy,omitempty"`
	// Caveats says what lowered the confidence or what the log cannot show.
	Caveats []string `json:"caveats,omitempty"`
}

// Ev accumulates evidence lines, skipping empty and repeated ones.
type Ev struct{ lines []model.Line }

// Add appends lines that carry a line number.
func (e *Ev) Add(ls ...model.Line) *Ev {
	for _, l := range ls {
		if l.N <= 0 {
			continue
		}
		dup := false
		for _, x := range e.lines {
			if x.N == l.N {
				dup = true
				break
			}
		}
		if !dup {
			if e.lines == nil {
				e.lines = make([]model.Line, 0, 8) // evidence is a few lines: grow once at most
			}
			e.lines = append(e.lines, l)
		}
	}
	return e
}

// Lines returns the evidence sorted by line number.
func (e *Ev) Lines() []model.Line {
	out := append([]model.Line(nil), e.lines...)
	slices.SortFunc(out, func(a, b model.Line) int { return cmp.Compare(a.N, b.N) }) // N is unique
	return out
}

// Len is the number of distinct lines collected.
func (e *Ev) Len() int { return len(e.lines) }

// clamp keeps a confidence in [0.05, 0.99]: nothing read from a log is certain.
func clamp(c float64) float64 {
	switch {
	case c < 0.05:
		return 0.05
	case c > 0.99:
		return 0.99
	}
	return c
}
