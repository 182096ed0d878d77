package api_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/hserr/hserr/docs/schema"
	"github.com/hserr/hserr/internal/api"
	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/parse"
)

// fixtureDir holds the explain package's own logs: the two seeds and the
// lab crashes (traps, divisions, missing CPU features: fault facts the
// corpus lacks).
const fixtureDir = "../explain/testdata"

// fixtures returns the seeds and lab logs of fixtureDir.
func fixtures(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, pat := range []string{"*.log", "lab/*.log.gz"} {
		m, err := filepath.Glob(filepath.Join(fixtureDir, pat))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	if len(out) < 3 {
		t.Fatalf("only %d fixtures in %s", len(out), fixtureDir)
	}
	return out
}

// readLog reads a log, gunzipping .gz files.
func readLog(t *testing.T, path string) []byte {
	t.Helper()
	b, err := readFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil || !strings.HasSuffix(path, ".gz") {
		return b, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(zr)
}

// explainJSON and parseJSON are what `hserr explain --json` and `hserr
// parse --json` print for a log.
func explainJSON(t *testing.T, data []byte) []byte {
	t.Helper()
	l := parse.ParseBytes(data)
	return encode(t, api.ExplainReport(l, explain.Build(l)))
}

func parseJSON(t *testing.T, data []byte) []byte {
	t.Helper()
	return encode(t, api.ParseSummary(parse.ParseBytes(data)))
}

func encode(t *testing.T, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := api.Encode(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// strictSchema compiles a schema with every object closed, so a field the
// code prints but the schema does not document fails.
func strictSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	s, err := schema.Compile(name, true)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, what string, doc []byte) bool {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Errorf("%s: not JSON: %v", what, err)
		return false
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s: %v", what, err)
		return false
	}
	return true
}
