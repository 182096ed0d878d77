package cli

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/doctor"
	"github.com/hserr/hserr/internal/term"
	"github.com/hserr/hserr/internal/triage"
)

// extraCommands are the commands whose packages build their own cobra
// command.
func extraCommands() []*cobra.Command {
	return []*cobra.Command{doctor.NewCommand(), triage.NewCommand()}
}

func asExit(err error, target **term.ExitError) bool { return errors.As(err, target) }
