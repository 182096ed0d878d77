// Package corpus locates the shared corpus of real hs_err logs
// (../shared/corpus beside the repository) for tests and benchmarks, and
// reads its manifest, which names each log's source.
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
// manifest.tsv). Where it is missing the test is skipped, except under CI
// (CI=true), where the corpus is always present and its absence is an error.
func Dir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("HSERR_CORPUS"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		cand := filepath.Join(dir, "..", "shared", "corpus")
		if st, err := os.Stat(filepath.Join(cand, "manifest.tsv")); err == nil && !st.IsDir() {
			return filepath.Clean(cand)
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	if os.Getenv("CI") != "" {
		tb.Fatal("corpus not found: expected ../shared/corpus beside the repository")
	}
	tb.Skip("corpus not found (../shared/corpus beside the repository, or set HSERR_CORPUS)")
	return ""
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
		if !e.IsDir() {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		tb.Fatal("corpus has no logs")
	}
	return out
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
			continue
		}
		out[c[0]] = Source{File: c[0], Repo: c[1], Path: c[2], Commit: c[3], License: c[4]}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
