package explain

import (
	"reflect"
	"testing"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/parse"
)

// Verdict skips the rules that cannot give a root cause: it must give
// exactly Build's verdict, evidence and remedy included, on every log.
func TestVerdictIsBuildsVerdict(t *testing.T) {
	logs := append(corpus.Logs(t), "testdata/seed-000-jna-elasticsearch.log", "testdata/seed-004-memfd-secret.log")
	for _, path := range logs {
		l, err := parse.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := Verdict(l), Build(l).Verdict; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Verdict = %s (%.2f), Build = %s (%.2f)", path, got.Class, got.Confidence, want.Class, want.Confidence)
		}
	}
	if got := Verdict(nil); got.Class != Build(nil).Verdict.Class {
		t.Errorf("nil log: %s", got.Class)
	}
}
