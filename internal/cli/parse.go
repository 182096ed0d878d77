package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/api"
	"github.com/hserr/hserr/internal/model"
)

func newParseCmd() *cobra.Command {
	var asJSON, unstableModel, useExample bool
	cmd := &cobra.Command{
		Use:   "parse FILE|-",
		Short: "Parse an hs_err log and print what was found, sections and counts (--json for scripts)",
		Long: `parse reads an hs_err log into hserr's typed model: the '#' header, SUMMARY,
THREAD (frames, siginfo, registers, instruction bytes), PROCESS (threads,
event logs, libraries, VM arguments, environment, signal handlers) and SYSTEM.

It prints which sections were found, missing or cut, and a count of each
kind of item. --json prints the same, with the header facts (signal, pc,
problematic frame, JDK, OS, arch, thread), as a stable, versioned object
(docs/json.md, docs/schema/parse.schema.json). --unstable-model prints the
whole internal model instead: for debugging the parser only, since its
shape changes without notice.`,
		Example: `  hserr parse hs_err_pid1234.log --json | jq .crash
  hserr parse --example
  cat hs_err_pid1234.log | hserr parse - --json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, name, err := loadLog(args, useExample)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch {
			case unstableModel:
				// the internal model as it is: no schema, no promise
				if err := api.Encode(out, l); err != nil {
					return err
				}
			case asJSON:
				if err := api.Encode(out, api.ParseSummary(l)); err != nil {
					return err
				}
			default:
				writeParseSummary(out, name, l)
			}
			return completeness(l)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the parse summary as JSON (stable: docs/json.md)")
	cmd.Flags().BoolVar(&unstableModel, "unstable-model", false, "print the whole internal model as JSON (unstable: its shape changes without notice)")
	cmd.Flags().BoolVar(&useExample, "example", false, "parse the embedded example log")
	return cmd
}

func writeParseSummary(w io.Writer, name string, l *model.Log) {
	pi := l.Parse
	fmt.Fprintf(w, "%s: %s, %d lines, %d bytes", name, pi.Kind, pi.Lines, pi.Bytes)
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
		fmt.Fprintf(w, "  marker at line %d: %s %s\n", m.N, m.Kind, m.Step)
	}
	for _, n := range pi.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
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
