package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/fault"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/parse"
)

// corpusLogs parses every log of the shared corpus.
func corpusLogs(t *testing.T) map[string]*model.Log {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(corpus.Dir(t), "logs", "*.log"))
	out := map[string]*model.Log{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = parse.ParseBytes(src)
	}
	return out
}

// One address classifier: the class rules reason with is fault's, on every
// corpus log that has a fault address.
func TestOneAddressClassifier(t *testing.T) {
	for name, l := range corpusLogs(t) {
		sig := Get[*Sig](NewPass(l), SigFact)
		fa := fault.Analyze(l)
		if sig.HasAddr && sig.Class != fa.AddressClass {
			t.Errorf("%s: rules read %s, fault classified %s", name, sig.Class, fa.AddressClass)
		}
	}
}

var freeSpace = regexp.MustCompile(`free space=(-?\d+)k`)

// A quoted Stack: line must support an exhausted stack: its free space is
// small. "free space=1018k" quoted for a stack overflow says the opposite.
func TestQuotedFreeSpaceSupportsTheClaim(t *testing.T) {
	check := func(name string, fs []Finding) {
		for _, f := range fs {
			for _, e := range f.Evidence {
				if m := freeSpace.FindStringSubmatch(e.Text); m != nil {
					if kb, err := strconv.ParseInt(m[1], 10, 64); err != nil || kb < 0 || kb > 16 {
						t.Errorf("%s: %s quotes %q", name, f.Class, e.Text)
					}
				}
			}
		}
	}
	for name, l := range corpusLogs(t) {
		check(name, Run(NewPass(l), All()))
	}
	for _, c := range registry {
		check(c.wantClass()+"/"+c.name, Run(NewPass(c.log), All()))
	}
}

// Every rule survives every corpus log cut short anywhere (a rule must
// never panic on a partial log): 40 cuts per log, some mid-line.
func TestRulesSurviveCutLogs(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(corpus.Dir(t), "logs", "*.log"))
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 40; i++ {
			cut := src[:len(src)*i/40]
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s cut at %d bytes: panic %v", filepath.Base(p), len(cut), r)
					}
				}()
				pass := NewPass(parse.ParseBytes(cut))
				Decide(pass, Run(pass, All()))
			}()
		}
	}
}
