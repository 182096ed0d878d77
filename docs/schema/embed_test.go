package schema_test

import (
	"strings"
	"testing"

	"github.com/hserr/hserr/docs/schema"
)

// Every file compiles (which checks it against the 2020-12 meta-schema),
// open and closed.
func TestSchemasCompile(t *testing.T) {
	for _, name := range []string{schema.Explain, schema.Parse, schema.Triage, schema.Doctor} {
		for _, strict := range []bool{false, true} {
			if _, err := schema.Compile(name, strict); err != nil {
				t.Errorf("%s (strict %v): %v", name, strict, err)
			}
		}
	}
}

// The published files are open: a field a later version adds passes an
// older schema. Closed, the same document fails: that is how the tests
// catch an undocumented field.
func TestStrictClosesObjects(t *testing.T) {
	doc := `{"schema_version":"1","kind":"doctor-report","context":{"os":"linux","arch":"amd64","uid":0,"gid":0,"probes_run":"in-process","added_later":1},
		"checks":[],"summary":{"pass":0,"warn":0,"fail":0,"skip":0}}`
	if err := schema.Validate(schema.Doctor, []byte(doc), false); err != nil {
		t.Errorf("open schema rejects an added field: %v", err)
	}
	err := schema.Validate(schema.Doctor, []byte(doc), true)
	if err == nil || !strings.Contains(err.Error(), "added_later") {
		t.Errorf("closed schema accepts an undocumented field: %v", err)
	}
}

// What the schemas pin down: the version, the kind, hex addresses, closed
// enumerations and formats.
func TestSchemasReject(t *testing.T) {
	ok := `{"schema_version":"1","kind":"doctor-report","context":{"os":"linux","arch":"amd64","uid":0,"gid":0,"probes_run":"in-process"},"checks":[{"id":"a","title":"A","status":"pass","observed":"x","steps":[]}],"summary":{"pass":1,"warn":0,"fail":0,"skip":0}}`
	if err := schema.Validate(schema.Doctor, []byte(ok), true); err != nil {
		t.Fatalf("valid document rejected: %v", err)
	}
	for _, c := range []struct{ name, schema, doc string }{
		{"version", schema.Doctor, strings.Replace(ok, `"schema_version":"1"`, `"schema_version":"2"`, 1)},
		{"kind", schema.Doctor, strings.Replace(ok, `"doctor-report"`, `"explain-report"`, 1)},
		{"status", schema.Doctor, strings.Replace(ok, `"status":"pass"`, `"status":"ok"`, 1)},
		{"missing", schema.Doctor, strings.Replace(ok, `"observed":"x",`, ``, 1)},
		{"null array", schema.Doctor, strings.Replace(ok, `"steps":[]`, `"steps":null`, 1)},
		{"date-time", schema.Triage, `{"schema_version":"1","kind":"triage-report","database":":memory:","algorithm":"v3","signature_version":3,"run_id":1,
			"run":{"seen":1,"added":1,"duplicates":0,"skipped":0,"bytes":1},"logs":1,"skipped":[],"elapsed_seconds":0.1,
			"groups":[{"rank":1,"id":"g","algorithm":"v3","signature":"s","verdict":"c","notes":[],"count":1,"new":1,"jdks":[],"jdk_count":0,"hosts":[],"host_count":0,"first_seen":"yesterday"}]}`},
		{"hex", schema.Parse, `{"schema_version":"1","kind":"parse-summary","crash":{"pc":"0x1"},
			"parse":{"kind":"hs_err","lines":1,"bytes":1,"crlf":false,"complete":true,"truncated":false,"reports":1,"sections":[],"markers":[],"notes":[]},
			"counts":{"native_frames":0,"java_frames":0,"registers":0,"instruction_bytes":0,"threads":0,"event_logs":0,"mapped_regions":0,"environment_variables":0,"signal_handlers":0,"flags":0,"verbatim_blocks":0,"unrecognised_lines":0}}`},
	} {
		if err := schema.Validate(c.schema, []byte(c.doc), true); err == nil {
			t.Errorf("%s: invalid document accepted", c.name)
		}
	}
}
