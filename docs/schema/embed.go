// Package schema holds the JSON Schemas (draft 2020-12) of hserr's --json
// outputs, next to the files themselves: //go:embed cannot reach a parent
// folder, so the package that embeds docs/schema must live in it. Tests and
// users read the same bytes; no copy can go stale.
//
// Only tests import this package, so its validator library is not linked
// into the hserr binary.
package schema

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// FS holds every *.schema.json file of docs/schema.
//
//go:embed *.schema.json
var FS embed.FS

// Base is the URL the files' $id values share; relative $refs between the
// files resolve against it.
const Base = "https://github.com/hserr/hserr/docs/schema/"

// The schema of each document kind.
const (
	Explain = "explain.schema.json"
	Parse   = "parse.schema.json"
	Triage  = "triage.schema.json"
	Doctor  = "doctor.schema.json"
)

// Compile compiles one schema file (Explain, Parse, …) with the others
// loaded for its references. Formats (date-time) are asserted.
//
// strict closes every object that does not say otherwise
// (additionalProperties: false): the published files stay open, so a
// consumer's validator accepts the fields a later version adds, while the
// tests catch a field the code emits but the schema does not document.
func Compile(name string, strict bool) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	files, err := fs.Glob(FS, "*.schema.json")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		doc, err := load(f)
		if err != nil {
			return nil, err
		}
		if strict {
			closeObjects(doc)
		}
		if err := c.AddResource(Base+f, doc); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
	}
	return c.Compile(Base + name)
}

func load(name string) (any, error) {
	b, err := FS.ReadFile(name)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return doc, nil
}

// closeObjects sets additionalProperties: false on every object schema
// (type object with properties) that leaves it open.
func closeObjects(v any) {
	switch x := v.(type) {
	case map[string]any:
		_, props := x["properties"].(map[string]any)
		_, add := x["additionalProperties"]
		_, uneval := x["unevaluatedProperties"]
		if x["type"] == "object" && props && !add && !uneval {
			x["additionalProperties"] = false
		}
		for _, e := range x {
			closeObjects(e)
		}
	case []any:
		for _, e := range x {
			closeObjects(e)
		}
	}
}

// Validate checks one JSON document against a schema file.
func Validate(name string, doc []byte, strict bool) error {
	s, err := Compile(name, strict)
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return s.Validate(v)
}
