package cli

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/term"
)

// extraCommands are the commands whose packages build their own cobra
// command (doctor, triage, serve).
func extraCommands() []*cobra.Command {
	return []*cobra.Command{}
}

func asExit(err error, target **term.ExitError) bool { return errors.As(err, target) }
