package cli

import (
	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/triage"
)

func newTriageCmd() *cobra.Command {
	var fl triage.Flags
	cmd := &cobra.Command{
		Use:   "triage [PATH...]",
		Short: "Group many crash logs into ranked crash signatures",
		Long: `triage reads many hs_err logs, explains each one, gives it a crash signature
and groups logs with the same signature: which crashes are the same bug, how
often, since when, on which JDKs and hosts.

PATH may be a directory (read recursively), a file, a compressed log or an
archive (gzip, xz, zstd, bzip2, tar, zip; recognised by content, streamed,
never extracted) or "-" for standard
input; with no PATH, standard input is read when it is not a terminal.
Inputs that cannot be read, corrupt archives, unsafe archive entries
(absolute or ".." paths), oversized entries (zip bombs) and files that are
not hs_err logs are reported and skipped, and the run goes on.

Results are kept in a SQLite database (--db; default $HSERR_DB, else
` + triage.DefaultDBHint + `):
repeated runs add new logs, identical files (same sha256) are stored once,
and group ids stay the same as long as the signature algorithm does. The
table, --json, --csv and --html show every group in the database.

A signature is the verdict class, then the top relevant frames normalised:
offsets and addresses removed, random names of extracted libraries collapsed
(jna123.tmp, libasyncProfiler123.so), libc copy routines and VM error
reporting frames skipped; frames without symbols become module+offset plus
the JDK build. The lists are plain text: --write-rules DIR writes them for
editing, --rules DIR uses the edited copies (their groups get a different
algorithm id, so they never mix with the built-in ones).

Exit codes: 0 all inputs stored or already known, or skipped files that were
found in a directory or an archive (not crash logs: counted and listed); 1 an
input named on the command line was skipped, or the run was interrupted;
2 usage error, or the database cannot be opened or written.`,
		Example: `  hserr triage /var/crash/                     # every log under a directory
  hserr triage logs.tar.gz more-logs.zip       # archives, streamed
  hserr triage --db team.db incoming/           # add new logs to a shared database
  hserr triage --json . > groups.json           # machine-readable groups
  hserr triage --csv --no-progress . > groups.csv
  hserr triage --html report.html /var/crash/   # self-contained HTML report
  cat hs_err_pid123.log | hserr triage --db :memory: -`,
		RunE: func(cmd *cobra.Command, args []string) error { return triage.Execute(cmd, &fl, args) },
	}
	triage.BindFlags(cmd, &fl)
	return cmd
}
