// Command hserr turns a JVM crash (a HotSpot hs_err_pid<N>.log) into an
// answer. See `hserr --help`.
package main

import (
	"os"

	"github.com/hserr/hserr/internal/cli"
)

func main() { os.Exit(cli.Execute(os.Args[1:], os.Stdout, os.Stderr)) }
