package api_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hserr/hserr/docs/schema"
	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/example"
)

// The explain and parse output of every corpus log validates against its
// schema, closed (no undocumented field). Each log cut at a third and at
// two thirds validates too: a cut report is what users paste, and nothing
// in it may be left out of the contract or make the conversion panic.
func TestCorpusOutputsValidate(t *testing.T) {
	paths := corpus.Logs(t)
	n := validateAll(t, paths)
	t.Logf("%d corpus logs: %d explain and parse outputs valid", len(paths), n)
}

// The same for the explain package's seeds and lab logs (traps, divisions,
// missing CPU features: fault facts the corpus lacks) and the example;
// these live in the repository, so this runs wherever the code does.
func TestFixtureOutputsValidate(t *testing.T) {
	n := validateAll(t, fixtures(t))
	ex, ps := strictSchema(t, schema.Explain), strictSchema(t, schema.Parse)
	for _, cut := range cuts(example.Log) {
		d := example.Log[:cut]
		validate(t, ex, fmt.Sprintf("explain example[:%d]", cut), explainJSON(t, d))
		validate(t, ps, fmt.Sprintf("parse example[:%d]", cut), parseJSON(t, d))
	}
	t.Logf("%d fixtures: %d explain and parse outputs valid", len(fixtures(t)), n)
}

// validateAll validates explain and parse output of each log, whole and
// cut, and returns how many outputs were valid.
func validateAll(t *testing.T, paths []string) int {
	t.Helper()
	ex, ps := strictSchema(t, schema.Explain), strictSchema(t, schema.Parse)
	valid := 0
	for _, p := range paths {
		data := readLog(t, p)
		for _, cut := range cuts(data) {
			what := filepath.Base(p)
			if cut < len(data) {
				what = fmt.Sprintf("%s cut at byte %d", what, cut)
			}
			d := data[:cut]
			if validate(t, ex, "explain "+what, explainJSON(t, d)) {
				valid++
			}
			if validate(t, ps, "parse "+what, parseJSON(t, d)) {
				valid++
			}
		}
	}
	return valid
}

// cuts are the lengths each log is tried at: whole, then cut at a third
// and two thirds (under -short, whole only).
func cuts(data []byte) []int {
	if testing.Short() {
		return []int{len(data)}
	}
	return []int{len(data), len(data) / 3, 2 * len(data) / 3}
}
