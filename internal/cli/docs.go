package cli

import (
	"io"

	"github.com/hserr/hserr/internal/api"
)

// docWriter prints one JSON document per log: -o json gives the object
// itself for one log and an array for several (so a single log reads as it
// always did), -o jsonl one compact document per line as it comes.
type docWriter struct {
	w     io.Writer
	lines bool
	docs  []any
}

func (d *docWriter) add(v any) error {
	if d.lines {
		return api.EncodeLine(d.w, v)
	}
	d.docs = append(d.docs, v)
	return nil
}

func (d *docWriter) finish() error {
	switch {
	case d.lines || len(d.docs) == 0:
		return nil
	case len(d.docs) == 1:
		return api.Encode(d.w, d.docs[0])
	}
	return api.Encode(d.w, d.docs)
}
