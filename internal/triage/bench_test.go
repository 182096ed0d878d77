package triage

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/store"
)

// BenchmarkTriage triages the corpus replicated to HSERR_BENCH_LOGS logs
// (default 10,000; each copy made unique so it is not deduplicated) into a
// fresh database on disk, and measures reading the same bytes (what
// `cat FILES > /dev/null` does) in the same run. It is big, so it runs only
// by hand:
//
//	HSERR_BENCH=1 go test -run '^$' -bench Triage -benchtime 1x -count 5 ./internal/triage | tee new.txt
//	benchstat old.txt new.txt
//
// Metrics: logs/s and MB/s of triage; cat-MB/s and x-cat (triage time /
// time of cat to /dev/null: the goal is <= 3); read-MB/s and x-read,
// the same against this process reading the files with no per-file buffer
// setup (a stricter baseline); peak-heap-MB (sampled every 10 ms: it must
// not grow with the number of logs).
func BenchmarkTriage(b *testing.B) {
	if os.Getenv("HSERR_BENCH") == "" {
		b.Skip("big benchmark: set HSERR_BENCH=1 to run it")
	}
	n := 10000
	if s := os.Getenv("HSERR_BENCH_LOGS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("HSERR_BENCH_LOGS=%q", s)
		}
		n = v
	}
	dir := b.TempDir()
	files, total := replicate(b, dir, n)
	b.Logf("%d logs, %.1f MB in %s", len(files), float64(total)/1e6, dir)

	// Warm the page cache so both measurements read from memory.
	readAll(b, files)

	// "full" is the real pipeline; "no-explain" replaces explain's verdict
	// by the signal name, to show what parsing, signatures and the database
	// cost on their own.
	for _, mode := range []struct {
		name string
		opt  Options
	}{{"full", Options{}}, {"no-explain", Options{Classify: headerClass}}} {
		b.Run(mode.name, func(b *testing.B) { benchTriage(b, dir, files, total, mode.opt) })
	}
}

func benchTriage(b *testing.B, dir string, files []string, total int64, opt Options) {
	// measure what `hserr triage` does, GC setting included
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	tuneGC(opt.MemoryBudget)
	var readT, catT, triT, cpuT time.Duration
	var peak uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		t0 := time.Now()
		if got := readAll(b, files); got != total {
			b.Fatalf("read %d bytes, want %d", got, total)
		}
		readT += time.Since(t0)
		t0 = time.Now()
		catAll(b, files)
		catT += time.Since(t0)
		dbPath := filepath.Join(b.TempDir(), "bench.db")
		db, err := store.Open(dbPath)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		stop := sampleHeap(&peak)
		b.StartTimer()

		t1, c1 := time.Now(), cpuTime()
		res, err := Run(context.Background(), db, []string{filepath.Join(dir, "logs")}, opt)
		triT += time.Since(t1)
		cpuT += cpuTime() - c1

		b.StopTimer()
		stop()
		if err != nil {
			b.Fatal(err)
		}
		if res.Totals.Added+res.Totals.Skipped != len(files) || res.Totals.Duplicates != 0 {
			b.Fatalf("totals %+v for %d files", res.Totals, len(files))
		}
		db.Close()
		b.StartTimer()
	}
	secs := triT.Seconds() / float64(b.N)
	readSecs := readT.Seconds() / float64(b.N)
	catSecs := catT.Seconds() / float64(b.N)
	b.ReportMetric(float64(len(files))/secs, "logs/s")
	b.ReportMetric(float64(total)/1e6/secs, "MB/s")
	b.ReportMetric(float64(total)/1e6/catSecs, "cat-MB/s")
	b.ReportMetric(secs/catSecs, "x-cat")
	b.ReportMetric(float64(total)/1e6/readSecs, "read-MB/s")
	b.ReportMetric(secs/readSecs, "x-read")
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
	b.ReportMetric(cpuT.Seconds()/triT.Seconds(), "cores-busy")
}

// replicate copies the corpus into dir/logs until there are n logs, 1,000
// per sub-directory. Copy k gets a final line "replica k" so that every file
// has its own content hash.
func replicate(b *testing.B, dir string, n int) ([]string, int64) {
	b.Helper()
	var srcs [][]byte
	for _, name := range corpus.Logs(b) {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, data)
	}
	var files []string
	var total int64
	for k := 0; k < n; k++ {
		sub := filepath.Join(dir, "logs", fmt.Sprintf("%03d", k/1000))
		if k%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				b.Fatal(err)
			}
		}
		data := append(append([]byte{}, srcs[k%len(srcs)]...), fmt.Sprintf("\nreplica %d\n", k)...)
		p := filepath.Join(sub, fmt.Sprintf("hs_err_pid%d.log", k))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
		files = append(files, p)
		total += int64(len(data))
	}
	sort.Strings(files)
	return files, total
}

// catAll runs cat on every file with its output to /dev/null, the issue's
// measure of "simply reading the bytes": 1,000 files per cat process, as
// xargs would run it.
func catAll(b *testing.B, files []string) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer null.Close()
	for i := 0; i < len(files); i += 1000 {
		cmd := exec.Command("cat", files[i:min(i+1000, len(files))]...)
		var stderr strings.Builder
		cmd.Stdout, cmd.Stderr = null, &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("cat: %v %s", err, stderr.String())
		}
	}
}

// cpuTime is the CPU time this process has used (all threads, GC included).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// readAll reads every file to the end, one after the other, in this
// process: a stricter baseline than cat, which maps and unmaps a fresh
// 128 KiB buffer for every file.
func readAll(b *testing.B, files []string) int64 {
	var n int64
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		c, err := io.Copy(io.Discard, f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		n += c
	}
	return n
}

// sampleHeap records the peak of HeapInuse until the returned func is called.
func sampleHeap(peak *uint64) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > *peak {
				*peak = ms.HeapInuse
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
