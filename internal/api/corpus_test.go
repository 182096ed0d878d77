package api_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hserr/hserr/docs/schema"
	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/example"
)

// The explain and parse output of every corpus log, of every fixture and
// of the example validates against its schema, closed (no undocumented
// field). Each log cut at a third and at two thirds validates too: a cut
// report is what users paste, and nothing in it may be left out of the
// contract or make the conversion panic.
func TestEveryOutputValidates(t *testing.T) {
	ex, ps := strictSchema(t, schema.Explain), strictSchema(t, schema.Parse)
	type input struct {
		name string
		data []byte
	}
	var inputs []input
	for _, p := range corpus.Logs(t) {
		inputs = append(inputs, input{filepath.Base(p), readLog(t, p)})
	}
	corpusLogs := len(inputs)
	for _, p := range fixtures(t) {
		inputs = append(inputs, input{p, readLog(t, p)})
	}
	inputs = append(inputs, input{"example", example.Log})

	valid := 0
	for _, in := range inputs {
		for _, cut := range cuts(in.data) {
			what := in.name
			if cut < len(in.data) {
				what = fmt.Sprintf("%s cut at byte %d", in.name, cut)
			}
			d := in.data[:cut]
			if validate(t, ex, "explain "+what, explainJSON(t, d)) {
				valid++
			}
			if validate(t, ps, "parse "+what, parseJSON(t, d)) {
				valid++
			}
		}
	}
	t.Logf("%d corpus logs, %d fixtures and the example, each whole and cut twice: %d explain and parse outputs valid",
		corpusLogs, len(inputs)-corpusLogs-1, valid)
}

// cuts are the lengths each log is tried at: whole, then cut at a third
// and two thirds (under -short, whole only).
func cuts(data []byte) []int {
	if testing.Short() {
		return []int{len(data)}
	}
	return []int{len(data), len(data) / 3, 2 * len(data) / 3}
}
