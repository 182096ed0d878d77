package doctor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/term"
)

const longHelp = `Check this host for what makes a JVM's native code fail: executable memory
policy (W+X mmap, MDWE, SELinux, AppArmor, seccomp), libffi's search for an
executable temp file (the JNA "Failed to allocate closure" / SIGSEGV in
ffi_prep_closure_loc crash), the directories Java libraries unpack .so files
into, memfd_secret, and what HotSpot needs for hsperfdata, hs_err files and
core dumps.

Every check has an id, a status (pass, warn, fail, skip), what was observed
(with the errno of the call that failed), why it matters and the exact
remedy. Probes are real (mmap, memfd_create, a temp file mapped PROT_EXEC)
and leave nothing behind: temp files are O_TMPFILE or unlinked at once.

Run it as the service user or against the running JVM: root passes
permission checks a service user fails.

Exit status: 0 all checks pass or warn, 1 a check failed, 2 usage error.
Linux only; elsewhere it says so and exits 0.`

const examples = `  # as the user the JVM runs as (start as root)
  sudo hserr doctor --user elasticsearch

  # against a running JVM: its environment, -D properties, mount namespace
  # (systemd PrivateTmp included) and limits
  sudo hserr doctor --pid $(pgrep -f org.elasticsearch.bootstrap)

  # does this LIBFFI_TMPDIR fix it?
  sudo LIBFFI_TMPDIR=/var/lib/elasticsearch/tmp hserr doctor --user elasticsearch

  # machine-readable
  hserr doctor --json | jq '.checks[] | select(.status=="fail")'`

// NewCommand returns the `doctor` command.
func NewCommand() *cobra.Command {
	var opts Options
	var out term.Output
	cmd := &cobra.Command{
		Use:     "doctor",
		Short:   "Check the host for what makes JVM native code crash (libffi, noexec temp dirs, W^X, memfd_secret)",
		Long:    longHelp,
		Example: examples,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SilenceUsage = true
			if cmd.Flags().Changed("pid") && opts.PID <= 0 {
				return term.Usage("--pid must be a process id (got %d)", opts.PID)
			}
			if cmd.Flags().Changed("user") && strings.TrimSpace(opts.User) == "" {
				return term.Usage("--user needs a user name or uid")
			}
			return execute(cmd, opts, &out)
		},
	}
	f := cmd.Flags()
	out.Register(cmd, "text", "json")
	f.IntVar(&opts.PID, "pid", 0, "check against running process `PID`: its environment, -D properties, /proc/PID/root, limits")
	f.StringVar(&opts.User, "user", "", "run the probes as `NAME` (or uid); needs root")
	return cmd
}

func execute(cmd *cobra.Command, opts Options, o *term.Output) error {
	format, err := o.Resolve()
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	rep, err := Run(ctx, opts)
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
	out, done, oerr := o.Open(cmd)
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
