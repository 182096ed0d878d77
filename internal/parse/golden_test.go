package parse_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/parse"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current parser")

// goldenLogs span JDK 8 to 25, Linux x86-64 and ppc64le, Windows, Solaris,
// signals, internal errors, native OOM and a fragment.
var goldenLogs = []string{
	"krashpad-dataset12.log", // 8u25 Windows, Internal Error
	"krashpad-dataset15.log", // 8u265 linux-ppc64le SIGSEGV
	"krashpad-dataset16.log", // 12.0.1 SIGILL
	"krashpad-dataset26.log", // 8u262 SIGSEGV, full report
	"krashpad-dataset42.log", // 8u231 Solaris SPARC, native OOM
	"krashpad-dataset43.log", // 8u151 SIGBUS
	"krashpad-dataset45.log", // 11.0.6 SIGSEGV
	"krashpad-dataset6.log",  // fragment starting mid-dump
	"krashpad-dataset61.log", // "INVALID (0xe0000002)" mmap OOM
	"krashpad-dataset70.log", // 17.0.1 SIGSEGV
	"krashpad-dataset82.log", // 11.0.8 Windows EXCEPTION_ACCESS_VIOLATION
	"krashpad-dataset86.log", // 17.0.7 Internal Error with registers
	"krashpad-dataset94.log", // 21.0.9 SIGSEGV
	"krashpad-dataset95.log", // 25.0.1 SIGSEGV
}

func TestGoldenJSON(t *testing.T) {
	for _, name := range goldenLogs {
		t.Run(name, func(t *testing.T) {
			l, err := parse.ParseFile(corpus.Log(t, name))
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(l, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", strings.TrimSuffix(name, ".log")+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/parse -run Golden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("parse of %s differs from %s; review with -update and git diff", name, golden)
			}
		})
	}
}
