package api

import (
	"math"
	"strconv"
)

// SchemaVersion is the version of the JSON contract, the same for every
// kind. It changes only for removals, renames and changes of meaning.
const SchemaVersion = "1"

// Kind names what a JSON document is; scripts dispatch on it.
type Kind string

// The kinds of document hserr prints.
const (
	KindExplain Kind = "explain-report"
	KindParse   Kind = "parse-summary"
	KindTriage  Kind = "triage-report"
	KindDoctor  Kind = "doctor-report"
)

// Envelope opens every top-level document. It is embedded, so its fields
// sit at the top level of the object.
type Envelope struct {
	SchemaVersion string `json:"schema_version"`
	Kind          Kind   `json:"kind"`
}

func envelope(k Kind) Envelope { return Envelope{SchemaVersion: SchemaVersion, Kind: k} }

// Line is a log line quoted verbatim, with its 1-based number.
type Line struct {
	N    int    `json:"line"`
	Text string `json:"text"`
}

// Hex formats an address or register value as the contract spells it:
// "0x" and 16 lowercase hex digits, whatever the architecture's width.
func Hex(v uint64) string {
	s := strconv.FormatUint(v, 16)
	const zeros = "0000000000000000"
	return "0x" + zeros[len(s):] + s
}

// Round2 rounds a confidence to two decimals: the rules compute with
// floats, and 0.9500000000000001 in JSON is noise, not precision.
func Round2(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return math.Round(f*100) / 100
}

// Strings returns s, or an empty slice for nil: arrays are never null.
func Strings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// mapSlice converts each element; nil in gives an empty (non-nil) slice out.
func mapSlice[T, U any](in []T, f func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, x := range in {
		out = append(out, f(x))
	}
	return out
}
