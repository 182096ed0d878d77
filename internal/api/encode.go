package api

import (
	"encoding/json"
	"io"
)

// Encode prints one document the way every --json output is printed:
// indented by two spaces, one object and a newline. HTML escaping is off:
// evidence quotes log lines with <, > and &, and "\u003c" helps no reader.
func Encode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// EncodeLine prints one document on one line: the JSON Lines form
// (https://jsonlines.org) of -o jsonl, one document per input log.
func EncodeLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
