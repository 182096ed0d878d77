package parse

import (
	"os"
	"testing"

	"github.com/hserr/hserr/internal/corpus"
)

// BenchmarkParseCorpus parses every corpus log once per iteration; the MB/s
// column is parse throughput on one core:
//
//	go test ./internal/parse -run '^$' -bench ParseCorpus -cpu 1 -count 10 | tee new.txt
//	benchstat old.txt new.txt
func BenchmarkParseCorpus(b *testing.B) {
	var logs [][]byte
	var total int64
	for _, p := range corpus.Logs(b) {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		logs = append(logs, data)
		total += int64(len(data))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, data := range logs {
			ParseBytes(data)
		}
	}
}

// BenchmarkParseLargeLog parses the largest corpus log (most time is spent
// in the big blocks: memory map, event logs, cpuinfo).
func BenchmarkParseLargeLog(b *testing.B) {
	data, err := os.ReadFile(corpus.Log(b, "krashpad-dataset26.log"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ParseBytes(data)
	}
}
