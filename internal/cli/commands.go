package cli

import (
	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/doctor"
	"github.com/hserr/hserr/internal/triage"
)

// extraCommands are the commands whose packages build their own cobra
// command.
func extraCommands() []*cobra.Command {
	return []*cobra.Command{doctor.NewCommand(), triage.NewCommand()}
}
