package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/hserr/hserr/internal/buildinfo"
	"github.com/hserr/hserr/internal/term"
)

func newManCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "man DIR",
		Short: "Write man pages for hserr and every subcommand into DIR",
		Long: `Write section-1 man pages (hserr.1, hserr-explain.1, …) generated from the
command tree, so they always match --help. Shell completions come from
'hserr completion bash|zsh|fish|powershell'.`,
		Example: "  hserr man /usr/local/share/man/man1 && man hserr-explain",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return term.Usage("man pages: %v", err)
			}
			root := cmd.Root()
			root.DisableAutoGenTag = true // a date stamp would make every build differ
			hdr := &doc.GenManHeader{Title: "HSERR", Section: "1", Source: "hserr " + buildinfo.Read().Version, Manual: "hserr manual"}
			if err := doc.GenManTree(root, hdr, dir); err != nil {
				return term.Exit(term.ExitUsage, fmt.Errorf("man pages: %w", err))
			}
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "man pages written to %s\n", dir)
			return writeErr(err)
		},
	}
}
