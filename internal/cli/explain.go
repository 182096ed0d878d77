package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/api"
	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/term"
)

func newExplainCmd() *cobra.Command {
	var asJSON, useExample bool
	var format string
	cmd := &cobra.Command{
		Use:   "explain FILE|-",
		Short: "Say what crashed, why, and what to do, with the evidence from the log",
		Long: `explain parses an hs_err log, disassembles the faulting instruction, and runs
hserr's crash-class rules over it. It leads with the verdict (a crash class
from the taxonomy, a one-line cause and a confidence), then the log lines the
verdict rests on, the fault analysis, the remedy and secondary findings.

A log that is cut short or only a fragment still gets an answer that says what
is missing (exit code 1).`,
		Example: `  hserr explain --example
  hserr explain hs_err_pid1234.log
  hserr explain hs_err_pid1234.log --json | jq .verdict
  hserr explain hs_err_pid1234.log --format markdown > issue.md`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON {
				format = "json"
			}
			switch format {
			case "text", "json", "markdown", "md":
			default:
				return term.Usage("--format must be text, json or markdown (got %q)", format)
			}
			l, name, err := loadLog(args, useExample)
			if err != nil {
				return err
			}
			r := explain.Build(l)
			out := cmd.OutOrStdout()
			switch format {
			case "json":
				err = api.Encode(out, api.ExplainReport(l, r))
			case "markdown", "md":
				err = r.WriteMarkdown(out)
			default:
				fmt.Fprintf(out, "%s\n\n", name)
				err = r.WriteText(out, term.Color(out))
			}
			if err != nil {
				return err
			}
			return completeness(l)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the report as JSON, same as --format json (stable: docs/json.md)")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json or markdown")
	cmd.Flags().BoolVar(&useExample, "example", false, "explain the embedded example log (a real JNI crash)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "markdown"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}
