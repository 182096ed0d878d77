package doctor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/term"
)

// Flags are doctor's command-line options; cli builds the command and
// binds them with BindFlags.
type Flags struct {
	Options
	Out term.Output
}

// BindFlags defines doctor's flags on cmd.
func BindFlags(cmd *cobra.Command, fl *Flags) {
	fl.Out.Register(cmd, "text", "json")
	f := cmd.Flags()
	f.IntVar(&fl.PID, "pid", 0, "check against running process `PID`: its environment, -D properties, /proc/PID/root, limits")
	f.StringVar(&fl.User, "user", "", "run the probes as `NAME` (or uid); needs root")
}

// Execute runs the checks and prints the report where the flags say; its
// error carries the exit code (1 when a check failed).
func Execute(ctx context.Context, fl *Flags, cmd *cobra.Command) error {
	format, err := fl.Out.Resolve()
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	rep, err := Run(ctx, fl.Options)
	if errors.Is(err, context.Canceled) {
		err = errors.New("interrupted")
	}
	var exitErr *term.ExitError
	if errors.As(err, &exitErr) {
		return err
	}
	if err != nil && len(rep.Checks) == 0 {
		return term.Exit(term.ExitPartial, err)
	}
	out, done, oerr := fl.Out.Open(cmd)
	if oerr != nil {
		return oerr
	}
	if format == "json" {
		if werr := WriteJSON(out, rep); werr != nil {
			done()
			return term.Exit(term.ExitUsage, werr)
		}
	} else {
		WriteText(out, rep, term.Color(out))
	}
	if derr := done(); derr != nil {
		return derr
	}
	switch {
	case err != nil:
		return term.Exit(term.ExitPartial, fmt.Errorf("doctor: %w", err))
	case rep.Failed():
		return term.Exit(term.ExitPartial, fmt.Errorf("doctor: %d check(s) failed", rep.Summary.Fail))
	}
	return nil
}
