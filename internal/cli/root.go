// Package cli is hserr's command line: one file per command, all on cobra.
package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/buildinfo"
	"github.com/hserr/hserr/internal/term"
)

// NewRoot builds the command tree.
func NewRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "hserr",
		Short: "Turn a JVM crash (hs_err_pid<N>.log) into an answer",
		Long: `hserr reads HotSpot fatal error logs (hs_err_pid<N>.log, JDK 6 to 25+, any OS
and CPU), disassembles the faulting code, and says what crashed, why, and
what to do about it, with the log lines that prove it.

Exit codes, the same for every command: 0 done (a verdict for every log,
partial ones included); 1 a partial log with --strict, a failed doctor
check, a triage input that was named but could not be used, an interrupted
run; 2 a usage error, an input that cannot be read or is not a crash log
(the others are still processed), or output that could not be written.
Colour only on a terminal and never with NO_COLOR (--color to choose).`,
		Version:       buildinfo.Read().Short(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	// --version without the -v shorthand cobra would add: -v means verbose
	// to most users.
	root.Flags().Bool("version", false, "print the version (hserr version says more)")
	pf := root.PersistentFlags()
	color := pf.String("color", string(term.ColorAuto), "colour: auto (on a terminal, unless NO_COLOR is set), always or never")
	pf.BoolP("quiet", "q", false, "print only the essential line of each result (errors still go to stderr)")
	root.PersistentPreRunE = func(*cobra.Command, []string) error { return term.SetColorMode(*color) }
	root.AddCommand(newExplainCmd(), newParseCmd(), newClassesCmd(), newVersionCmd(), newManCmd(), newRedactCmd(), newHookCmd(), newWatchCmd())
	root.AddCommand(newServeCmd(), newSendCmd(), newGroupsCmd())
	for _, c := range extraCommands() {
		root.AddCommand(c)
	}
	return root
}

// Execute runs hserr with args and returns the process exit code.
func Execute(args []string, stdout, stderr io.Writer) int {
	root := NewRoot()
	root.SetArgs(args)
	out := &term.Writer{W: stdout}
	root.SetOut(out)
	root.SetErr(stderr)
	err := root.Execute()
	if out.Err != nil {
		// whatever the command made of it: its answer did not arrive
		err = term.Exit(term.ExitUsage, fmt.Errorf("writing output: %w", out.Err))
	}
	code := term.Code(err)
	if err != nil {
		var ee *term.ExitError
		ours := errors.As(err, &ee)
		if !ours || ee.Err != nil {
			fmt.Fprintln(stderr, "hserr:", err)
		}
		if !ours {
			// cobra's own errors (unknown flag, wrong arg count) are usage errors
			fmt.Fprintln(stderr, "Run 'hserr --help' for usage.")
		}
	}
	return code
}

// quiet reports whether -q/--quiet was given.
func quiet(cmd *cobra.Command) bool {
	q, _ := cmd.Flags().GetBool("quiet")
	return q
}
