package cli

import (
	"bufio"
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
	r := &logReader{ro: ro, stderr: stderr, fn: fn, rd: &rd}
	for _, name := range names {
		if err := r.input(name, stdin); err != nil {
			return rd, err
		}
	}
	return rd, nil
}

// logReader turns inputs into parsed logs.
type logReader struct {
	ro     readOptions
	stderr io.Writer
	fn     func(logInput) error
	rd     *reading
}

func (r *logReader) report(name, why string) {
	r.rd.unusable++
	fmt.Fprintf(r.stderr, "hserr: %s: %s\n", sanitize.Line(name), sanitize.Line(why))
}

func (r *logReader) input(name string, stdin io.Reader) error {
	return forEachLog(name, stdin, r.stderr, r.log, r.report)
}

// forEachLog opens one command-line input ("-" is stdin) and calls fn for
// each log in it: a plain log as a stream (any size, capped), the logs of
// an archive or a compressed file through the input layer. What cannot be
// read goes to report, entries the layer skips are said on stderr; an
// error from fn (the command's own failure) stops the reading.
func forEachLog(name string, stdin io.Reader, stderr io.Writer, fn func(string, io.Reader) error, report func(name, why string)) error {
	sink := &entrySink{fn: fn, stderr: stderr}
	if name == "-" {
		if stdin == nil {
			report("<stdin>", "no standard input")
			return nil
		}
		br := bufio.NewReaderSize(stdin, 256<<10)
		head, _ := br.Peek(512)
		if input.Sniff(head) == input.Plain {
			return fn("<stdin>", br)
		}
		if err := input.WalkStream("<stdin>", br, input.DefaultLimits, sink); err != nil {
			report("<stdin>", err.Error())
		}
		return sink.err
	}
	f, err := os.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			report(name, "no such file")
		} else {
			report(name, "cannot read: "+input.ErrText(err))
		}
		return nil
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		report(name, "is a directory")
		return nil
	}
	var head [512]byte
	n, _ := f.ReadAt(head[:], 0)
	if input.Sniff(head[:n]) == input.Plain {
		return fn(name, f)
	}
	if err := input.WalkFile(name, f, input.DefaultLimits, sink); err != nil {
		report(name, err.Error())
	}
	return sink.err
}

// entrySink hands the logs the input layer reads to fn.
type entrySink struct {
	fn     func(string, io.Reader) error
	stderr io.Writer
	err    error
}

// Entry is a log read from an archive or a compressed file.
func (s *entrySink) Entry(name string, data []byte) {
	if s.err == nil {
		s.err = s.fn(name, bytes.NewReader(data))
	}
}

// Skip is an entry the input layer did not read (unsafe name, link, bomb).
func (s *entrySink) Skip(name, reason string) {
	fmt.Fprintf(s.stderr, "hserr: skipped %s: %s\n", sanitize.Line(name), sanitize.Line(reason))
}

// log parses one log and hands it on; what is not a crash log is reported.
func (r *logReader) log(name string, src io.Reader) error {
	l, counts, why := parseOne(input.Capped(src, input.DefaultLimits.MaxLogBytes), r.ro)
	if l == nil {
		r.report(name, why)
		return nil
	}
	r.rd.logs++
	if partial(l) {
		r.rd.partial++
	}
	return r.fn(logInput{Name: name, Log: l, Redacted: counts})
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
func parseOne(src io.Reader, ro readOptions) (*model.Log, redact.Counts, string) {
	l, counts, err := ro.parse(src)
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
	if why := l.Parse.NotACrash(); why != "" {
		return nil, nil, why
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
