package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/buildinfo"
	"github.com/hserr/hserr/internal/term"
)

func newVersionCmd() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print hserr's version, VCS revision and build facts",
		Long: `Print which hserr this is: the module version of a released build
(go install github.com/hserr/hserr/cmd/hserr@v1.2.3), or "devel" with the
commit and its time for a binary built from a checkout.`,
		Example: "  hserr version\n  hserr version -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			in := buildinfo.Read()
			out := cmd.OutOrStdout()
			switch output {
			case "json":
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return writeErr(enc.Encode(in))
			case "text":
				_, err := fmt.Fprintf(out, "hserr %s\n%s %s\n", in.Short(), in.GoVersion, in.Platform)
				return writeErr(err)
			}
			return term.Usage("-o must be text or json (got %q)", output)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	return cmd
}

// writeErr turns a failed write to standard output (a closed pipe, a full
// disk) into a usage-level exit with the reason, instead of exit 0.
func writeErr(err error) error {
	if err != nil {
		return term.Exit(term.ExitUsage, fmt.Errorf("writing output: %w", err))
	}
	return nil
}
