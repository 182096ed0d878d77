package fault

import (
	"reflect"
	"testing"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/parse"
)

// AnalyzeFacts leaves out the listing and nothing else.
func TestAnalyzeFactsIsAnalyzeWithoutListing(t *testing.T) {
	for _, path := range corpus.Logs(t) {
		l, err := parse.ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		full, facts := Analyze(l), AnalyzeFacts(l)
		if facts.Decoded != nil {
			t.Fatalf("%s: AnalyzeFacts made a listing", path)
		}
		full.Decoded = nil
		if !reflect.DeepEqual(full, facts) {
			t.Errorf("%s: the facts differ:\n%+v\n%+v", path, full, facts)
		}
	}
}
