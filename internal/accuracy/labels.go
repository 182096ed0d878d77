// Package accuracy measures hserr's verdicts against labels written by
// reviewers who never saw hserr's output: agreement overall and per
// platform, the confusion between classes, and each class's precision and
// recall. docs/accuracy.md is generated from it.
package accuracy

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Label is a reviewer's reading of one log.
type Label struct {
	File       string // file name under the logs directory
	Class      string // a taxonomy id
	Confidence string // the reviewer's: high, medium, low
	Reason     string // the evidence the reviewer cites
	Source     string // who labelled it and what else they read (bug thread, krashpad's analysis)
}

// labelColumns is the header a labels file starts with.
var labelColumns = []string{"file", "class", "confidence", "reason", "source"}

// ReadLabels reads a tab-separated labels file whose first line names the
// columns in labelColumns' order. A file listed twice is an error: one log
// has one label.
func ReadLabels(r io.Reader) ([]Label, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var out []Label
	seen := map[string]bool{}
	for n := 1; sc.Scan(); n++ {
		f := strings.Split(sc.Text(), "\t")
		if n == 1 {
			if strings.Join(f, "\t") != strings.Join(labelColumns, "\t") {
				return nil, fmt.Errorf("line 1: want columns %s", strings.Join(labelColumns, ", "))
			}
			continue
		}
		if len(f) != len(labelColumns) {
			return nil, fmt.Errorf("line %d: %d columns, want %d", n, len(f), len(labelColumns))
		}
		if seen[f[0]] {
			return nil, fmt.Errorf("line %d: %s labelled twice", n, f[0])
		}
		seen[f[0]] = true
		out = append(out, Label{File: f[0], Class: f[1], Confidence: f[2], Reason: f[3], Source: f[4]})
	}
	return out, sc.Err()
}

// Resolution says why a disagreement between hserr and a label stands.
type Resolution struct {
	File string
	Kind string // "limit": the log cannot tell; "open": a rule to fix; "label": the label was corrected (the note says from what)
	Note string
}

// ReadResolutions reads a tab-separated file of file, kind, note (with a
// header line).
func ReadResolutions(r io.Reader) (map[string]Resolution, error) {
	sc := bufio.NewScanner(r)
	out := map[string]Resolution{}
	for n := 1; sc.Scan(); n++ {
		if n == 1 {
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("line %d: %d columns, want file, kind, note", n, len(f))
		}
		switch f[1] {
		case "limit", "open", "label":
		default:
			return nil, fmt.Errorf("line %d: kind %q is not limit, open or label", n, f[1])
		}
		out[f[0]] = Resolution{File: f[0], Kind: f[1], Note: f[2]}
	}
	return out, sc.Err()
}
