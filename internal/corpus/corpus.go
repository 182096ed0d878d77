// Package corpus reads the repository's corpus of real hs_err logs
// (testdata/corpus at the module root) for tests and benchmarks, and its
// manifest, which names each log's source and licence.
//
// The corpus is part of the repository, so nothing here skips: a missing
// corpus is a broken checkout and fails the test.
package corpus

import (
	"bufio"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Dir returns the corpus directory (the one holding logs/ and
// manifest.tsv): testdata/corpus under the module root, found by walking up
// from the working directory (a package directory under `go test`) to the
// go.mod.
func Dir(tb testing.TB) string {
	tb.Helper()
	root, err := moduleRoot()
	if err != nil {
		tb.Fatal(err)
	}
	return filepath.Join(root, "testdata", "corpus")
}

func moduleRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", os.ErrNotExist
		}
	}
}

// Logs returns the paths of all corpus logs, sorted.
func Logs(tb testing.TB) []string {
	tb.Helper()
	dir := filepath.Join(Dir(tb), "logs")
	ents, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".log") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		tb.Fatal("corpus has no logs")
	}
	return out
}

// LogsDir returns the directory of the corpus logs.
func LogsDir(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(Dir(tb), "logs")
}

// Log returns the path of one corpus log by file name.
func Log(tb testing.TB, name string) string {
	tb.Helper()
	p := filepath.Join(Dir(tb), "logs", name)
	if _, err := os.Stat(p); err != nil {
		tb.Fatal(err)
	}
	return p
}

// Source is a manifest row: where a corpus log came from.
type Source struct {
	File, Repo, Path, Commit, License string
}

// Manifest reads manifest.tsv, keyed by file name.
func Manifest(tb testing.TB) map[string]Source {
	tb.Helper()
	f, err := os.Open(filepath.Join(Dir(tb), "manifest.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	out := map[string]Source{}
	sc := bufio.NewScanner(f)
	first := true
	for sc.Scan() {
		if first {
			first = false
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 5 {
			tb.Fatalf("manifest.tsv: row %q has %d columns, want 5", sc.Text(), len(c))
		}
		out[c[0]] = Source{File: c[0], Repo: c[1], Path: c[2], Commit: c[3], License: c[4]}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
