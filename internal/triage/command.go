package triage

import (
	"github.com/dustin/go-humanize"

	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	xterm "golang.org/x/term"

	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/signature"
	"github.com/hserr/hserr/internal/store"
	"github.com/hserr/hserr/internal/term"
)

// DefaultDB is the database file used when --db is not given.
const DefaultDB = "hserr-triage.db"

// NewCommand returns the `hserr triage` command.
func NewCommand() *cobra.Command {
	var (
		dbPath     string
		asJSON     bool
		asCSV      bool
		htmlPath   string
		jobs       int
		memory     string
		noProgress bool
		rulesDir   string
		writeRules string
		limit      int
		lim        = DefaultLimits
	)
	cmd := &cobra.Command{
		SilenceUsage:  true,
		SilenceErrors: true,
		Use:           "triage [PATH...]",
		Short:         "Group many crash logs into ranked crash signatures",
		Long: `triage reads many hs_err logs, explains each one, gives it a crash signature
and groups logs with the same signature: which crashes are the same bug, how
often, since when, on which JDKs and hosts.

PATH may be a directory (read recursively), a file, an archive (.tar,
.tar.gz/.tgz, .gz, .zip: streamed, never extracted) or "-" for standard
input; with no PATH, standard input is read when it is not a terminal.
Inputs that cannot be read, corrupt archives, unsafe archive entries
(absolute or ".." paths), oversized entries (zip bombs) and files that are
not hs_err logs are reported and skipped, and the run goes on.

Results are kept in a SQLite database (--db, default ./` + DefaultDB + `):
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

Exit codes: 0 all inputs stored or already known; 1 some inputs skipped;
2 usage error, or the database cannot be opened or written.`,
		Example: `  hserr triage /var/crash/                     # every log under a directory
  hserr triage logs.tar.gz more-logs.zip       # archives, streamed
  hserr triage --db team.db incoming/           # add new logs to a shared database
  hserr triage --json . > groups.json           # machine-readable groups
  hserr triage --csv --no-progress . > groups.csv
  hserr triage --html report.html /var/crash/   # self-contained HTML report
  cat hs_err_pid123.log | hserr triage --db :memory: -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			budget, err := parseBudget(memory)
			if err != nil {
				return err
			}
			if lim.MaxLogBytes <= 0 || lim.MaxArchiveBytes <= 0 {
				return term.Usage("--max-log-size and --max-archive-size must be positive")
			}
			tuneGC()
			stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
			if asJSON && asCSV {
				return term.Usage("--json and --csv cannot be combined")
			}
			if writeRules != "" {
				if err := signature.WriteDefaultRules(writeRules); err != nil {
					return term.Usage("--write-rules: %v", err)
				}
				fmt.Fprintf(stdout, "wrote %s, %s and %s to %s; use them with --rules %s\n",
					signature.IrrelevantFile, signature.CollapseFile, signature.SystemFile, writeRules, writeRules)
				if len(args) == 0 {
					return nil
				}
			}
			stdin := cmd.InOrStdin()
			if len(args) == 0 {
				if f, ok := stdin.(*os.File); ok && xterm.IsTerminal(int(f.Fd())) {
					return term.Usage("no PATH given and standard input is a terminal (see hserr triage --help)")
				}
				args = []string{"-"}
			}
			if jobs < 0 {
				return term.Usage("--jobs must be positive")
			}
			if jobs == 0 {
				jobs = runtime.GOMAXPROCS(0)
			}
			opt := Options{Jobs: jobs, Limits: lim, Stdin: stdin, MemoryBudget: budget}
			if rulesDir != "" {
				r, err := signature.LoadRules(rulesDir)
				if err != nil {
					return term.Usage("--rules: %v", err)
				}
				opt.Rules = r
			}
			if dbPath == "" {
				return term.Usage("--db needs a file name (or %s)", store.Memory)
			}
			db, err := store.Open(dbPath)
			if err != nil {
				return term.Exit(term.ExitUsage, fmt.Errorf("database: %w", err))
			}
			defer db.Close()

			bar := newProgress(stderr, noProgress)
			opt.Progress = bar.update
			if asJSON || asCSV {
				// The text report lists skips at its end; with machine
				// output they go to stderr as they happen.
				opt.OnSkip = func(s store.Skip) {
					bar.clear()
					fmt.Fprintf(stderr, "hserr: skipped %s: %s\n", sanitize.Line(s.Path), sanitize.Line(firstLine(s.Reason)))
				}
			}
			// SIGINT/SIGTERM stop the run cleanly, keeping what it stored;
			// a second signal kills.
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			go func() { <-ctx.Done(); stop() }()
			res, err := Run(ctx, db, args, opt)
			bar.finish()
			if errors.Is(err, context.Canceled) && res != nil {
				return term.Exit(term.ExitPartial, fmt.Errorf("interrupted after %d inputs: the %d logs stored so far are kept in %s; run again to go on",
					res.Totals.Seen, res.Totals.Added, dbPath))
			}
			if err != nil {
				return term.Exit(term.ExitUsage, err)
			}
			rep, err := BuildReport(db, res)
			if err != nil {
				return term.Exit(term.ExitUsage, err)
			}
			switch {
			case asJSON:
				err = rep.WriteJSON(stdout)
			case asCSV:
				err = rep.WriteCSV(stdout)
			default:
				err = rep.WriteText(stdout, term.Color(stdout), limit)
			}
			if err != nil {
				return err
			}
			if htmlPath != "" {
				if err := writeHTMLFile(htmlPath, rep, db); err != nil {
					return term.Exit(term.ExitUsage, fmt.Errorf("--html: %w", err))
				}
				if !asJSON && !asCSV {
					fmt.Fprintf(stdout, "\nHTML report: %s\n", htmlPath)
				}
			}
			if res.Totals.Skipped > 0 {
				return term.Exit(term.ExitPartial, nil)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&dbPath, "db", DefaultDB, `SQLite database to add to ("`+store.Memory+`" for a throw-away one)`)
	f.BoolVar(&asJSON, "json", false, "print the groups as JSON")
	f.BoolVar(&asCSV, "csv", false, "print the groups as CSV")
	f.StringVar(&htmlPath, "html", "", "also write a self-contained HTML report to `FILE`")
	f.IntVar(&jobs, "jobs", 0, "parallel workers (default: all cores)")
	f.StringVar(&memory, "memory", humanize.IBytes(DefaultMemoryBudget), "bytes of logs held in memory at once, whatever --jobs is (a larger log waits for room)")
	f.BoolVar(&noProgress, "no-progress", false, "no progress bar (it is shown only when stderr is a terminal)")
	f.StringVar(&rulesDir, "rules", "", "read the signature lists from `DIR` (see --write-rules)")
	f.StringVar(&writeRules, "write-rules", "", "write the built-in signature lists to `DIR` for editing")
	f.IntVar(&limit, "limit", 30, "groups shown in the table (0: all)")
	f.Int64Var(&lim.MaxLogBytes, "max-log-size", lim.MaxLogBytes, "largest log or archive entry read, in bytes (zip-bomb guard)")
	f.Int64Var(&lim.MaxArchiveBytes, "max-archive-size", lim.MaxArchiveBytes, "most uncompressed bytes read from one archive")
	return cmd
}

func writeHTMLFile(path string, rep *Report, db *store.DB) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := rep.WriteHTML(f, db); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// progress is a progress bar on a terminal, nothing elsewhere.
type progress struct {
	mu  sync.Mutex
	bar *progressbar.ProgressBar
}

func newProgress(w io.Writer, off bool) *progress {
	p := &progress{}
	f, ok := w.(*os.File)
	if off || !ok || !xterm.IsTerminal(int(f.Fd())) {
		return p
	}
	p.bar = progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription("triage"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("logs"),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionEnableColorCodes(term.Color(w)),
	)
	return p
}

func (p *progress) update(t Totals) {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.bar.Set(t.Seen)
	p.bar.Describe(fmt.Sprintf("triage: %d new, %d duplicates, %d skipped", t.Added, t.Duplicates, t.Skipped))
}

func (p *progress) clear() {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.bar.Clear()
}

func (p *progress) finish() {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.bar.Finish()
}

// parseBudget reads --memory ("512MiB", "1GB", a number of bytes).
func parseBudget(s string) (int64, error) {
	n, err := humanize.ParseBytes(s)
	if err != nil {
		return 0, term.Usage("--memory %q: %v", s, err)
	}
	if n < 16<<20 || n > 1<<50 {
		return 0, term.Usage("--memory %q: must be between 16MiB and 1PiB", s)
	}
	return int64(n), nil
}
