package api_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hserr/hserr/docs/schema"
	"github.com/hserr/hserr/internal/api"
)

// The schemas and the Go types say the same thing, field by field, even
// for fields the corpus never fills (traps, divisions, doctor probes): every
// field of a type is a property of its schema and the reverse, a field
// without omitempty is required and one with omitempty is not, and JSON
// types match Go kinds.
func TestSchemasDescribeTypes(t *testing.T) {
	w := schemaWalker{t: t, docs: map[string]map[string]any{}}
	for _, c := range []struct {
		file string
		v    any
	}{
		{schema.Explain, api.Explain{}}, {schema.Parse, api.Parse{}},
		{schema.Triage, api.Triage{}}, {schema.Doctor, api.Doctor{}},
	} {
		w.walk(reflect.TypeOf(c.v), c.file, w.doc(c.file), c.file)
	}
}

type schemaWalker struct {
	t    *testing.T
	docs map[string]map[string]any
}

func (w *schemaWalker) doc(file string) map[string]any {
	if d, ok := w.docs[file]; ok {
		return d
	}
	b, err := schema.FS.ReadFile(file)
	if err != nil {
		w.t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(b, &d); err != nil {
		w.t.Fatalf("%s: %v", file, err)
	}
	w.docs[file] = d
	return d
}

// resolve follows $ref (within a file or to another file) and picks the
// non-null branch of a oneOf, returning the node and the file it is in.
func (w *schemaWalker) resolve(file string, n map[string]any) (string, map[string]any) {
	for {
		if ref, ok := n["$ref"].(string); ok {
			target, ptr, _ := strings.Cut(ref, "#")
			if target != "" {
				file = target
			}
			n = w.doc(file)
			for _, part := range strings.Split(strings.Trim(ptr, "/"), "/") {
				if part != "" {
					n, _ = n[part].(map[string]any)
				}
			}
			if n == nil {
				w.t.Fatalf("%s: $ref %s leads nowhere", file, ref)
			}
			continue
		}
		if alts, ok := n["oneOf"].([]any); ok {
			for _, a := range alts {
				if m := a.(map[string]any); m["type"] != "null" {
					n = m
				}
			}
			continue
		}
		return file, n
	}
}

func (w *schemaWalker) walk(typ reflect.Type, file string, n map[string]any, path string) {
	file, n = w.resolve(file, n)
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Struct:
		w.walkStruct(typ, file, n, path)
	case reflect.Slice:
		w.want(path, n, "array")
		items, _ := n["items"].(map[string]any)
		if items == nil {
			w.t.Errorf("%s: array without items", path)
			return
		}
		w.walk(typ.Elem(), file, items, path+"[]")
	case reflect.String:
		if _, enum := n["enum"]; !enum {
			if _, c := n["const"]; !c {
				w.want(path, n, "string")
			}
		}
	case reflect.Bool:
		w.want(path, n, "boolean")
	case reflect.Float64:
		w.want(path, n, "number")
	default: // the integer kinds
		w.want(path, n, "integer")
	}
}

func (w *schemaWalker) want(path string, n map[string]any, typ string) {
	if n["type"] != typ {
		w.t.Errorf("%s: schema type %v, Go type is a %s", path, n["type"], typ)
	}
}

func (w *schemaWalker) walkStruct(typ reflect.Type, file string, n map[string]any, path string) {
	w.want(path, n, "object")
	props, _ := n["properties"].(map[string]any)
	var required []string
	for _, r := range asSlice(n["required"]) {
		required = append(required, r.(string))
	}
	seen := map[string]bool{}
	for _, f := range jsonFields(typ) {
		seen[f.name] = true
		p, ok := props[f.name].(map[string]any)
		if !ok {
			w.t.Errorf("%s.%s: not in the schema", path, f.name)
			continue
		}
		if req := slices.Contains(required, f.name); req == f.omitempty {
			w.t.Errorf("%s.%s: required %v in the schema, omitempty %v in Go", path, f.name, req, f.omitempty)
		}
		w.walk(f.typ, file, p, path+"."+f.name)
	}
	for name := range props {
		if !seen[name] {
			w.t.Errorf("%s.%s: in the schema, not in the Go type", path, name)
		}
	}
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

type jsonField struct {
	name      string
	omitempty bool
	typ       reflect.Type
}

// jsonFields lists a struct's JSON fields as encoding/json sees them,
// embedded structs flattened.
func jsonFields(typ reflect.Type) []jsonField {
	var out []jsonField
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, jsonField{name: name, omitempty: strings.Contains(opts, "omitempty"), typ: f.Type})
	}
	return out
}
