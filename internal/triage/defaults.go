package triage

import (
	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/parse"
)

// DefaultParse is the hs_err parser.
func DefaultParse(data []byte) (*model.Log, error) { return parse.ParseBytes(data), nil }

// DefaultClassify is explain's verdict: the same class `hserr explain` prints.
// The model carries every line a verdict quotes, so src is not needed.
func DefaultClassify(l *model.Log, src []byte) (string, float64) {
	r := explain.Build(l)
	return r.Verdict.Class, r.Verdict.Confidence
}
