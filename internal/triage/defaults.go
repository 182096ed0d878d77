package triage

import (
	"strings"
	"unsafe"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/parse"
)

// parseInPlace parses data without copying it: a worker owns the bytes it
// read and never writes them again, so the log's strings can share them.
func parseInPlace(data []byte) *model.Log {
	if len(data) == 0 {
		return parse.ParseString("")
	}
	return parse.ParseString(unsafe.String(&data[0], len(data)))
}

// Verdict is what triage keeps of a log's explanation.
type Verdict struct {
	Class      string
	Confidence float64
	Cause      string   // the verdict's one-line summary
	Remedy     []string // its remedy, most useful first
}

// DefaultVerdict is explain's verdict: the same answer `hserr explain`
// gives. Its strings are copies: they may quote the log, whose buffer the
// worker reuses.
func DefaultVerdict(l *model.Log) Verdict {
	v := explain.Verdict(l)
	rem := make([]string, len(v.Remedy))
	for i, s := range v.Remedy {
		rem[i] = strings.Clone(s)
	}
	return Verdict{Class: v.Class, Confidence: v.Confidence, Cause: strings.Clone(v.Summary), Remedy: rem}
}
