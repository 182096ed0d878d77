package api

import "github.com/hserr/hserr/internal/model"

// InputKind says what the input is (closed enumeration).
type InputKind string

// The kinds of input.
const (
	InputHsErr    InputKind = "hs_err"   // a whole report
	InputConsole  InputKind = "console"  // only the '#' header, as a terminal shows it
	InputFragment InputKind = "fragment" // sections without the header
	InputForeign  InputKind = "foreign"  // another runtime's crash report
	InputUnknown  InputKind = "unknown"  // nothing recognisable
)

// SectionName names a section of the report (closed enumeration).
type SectionName string

// The sections of a report, in order.
const (
	SectionHeader  SectionName = "header"
	SectionSummary SectionName = "summary"
	SectionThread  SectionName = "thread"
	SectionProcess SectionName = "process"
	SectionSystem  SectionName = "system"
)

// SectionState says whether a section was found (closed enumeration).
type SectionState string

// The states of a section.
const (
	SectionPresent SectionState = "present"
	SectionMissing SectionState = "missing"
	// SectionCut: the section starts but the input or an error-reporting
	// marker ends it early.
	SectionCut SectionState = "cut"
)

// Section is one section and where it starts.
type Section struct {
	Name  SectionName  `json:"name"`
	State SectionState `json:"state"`
	Line  int          `json:"line,omitempty"` // where it starts, when present or cut
}

// MarkerKind is an error-reporting artefact's kind (open vocabulary:
// HotSpot may print new ones).
type MarkerKind string

// Markers the parser recognises.
const (
	MarkerSecondaryError MarkerKind = "secondary-error"
	MarkerStepTimeout    MarkerKind = "step-timeout"
	MarkerReportTimeout  MarkerKind = "report-timeout"
	MarkerStopReattempt  MarkerKind = "stop-reattempt"
	MarkerConcurrent     MarkerKind = "concurrent-error"
	MarkerTooManyErrors  MarkerKind = "too-many-errors"
	MarkerRetryStack     MarkerKind = "retry-stack"
)

// Marker is an error-reporting artefact written into the log.
type Marker struct {
	Kind MarkerKind `json:"kind"`
	// Step is the error-reporting step it names, when it names one.
	Step string `json:"step,omitempty"`
	Line
}

// Completeness says how complete the log is and what the parser noticed.
type Completeness struct {
	Kind      InputKind `json:"kind"`
	Lines     int       `json:"lines"`
	Bytes     int64     `json:"bytes"`
	CRLF      bool      `json:"crlf"`
	Complete  bool      `json:"complete"`  // the report reached its end marker
	Truncated bool      `json:"truncated"` // the input stops before the report's end
	// Reports counts '# A fatal error' banners; over 1, reports were
	// concatenated and only the first is read.
	Reports        int       `json:"reports"`
	ForeignRuntime string    `json:"foreign_runtime,omitempty"`
	Sections       []Section `json:"sections"`
	Markers        []Marker  `json:"markers"`
	Notes          []string  `json:"notes"`
}

func completeness(l *model.Log) Completeness {
	p := l.Parse
	kind := InputKind(string(p.Kind))
	if kind == "" {
		kind = InputUnknown // a log that was never parsed
	}
	return Completeness{
		Kind:           kind,
		Lines:          p.Lines,
		Bytes:          p.Bytes,
		CRLF:           p.CRLF,
		Complete:       p.Complete,
		Truncated:      p.Truncated,
		Reports:        p.Reports,
		ForeignRuntime: p.ForeignRuntime,
		Sections:       mapSlice(p.Sections, section),
		Markers:        mapSlice(p.Markers, marker),
		Notes:          Strings(p.Notes),
	}
}

func section(s model.SectionStatus) Section {
	out := Section{Name: SectionName(string(s.Name)), State: SectionMissing}
	if s.Present {
		out.State, out.Line = SectionPresent, s.Line
		if !s.Complete {
			out.State = SectionCut
		}
	}
	return out
}

func marker(m model.Marker) Marker {
	return Marker{Kind: MarkerKind(string(m.Kind)), Step: m.Step, Line: line(m.Line)}
}
