package api_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/corpus"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output")

// goldenCorpus is a representative dozen of the corpus: each verdict
// family, every OS and arch the corpus has, decoded and undecodable faults,
// and the partial kinds (console paste, fragment).
var goldenCorpus = []string{
	"krashpad-dataset84.log", // jna-libffi-closure-alloc: decoded, null, register provenance
	"krashpad-dataset33.log", // jit-c2-compiler-crash on ppc64le, decoded
	"krashpad-dataset3.log",  // jit-c2-compiler-crash from an internal error: no pc
	"krashpad-dataset82.log", // gc-crash-heap-corruption on Windows: exception, all-ones address
	"krashpad-dataset44.log", // gc-crash-heap-corruption: non-canonical address
	"krashpad-dataset42.log", // native out of memory on Solaris sparc
	"krashpad-dataset49.log", // native-oom-windows-commit
	"krashpad-dataset70.log", // unsafe-offheap-misuse: decoded, null
	"krashpad-dataset59.log", // zip-file-modified-while-open: unmapped address
	"krashpad-dataset16.log", // sigill-in-generated-code
	"krashpad-dataset1.log",  // a console paste: the '#' header only
	"krashpad-dataset53.log", // a fragment without the header
}

// goldenSeeds are the two seed logs of the explain package.
var goldenSeeds = []string{"seed-000-jna-elasticsearch.log", "seed-004-memfd-secret.log"}

// explain --json on the dozen and the seeds is byte for byte what
// testdata/golden holds. Run with -update after an intended change, and
// read the diff: it is what scripts will see.
// Each log is a subtest: the seeds run where the corpus is missing.
func TestExplainGolden(t *testing.T) {
	for _, name := range goldenCorpus {
		t.Run(name, func(t *testing.T) {
			checkGolden(t, name, explainJSON(t, readLog(t, corpus.Log(t, name))))
		})
	}
	for _, name := range goldenSeeds {
		t.Run(name, func(t *testing.T) {
			checkGolden(t, name, explainJSON(t, readLog(t, filepath.Join(fixtureDir, name))))
		})
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", strings.TrimSuffix(name, ".log")+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestExplainGolden -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: explain --json differs from %s at line %d:\n got: %s\nwant: %s\n(run go test -run TestExplainGolden -update if intended)",
			name, path, firstDiff(got, want), lineAt(got, firstDiff(got, want)), lineAt(want, firstDiff(got, want)))
	}
}

// firstDiff is the 1-based number of the first line that differs.
func firstDiff(a, b []byte) int {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return i + 1
		}
	}
	return min(len(al), len(bl)) + 1
}

func lineAt(b []byte, n int) string {
	ls := strings.Split(string(b), "\n")
	if n-1 < len(ls) {
		return strings.TrimSpace(ls[n-1])
	}
	return "<end>"
}
