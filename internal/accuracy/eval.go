package accuracy

import (
	"os"
	"path/filepath"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/parse"
)

// Evaluate runs explain on each labelled log under dir, exactly as `hserr
// explain` does (parse, then the rule base), and pairs its verdict with the
// label.
func Evaluate(dir string, labels []Label) ([]Case, error) {
	var out []Case
	for _, lb := range labels {
		src, err := os.ReadFile(filepath.Join(dir, lb.File))
		if err != nil {
			return nil, err
		}
		l := parse.ParseBytes(src)
		rep := explain.Build(l)
		out = append(out, Case{File: lb.File, Want: lb.Class, Got: rep.Verdict.Class, Confidence: rep.Verdict.Confidence, OS: l.OS(), Arch: l.Arch()})
	}
	return out, nil
}
