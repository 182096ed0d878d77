// Command hserr turns a JVM crash (a HotSpot hs_err_pid<N>.log) into an
// answer. See `hserr --help`.
package main

import (
	"os"

	"github.com/hserr/hserr/internal/cli"
	"github.com/hserr/hserr/internal/doctor"
)

func main() {
	// `hserr doctor --user` re-executes this binary with the user's
	// credentials to run its probes (see doctor.ProbeChild).
	if code, ok := doctor.ProbeChild(); ok {
		os.Exit(code)
	}
	cli.ReexecHook = true
	os.Exit(cli.Execute(os.Args[1:], os.Stdout, os.Stderr))
}
