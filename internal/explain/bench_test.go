package explain

import (
	"testing"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/parse"
	"github.com/hserr/hserr/internal/rules"
)

// BenchmarkExplainCorpus measures explain per log (fault analysis and every
// rule), over the corpus parsed once beforehand. "warm": frame tags of
// frames seen before come from the cache (a fleet repeats frames); "cold":
// the cache is emptied before every pass over the corpus.
//
//	go test ./internal/explain -run '^$' -bench Explain -count 6 | tee new.txt
func BenchmarkExplainCorpus(b *testing.B) {
	b.Run("warm", func(b *testing.B) { benchExplain(b, false) })
	b.Run("cold", func(b *testing.B) { benchExplain(b, true) })
}

func benchExplain(b *testing.B, cold bool) {
	var logs []*model.Log
	for _, p := range corpus.Logs(b) {
		l, err := parse.ParseFile(p)
		if err != nil {
			b.Fatal(err)
		}
		logs = append(logs, l)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if cold {
			rules.ResetCaches()
		}
		for _, l := range logs {
			Build(l)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(logs)), "µs/log")
}
