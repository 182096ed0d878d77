package parse

import (
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/hserr/hserr/internal/corpus"
)

// cpuTime is the CPU time this process has used (all threads, GC included).
func cpuTime() time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds MB per CPU-second: on a shared machine wall-clock MB/s
// drops when other processes run; CPU time does not (much).
func reportCPU(b *testing.B, start time.Duration, bytes int64) {
	used := cpuTime() - start
	if used > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/1e6/used.Seconds(), "MB/cpu-s")
	}
}

// BenchmarkParseCorpus parses every corpus log once per iteration; the MB/s
// column is parse throughput on one core:
//
//	go test ./internal/parse -run '^$' -bench ParseCorpus -cpu 1 -count 10 | tee new.txt
//	benchstat old.txt new.txt
func BenchmarkParseCorpus(b *testing.B) {
	var logs []string
	var total int64
	for _, p := range corpus.Logs(b) {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		logs = append(logs, string(data))
		total += int64(len(data))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		for _, data := range logs {
			ParseString(data)
		}
	}
	reportCPU(b, start, total)
}

// BenchmarkParseLargeLog parses the largest corpus log (most time is spent
// in the big blocks: memory map, event logs, cpuinfo).
func BenchmarkParseLargeLog(b *testing.B) {
	raw, err := os.ReadFile(corpus.Log(b, "krashpad-dataset26.log"))
	if err != nil {
		b.Fatal(err)
	}
	data := string(raw)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		ParseString(data)
	}
	reportCPU(b, start, int64(len(data)))
}
