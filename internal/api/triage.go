package api

// Triage is `hserr triage --json`: the ranked crash groups of the database
// for one signature algorithm, what this run added and what it skipped.
// triage.Report.API converts to it.
type Triage struct {
	Envelope
	Database string `json:"database"`
	// Algorithm is the signature algorithm the groups are for ("v3").
	Algorithm        string      `json:"algorithm"`
	SignatureVersion int         `json:"signature_version"`
	RunID            int64       `json:"run_id"`
	Run              TriageTotal `json:"run"`
	// Logs counts the logs of every group (the database, not only this run).
	Logs           int           `json:"logs"`
	Groups         []TriageGroup `json:"groups"`
	Skipped        []TriageSkip  `json:"skipped"`
	ElapsedSeconds float64       `json:"elapsed_seconds"` // rounded to milliseconds
}

// TriageTotal counts this run's inputs.
type TriageTotal struct {
	Seen       int   `json:"seen"` // every input item: logs, duplicates, skips
	Added      int   `json:"added"`
	Duplicates int   `json:"duplicates"`
	Skipped    int   `json:"skipped"`
	Bytes      int64 `json:"bytes"`
}

// TriageGroup is one crash group: the logs that share a signature.
type TriageGroup struct {
	Rank      int    `json:"rank"`
	ID        string `json:"id"`
	Algorithm string `json:"algorithm"`
	Signature string `json:"signature"`
	// Verdict is the crash-class id the group's logs share.
	Verdict string   `json:"verdict"`
	Notes   []string `json:"notes"`
	Count   int      `json:"count"`
	New     int      `json:"new"` // logs this run added
	// JDKs and Hosts are distinct values, most frequent first, capped;
	// JDKCount and HostCount are the totals.
	JDKs      []string `json:"jdks"`
	JDKCount  int      `json:"jdk_count"`
	Hosts     []string `json:"hosts"`
	HostCount int      `json:"host_count"`
	// FirstSeen and LastSeen are the crash times the logs state (RFC 3339
	// UTC), omitted when no log of the group states one.
	FirstSeen string `json:"first_seen,omitempty"`
	LastSeen  string `json:"last_seen,omitempty"`
	// FirstAdded is when the group's first log entered the database.
	FirstAdded string `json:"first_added,omitempty"`
	// Cause and Remedy are the verdict's (explain's summary and remedy),
	// from the group's first log; omitted when not known.
	Cause  string   `json:"cause,omitempty"`
	Remedy []string `json:"remedy,omitempty"`
	// Paths are the member logs, oldest first (at most 100; count has
	// the total).
	Paths []string `json:"paths,omitempty"`
}

// TriageSkip is an input that was not triaged, and why.
type TriageSkip struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// NewTriage opens a triage document; the caller fills the rest.
func NewTriage() Triage {
	return Triage{Envelope: envelope(KindTriage), Groups: []TriageGroup{}, Skipped: []TriageSkip{}}
}
