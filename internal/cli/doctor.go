package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/doctor"
	"github.com/hserr/hserr/internal/term"
)

func newDoctorCmd() *cobra.Command {
	var fl doctor.Flags
	cmd := &cobra.Command{
		Use:     "doctor",
		Short:   "Check the host for what makes JVM native code crash (libffi, noexec temp dirs, W^X, memfd_secret)",
		Long:    doctorHelp,
		Example: doctorExamples,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("pid") && fl.PID <= 0 {
				return term.Usage("--pid must be a process id (got %d)", fl.PID)
			}
			if cmd.Flags().Changed("user") && strings.TrimSpace(fl.User) == "" {
				return term.Usage("--user needs a user name or uid")
			}
			return doctor.Execute(cmd.Context(), &fl, cmd)
		},
	}
	doctor.BindFlags(cmd, &fl)
	return cmd
}

const doctorHelp = `Check this host for what makes a JVM's native code fail: executable memory
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

const doctorExamples = `  # as the user the JVM runs as (start as root)
  sudo hserr doctor --user elasticsearch

  # against a running JVM: its environment, -D properties, mount namespace
  # (systemd PrivateTmp included) and limits
  sudo hserr doctor --pid $(pgrep -f org.elasticsearch.bootstrap)

  # does this LIBFFI_TMPDIR fix it?
  sudo LIBFFI_TMPDIR=/var/lib/elasticsearch/tmp hserr doctor --user elasticsearch

  # machine-readable
  hserr doctor --json | jq '.checks[] | select(.status=="fail")'`
