package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/api"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/term"
)

func newParseCmd() *cobra.Command {
	var o term.Output
	var unstableModel, useExample, strict bool
	cmd := &cobra.Command{
		Use:   "parse [FILE...]",
		Short: "Parse hs_err logs and print what was found, sections and counts (-o json for scripts)",
		Long: `parse reads hs_err logs into hserr's typed model: the '#' header, SUMMARY,
THREAD (frames, siginfo, registers, instruction bytes), PROCESS (threads,
event logs, libraries, VM arguments, environment, signal handlers) and SYSTEM.

It prints which sections were found, missing or cut, and a count of each
kind of item. -o json prints the same, with the header facts (signal, pc,
problematic frame, JDK, OS, arch, thread), as a stable, versioned object
(docs/json.md, docs/schema/parse.schema.json); several logs give an array,
-o jsonl one object per line. --unstable-model prints the whole internal
model instead: for debugging the parser only, since its shape changes
without notice.

FILE may be a log, "-", a compressed log or an archive of logs, as for
explain. Exit codes as for explain.`,
		Example: `  hserr parse hs_err_pid1234.log -o json | jq .crash
  hserr parse --example
  hserr parse logs.tar.gz -o jsonl | jq -r '[.crash.jdk, .parse.kind] | @tsv'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := o.Resolve()
			if err != nil {
				return err
			}
			w, done, err := o.Open(cmd)
			if err != nil {
				return err
			}
			docs := &docWriter{w: w, lines: format == "jsonl"}
			q := quiet(cmd)
			rd, err := readLogs(cmd.Context(), args, readOptions{example: useExample}, cmd.InOrStdin(), cmd.ErrOrStderr(), func(in logInput) error {
				switch {
				case unstableModel:
					// the internal model as it is: no schema, no promise
					return docs.add(in.Log)
				case format != "text":
					return docs.add(api.ParseSummary(in.Log))
				case q:
					_, err := fmt.Fprintf(w, "%s: %s, %d lines\n", sanitize.Line(in.Name), in.Log.Parse.Kind, in.Log.Parse.Lines)
					return err
				}
				writeParseSummary(w, in.Name, in.Log)
				return nil
			})
			if err == nil {
				err = docs.finish()
			}
			if derr := done(); err == nil {
				err = derr
			}
			if err != nil {
				return err
			}
			return exitFor(rd, strict)
		},
	}
	o.Register(cmd, "text", "json", "jsonl")
	cmd.Flags().BoolVar(&unstableModel, "unstable-model", false, "print the whole internal model as JSON (unstable: its shape changes without notice)")
	cmd.Flags().BoolVar(&useExample, "example", false, "parse the embedded example log")
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 when a log is partial (a fragment, a console header, cut short)")
	return cmd
}

func writeParseSummary(w io.Writer, name string, l *model.Log) {
	pi := l.Parse
	fmt.Fprintf(w, "%s: %s, %d lines, %d bytes", sanitize.Line(name), pi.Kind, pi.Lines, pi.Bytes)
	if pi.CRLF {
		fmt.Fprint(w, ", CRLF line endings")
	}
	fmt.Fprintln(w)
	for _, s := range pi.Sections {
		state := "missing"
		if s.Present {
			state = fmt.Sprintf("present from line %d", s.Line)
			if !s.Complete {
				state += ", incomplete"
			}
		}
		fmt.Fprintf(w, "  %-8s %s\n", strings.ToUpper(s.Name), state)
	}
	t, p := l.Thread, l.Process
	counts := []struct {
		what string
		n    int
	}{
		{"native frames", len(t.NativeFrames)}, {"Java frames", len(t.JavaFrames)},
		{"registers", regCount(t.Registers)}, {"instruction bytes", hexLen(t.Instructions)},
		{"threads", len(p.Threads)}, {"event logs", len(p.Events)},
		{"mapped regions", len(p.Libraries)}, {"environment variables", len(p.Environment)},
		{"signal handlers", len(p.SignalHandlers)}, {"flags", len(p.Flags)},
		{"verbatim blocks", len(l.Blocks)}, {"unrecognised lines", pi.UnknownCount},
	}
	for _, c := range counts {
		fmt.Fprintf(w, "  %-22s %d\n", c.what, c.n)
	}
	for _, m := range pi.Markers {
		fmt.Fprintf(w, "  marker at line %d: %s %s\n", m.N, sanitize.Line(m.Kind), sanitize.Line(m.Step))
	}
	for _, n := range pi.Notes {
		fmt.Fprintf(w, "  note: %s\n", sanitize.Line(n))
	}
}

func regCount(r *model.Registers) int {
	if r == nil {
		return 0
	}
	return len(r.Regs)
}

func hexLen(d *model.HexDump) int {
	if d == nil {
		return 0
	}
	return len(d.Bytes)
}
