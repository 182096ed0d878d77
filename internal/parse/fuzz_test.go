package parse

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/hserr/hserr/internal/corpus"
)

// FuzzParse feeds arbitrary bytes to the parser. It must never panic, must
// always say what kind of input it saw, its model must marshal to JSON, and
// the in-memory parse must equal the streaming one.
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
	})
}
