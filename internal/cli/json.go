package cli

import (
	"encoding/json"
	"io"
)

// writeJSON prints v indented, the way every --json output is printed.
// HTML escaping is off: evidence quotes log lines with <, > and &, and
// "\u003c" helps no reader.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
