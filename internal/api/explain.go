package api

import (
	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/rules"
)

// Explain is `hserr explain --json`: the verdict, the other findings, the
// fault analysis, what crashed and how complete the log is.
type Explain struct {
	Envelope
	// Verdict is the one finding that explains the crash.
	Verdict Finding `json:"verdict"`
	// Findings are the other conclusions, strongest first.
	Findings []Finding `json:"findings"`
	// Fault is the analysis of the faulting instruction; null when none was
	// made.
	Fault *Fault `json:"fault"`
	Crash Crash  `json:"crash"`
	// Parse says how complete the log is.
	Parse Completeness `json:"parse"`
}

// Role says how a finding relates to the crash (closed enumeration).
type Role string

// The roles of a finding.
const (
	RoleRootCause Role = "root-cause"  // competes for the verdict
	RoleFactor    Role = "factor"      // contributes, does not explain alone
	RoleQuality   Role = "log-quality" // about the log itself
)

// Finding is one conclusion with the log lines it rests on.
type Finding struct {
	// Class is a crash-class id of the taxonomy (open vocabulary: new
	// classes are added without a version bump).
	Class      string  `json:"class"`
	Role       Role    `json:"role"`
	Confidence float64 `json:"confidence"` // 0..1, two decimals
	Summary    string  `json:"summary"`
	// Explanation walks from the evidence to the cause, in plain words.
	Explanation string `json:"explanation"`
	// Evidence is the log's own lines, in log order.
	Evidence []Line   `json:"evidence"`
	Remedy   []string `json:"remedy"`
	Caveats  []string `json:"caveats"`
}

// ExplainReport converts an explain report for the log it was built from.
// The log supplies the crash and completeness facts. A nil log is an empty
// one; a nil report is built from the log, since a verdict is always due.
func ExplainReport(l *model.Log, r *explain.Report) Explain {
	if l == nil {
		l = &model.Log{}
	}
	if r == nil {
		r = explain.Build(l)
	}
	return Explain{
		Envelope: envelope(KindExplain),
		Verdict:  finding(r.Verdict),
		Findings: mapSlice(r.Findings, finding),
		Fault:    FaultAnalysis(r.Fault),
		Crash:    crashOf(l),
		Parse:    completeness(l),
	}
}

func finding(f rules.Finding) Finding {
	return Finding{
		Class:       f.Class,
		Role:        Role(f.Role),
		Confidence:  Round2(f.Confidence),
		Summary:     f.Summary,
		Explanation: f.Explanation,
		Evidence:    mapSlice(f.Evidence, line),
		Remedy:      Strings(f.Remedy),
		Caveats:     Strings(f.Caveats),
	}
}

func line(l model.Line) Line { return Line{N: l.N, Text: l.Text} }
