package cli

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/parse"
	"github.com/hserr/hserr/internal/term"
)

// loadLog parses the log named by args ("-" = stdin) or the embedded example.
// Errors carry exit code 2 (nothing usable could be read).
func loadLog(args []string, useExample bool) (*model.Log, string, error) {
	if useExample {
		if len(args) > 0 {
			return nil, "", term.Usage("--example takes no FILE argument")
		}
		return parse.ParseBytes(example.Log), example.Name, nil
	}
	if len(args) != 1 {
		return nil, "", term.Usage("expected one FILE argument (or - for standard input, or --example)")
	}
	name := args[0]
	l, err := parse.ParseFile(name)
	if err != nil && l == nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, name, term.Exit(term.ExitUsage, fmt.Errorf("%s: no such file", name))
		}
		return nil, name, term.Exit(term.ExitUsage, fmt.Errorf("cannot read %s: %w", name, err))
	}
	if err != nil {
		// read error mid-way: what was read is still worth showing
		l.Parse.Notes = append(l.Parse.Notes, "reading stopped early: "+err.Error())
		l.Parse.Truncated = true
	}
	if name == "-" {
		name = "<stdin>"
	}
	if l.Parse.Kind == "unknown" {
		return l, name, term.Exit(term.ExitUsage, fmt.Errorf("%s is not an hs_err log: no '# A fatal error' header, no section banner and no known heading in %d line(s)", name, l.Parse.Lines))
	}
	return l, name, nil
}

// completeness returns the exit status for a parsed log: partial input (a
// fragment, a console header, a cut report) is exit 1 with a short reason.
func completeness(l *model.Log) error {
	if l.Parse.Kind == "hs_err" && !l.Parse.Truncated {
		return nil
	}
	reason := "partial input"
	switch {
	case l.Parse.Kind == "console":
		reason = "partial input: only the '#' header (console output) was found"
	case l.Parse.Kind == "fragment":
		reason = "partial input: a fragment of a report (no '#' header)"
	case l.Parse.Kind == "foreign":
		reason = "not an hs_err log: a " + l.Parse.ForeignRuntime + " crash report"
	case l.Parse.Truncated:
		reason = "partial input: the report is cut short"
	}
	return term.Exit(term.ExitPartial, errors.New(reason))
}
