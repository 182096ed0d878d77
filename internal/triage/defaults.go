package triage

import (
	"unsafe"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/parse"
)

// DefaultParse is the hs_err parser. It reads data in place: a worker owns
// the bytes it read and never writes them again, so the log's strings can
// share them instead of a copy of every log.
func DefaultParse(data []byte) (*model.Log, error) {
	if len(data) == 0 {
		return parse.ParseString(""), nil
	}
	return parse.ParseString(unsafe.String(&data[0], len(data))), nil
}

// DefaultClassify is explain's verdict: the same class `hserr explain` prints.
// The model carries every line a verdict quotes, so src is not needed.
func DefaultClassify(l *model.Log, src []byte) (string, float64) {
	r := explain.Build(l)
	return r.Verdict.Class, r.Verdict.Confidence
}
