package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	xterm "golang.org/x/term"

	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/input"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/parse"
	"github.com/hserr/hserr/internal/redact"
	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/term"
)

// logInput is one crash log read from the command line.
type logInput struct {
	Name     string
	Log      *model.Log
	Redacted redact.Counts // nil when the log was not redacted
}

// reading is what a command learns while reading its inputs.
type reading struct {
	logs     int // crash logs read (partial ones included)
	partial  int // of which partial: a fragment, a console header, cut short
	unusable int // inputs or entries that could not be read or are not crash logs
}

// expandArgs turns the arguments into inputs: "-" is standard input, a
// pattern with glob characters that names no file is expanded (for shells
// that do not, and for quoted patterns), and no argument at all reads
// standard input unless it is a terminal.
func expandArgs(args []string, stdin io.Reader) ([]string, error) {
	if len(args) == 0 {
		if f, ok := stdin.(*os.File); ok && xterm.IsTerminal(int(f.Fd())) {
			return nil, term.Usage("no FILE given and standard input is a terminal (see --help)")
		}
		return []string{"-"}, nil
	}
	var out []string
	for _, a := range args {
		if a == "-" || !strings.ContainsAny(a, "*?[") || input.Exists(a) {
			out = append(out, a)
			continue
		}
		m, err := filepath.Glob(a)
		if err != nil {
			return nil, term.Usage("%s: %v", a, err)
		}
		if len(m) == 0 {
			return nil, term.Usage("%s: no file matches", a)
		}
		out = append(out, m...)
	}
	return out, nil
}

// readLogs parses every crash log in every input — files, standard input,
// compressed logs, archives — and calls fn for each. What cannot be read,
// or is not a crash log, is reported on stderr and counted; the other
// inputs are still read.
func readLogs(ctx context.Context, args []string, ro readOptions, stdin io.Reader, stderr io.Writer, fn func(logInput) error) (reading, error) {
	var rd reading
	if ro.example {
		if len(args) > 0 {
			return rd, term.Usage("--example takes no FILE argument")
		}
		l, counts, _ := ro.parse(bytes.NewReader(example.Log))
		rd.logs++
		return rd, fn(logInput{Name: example.Name, Log: l, Redacted: counts})
	}
	names, err := expandArgs(args, stdin)
	if err != nil {
		return rd, err
	}
	report := func(name, why string) {
		rd.unusable++
		fmt.Fprintf(stderr, "hserr: %s: %s\n", sanitize.Line(name), sanitize.Line(why))
	}
	for _, name := range names {
		err := input.Walk(ctx, name, stdin, input.DefaultLimits, func(in input.Log) error {
			l, counts, why := parseOne(in, ro)
			if l == nil {
				report(in.Name, why)
				return nil
			}
			rd.logs++
			if partial(l) {
				rd.partial++
			}
			return fn(logInput{Name: in.Name, Log: l, Redacted: counts})
		}, func(s input.Skip) {
			fmt.Fprintf(stderr, "hserr: skipped %s: %s\n", sanitize.Line(s.Name), sanitize.Line(s.Reason))
		})
		switch {
		case errors.Is(err, fs.ErrNotExist):
			report(name, "no such file")
		case err != nil:
			var ex *term.ExitError
			if errors.As(err, &ex) {
				return rd, err // the command's own failure (a write error)
			}
			report(name, "cannot read: "+err.Error())
		}
	}
	return rd, nil
}

// readOptions say what to read and how.
type readOptions struct {
	example bool // the embedded example instead of FILEs
	redact  bool // redact each log before it is parsed (what is quoted is then redacted too)
}

// parse reads one log, redacted when asked: the whole log is then held in
// memory (it is capped), since redaction works on its text.
func (ro readOptions) parse(r io.Reader) (*model.Log, redact.Counts, error) {
	if !ro.redact {
		l, err := parse.Parse(r)
		return l, nil, err
	}
	b, err := io.ReadAll(r)
	text, counts := redact.Text(string(b), redact.Default)
	return parse.ParseString(text), counts, err
}

// parseOne parses one log; a nil log comes with the reason it is not one.
func parseOne(in input.Log, ro readOptions) (*model.Log, redact.Counts, string) {
	l, counts, err := ro.parse(in.R)
	if l == nil {
		return nil, nil, "cannot read: " + err.Error()
	}
	switch {
	case errors.Is(err, input.ErrTooLarge):
		l.Parse.Notes = append(l.Parse.Notes, fmt.Sprintf("reading stopped at the %d-byte cap for one log", input.DefaultLimits.MaxLogBytes))
		l.Parse.Truncated = true
	case err != nil:
		// a read error mid-way: what was read is still worth showing
		l.Parse.Notes = append(l.Parse.Notes, "reading stopped early: "+err.Error())
		l.Parse.Truncated = true
	}
	if l.Parse.Kind == "unknown" {
		return nil, nil, fmt.Sprintf("not an hs_err log: no '# A fatal error' header, no section banner and no known heading in %d line(s)", l.Parse.Lines)
	}
	return l, counts, ""
}

// partial reports whether a log is less than a whole report: a fragment,
// a console header, another runtime's report, or cut short.
func partial(l *model.Log) bool { return l.Parse.Kind != "hs_err" || l.Parse.Truncated }

// exitFor is the exit status of a command over its inputs: 2 when an input
// could not be used or nothing was read; 1 with --strict when a log was
// partial; else 0 (a verdict was produced).
func exitFor(rd reading, strict bool) error {
	switch {
	case rd.unusable > 0:
		return term.Exit(term.ExitUsage, nil)
	case rd.logs == 0:
		return term.Usage("no crash log in the input")
	case strict && rd.partial > 0:
		return term.Exit(term.ExitPartial, fmt.Errorf("--strict: %d of %d logs are partial (a fragment, a console header or cut short)", rd.partial, rd.logs))
	}
	return nil
}
