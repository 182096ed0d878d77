package triage

import (
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

// DefaultClassify is explain's verdict: the same class `hserr explain` prints.
func DefaultClassify(l *model.Log) (string, float64) {
	r := explain.Build(l)
	return r.Verdict.Class, r.Verdict.Confidence
}
