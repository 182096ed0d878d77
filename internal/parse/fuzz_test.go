package parse

import (
	"bytes"
	"encoding/json"
	"os"
	"runtime"
	"testing"

	"github.com/hserr/hserr/internal/corpus"
)

// FuzzParse feeds arbitrary bytes to the parser. It must never panic, must
// always say what kind of input it saw, its model must marshal to JSON, the
// in-memory parse must equal the streaming one, and allocations must stay
// within a bound linear in the input (withinAllocBound).
// Seeds: every corpus log cut to its first 8 KiB (plus the seed excerpts).
//
//	go test ./internal/parse -run '^$' -fuzz FuzzParse -fuzztime 10m
func FuzzParse(f *testing.F) {
	for _, m := range corpus.Logs(f) {
		b, err := os.ReadFile(m)
		if err != nil {
			continue
		}
		if len(b) > 8<<10 {
			b = b[:8<<10]
		}
		f.Add(b)
	}
	f.Add([]byte("#  SIGSEGV (0xb) at pc=0x0, pid=1, tid=2\nInstructions: (pc=0x10)\n=>0x0000000000000010:   ?? 0f\n"))
	f.Add([]byte("Registers:\nR8 =\nXMM[0]=0x1 0x\n"))
	f.Add([]byte("Compilation events (3 events):\nEvent: x\n{\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l := ParseBytes(data)
		if l.Parse.Kind == "" {
			t.Fatal("no kind")
		}
		if l.Parse.Lines > bytes.Count(data, []byte("\n"))+1 {
			t.Fatalf("%d lines from %d newlines", l.Parse.Lines, bytes.Count(data, []byte("\n")))
		}
		if int64(len(data)) != l.Parse.Bytes {
			t.Fatalf("read %d of %d bytes", l.Parse.Bytes, len(data))
		}
		if d := l.Thread.Instructions; d != nil && len(d.Bytes) != len(d.Unreadable) {
			t.Fatal("dump bytes and unreadable marks differ in length")
		}
		if _, err := json.Marshal(l); err != nil {
			t.Fatal(err)
		}
		sameAsStreaming(t, "fuzz input", data)
		withinAllocBound(t, data)
	})
}

// Allocation bounds per parse: a fixed part (the parser's own tables, a
// pooled 64 KiB reader buffer on first use) and a part per input byte. A
// model item is larger than the shortest line that makes it (a frame of
// 250 bytes from "C  x"), and append grows lists ahead of need, hence 128
// bytes per byte; a streamed line is one allocation at most, hence one
// allocation per byte. The worst seen on the corpus and the adversarial
// shapes is 0.07 allocations and 8 bytes per byte; a quadratic step blows
// through both on inputs of a few KiB.
const (
	allocsFixed   = 512
	allocsPerByte = 1
	bytesFixed    = 2 << 20
	bytesPerByte  = 64
)

// withinAllocBound parses data in memory and streamed, and fails when
// either allocates more (in count or in bytes) than the bounds allow.
func withinAllocBound(t *testing.T, data []byte) {
	t.Helper()
	maxAllocs := float64(allocsFixed + allocsPerByte*len(data))
	maxBytes := uint64(bytesFixed + bytesPerByte*len(data))
	parses := map[string]func(){
		"in memory": func() { ParseBytes(data) },
		"streamed":  func() { Parse(bytes.NewReader(data)) },
	}
	for mode, parse := range parses {
		if n := testing.AllocsPerRun(1, parse); n > maxAllocs {
			t.Errorf("%s: %.0f allocations for %d bytes (bound %.0f)", mode, n, len(data), maxAllocs)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		parse()
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > maxBytes {
			t.Errorf("%s: %d bytes allocated for %d bytes (bound %d)", mode, n, len(data), maxBytes)
		}
	}
}

// The bound holds for every adversarial shape (at a size a fuzzer reaches)
// and the whole corpus.
func TestAllocBound(t *testing.T) {
	for _, sh := range advShapes {
		withinAllocBound(t, []byte(sh.build(sh.base)))
	}
	for _, m := range corpus.Logs(t) {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		withinAllocBound(t, b)
	}
}
