package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/api"
	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/redact"
	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/term"
)

func newExplainCmd() *cobra.Command {
	var o term.Output
	var useExample, strict, noRedact, verbose, noGlossary bool
	cmd := &cobra.Command{
		Use:   "explain [FILE...]",
		Short: "Say what crashed, why, and what to do, with the evidence from the log",
		Long: `explain parses hs_err logs, disassembles the faulting instruction, and runs
hserr's crash-class rules over each. It leads with the verdict (a crash class
from the taxonomy, a one-line cause and a confidence), then the log lines the
verdict rests on, the fault analysis, the remedy and secondary findings.

FILE may be a log, "-" for standard input (the default when it is not a
terminal), a compressed log (.gz, .xz, .zst, .bz2) or an archive of logs
(tar, tar.gz, zip, …), recognised by content; several FILEs and glob
patterns give one report per log.

A log that is cut short or only a fragment still gets an answer that says
what is missing. Exit codes: 0 a verdict for every log (partial ones too;
--strict makes a partial log exit 1); 2 an input that cannot be read or is
not a crash log (the others are still explained), or a usage error.`,
		Example: `  hserr explain --example
  hserr explain hs_err_pid1234.log
  hserr explain hs_err_pid*.log -q                    # one line per log
  hserr explain support-bundle.tar.gz -o jsonl | jq -r .verdict.class
  hserr explain hs_err_pid1234.log.gz -o markdown > issue.md`,
		RunE: func(cmd *cobra.Command, args []string) error {
			format, err := o.Resolve()
			if err != nil {
				return err
			}
			w, done, err := o.Open(cmd)
			if err != nil {
				return err
			}
			r := &explainWriter{w: w, format: format, quiet: quiet(cmd), docs: &docWriter{w: w, lines: format == "jsonl"},
				text: explain.TextOptions{Color: term.Color(w), Verbose: verbose, Glossary: !noGlossary}}
			// Markdown is for pasting where others read it: redacted unless
			// the user says otherwise.
			ro := readOptions{example: useExample, redact: format == "markdown" && !noRedact}
			rd, err := readLogs(cmd.Context(), args, ro, cmd.InOrStdin(), cmd.ErrOrStderr(), r.add)
			if err == nil {
				err = r.docs.finish()
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
	o.Register(cmd, "text", "json", "jsonl", "markdown")
	cmd.Flags().BoolVar(&useExample, "example", false, "explain the embedded example log (a real JNI crash)")
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 1 when a log is partial (a fragment, a console header, cut short)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "the whole answer: the decoded code, register provenance, every finding's evidence, caveats")
	cmd.Flags().BoolVar(&noGlossary, "no-glossary", false, "leave out the explanation of technical terms at the end")
	cmd.Flags().BoolVar(&noRedact, "no-redact", false, "do not redact -o markdown (secrets, program arguments, environment values, user names)")
	return cmd
}

// explainWriter renders one report per log in the chosen format.
type explainWriter struct {
	w      io.Writer
	format string
	quiet  bool
	text   explain.TextOptions
	n      int
	docs   *docWriter
}

func (e *explainWriter) add(in logInput) error {
	r := explain.Build(in.Log)
	e.n++
	switch {
	case e.format == "json" || e.format == "jsonl":
		return e.docs.add(api.ExplainReport(in.Log, r))
	case e.quiet:
		v := r.Verdict
		_, err := fmt.Fprintf(e.w, "%s: %s (%.2f) %s\n", sanitize.Line(in.Name), v.Class, v.Confidence, sanitize.Line(v.Summary))
		return err
	case e.format == "markdown":
		if e.n > 1 {
			io.WriteString(e.w, "\n---\n\n")
		}
		fmt.Fprintf(e.w, "%s\n\n", sanitize.CodeSpan(in.Name))
		if err := r.WriteMarkdown(e.w); err != nil {
			return err
		}
		_, err := io.WriteString(e.w, redactionNote(in.Redacted))
		return err
	}
	if e.n > 1 {
		fmt.Fprintf(e.w, "\n%s\n\n", strings.Repeat("─", 72))
	}
	o := e.text
	o.Name = in.Name
	return r.WriteTextOpts(e.w, o)
}

// redactionNote says, under a Markdown report, what was removed from the
// log before it was read (nothing for a log that was not redacted).
func redactionNote(c redact.Counts) string {
	if c == nil {
		return ""
	}
	if c.Total() == 0 {
		return "\n_Redacted by hserr before pasting: nothing to remove._\n"
	}
	return "\n_Redacted by hserr before pasting: " + c.String() + " (--no-redact to keep them)._\n"
}
