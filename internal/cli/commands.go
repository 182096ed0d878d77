package cli

import "github.com/spf13/cobra"

// extraCommands are the commands whose work lives in a package of its own
// (the command itself is built here, like every other).
func extraCommands() []*cobra.Command {
	return []*cobra.Command{newDoctorCmd(), newTriageCmd()}
}
