package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/taxonomy"
	"github.com/hserr/hserr/internal/term"
)

// classesDoc is what `hserr classes -o json` prints.
type classesDoc struct {
	SchemaVersion string           `json:"schema_version"`
	Kind          string           `json:"kind"`
	Classes       []taxonomy.Class `json:"classes"`
}

func newClassesCmd() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "classes [ID...]",
		Short: "List the crash-class ids hserr reports, with their meaning",
		Long: `List the crash classes: the ids that appear as verdict.class and
findings[].class in hserr's JSON, each with its area code and one-line
meaning. The ids are a contract: never renamed or reused.
With ids as arguments, print only those (exit 2 if one is unknown).`,
		Example: "  hserr classes\n  hserr classes jni-null-deref\n  hserr classes -o json | jq -r '.classes[].id'",
		RunE: func(cmd *cobra.Command, args []string) error {
			list := taxonomy.All()
			if len(args) > 0 {
				list = list[:0]
				for _, id := range args {
					c, ok := taxonomy.Lookup(id)
					if !ok {
						return term.Usage("unknown class %q (hserr classes lists them)", id)
					}
					list = append(list, c)
				}
			}
			out := cmd.OutOrStdout()
			switch output {
			case "json":
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return writeErr(enc.Encode(classesDoc{SchemaVersion: "1", Kind: "classes", Classes: list}))
			case "text":
				tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
				for _, c := range list {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Code, c.ID, c.Meaning)
				}
				return writeErr(tw.Flush())
			}
			return term.Usage("-o must be text or json (got %q)", output)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "text", "output format: text or json")
	_ = cmd.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	cmd.ValidArgsFunction = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var ids []string
		for _, c := range taxonomy.All() {
			ids = append(ids, c.ID+"\t"+c.Meaning)
		}
		return ids, cobra.ShellCompDirectiveNoFileComp
	}
	return cmd
}
