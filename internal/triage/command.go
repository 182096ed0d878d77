package triage

import (
	"github.com/dustin/go-humanize"

	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	xterm "golang.org/x/term"

	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/signature"
	"github.com/hserr/hserr/internal/statedir"
	"github.com/hserr/hserr/internal/store"
	"github.com/hserr/hserr/internal/term"
)

// DefaultDBHint names the default database in --help.
const DefaultDBHint = "$XDG_STATE_HOME/hserr/triage.db (~/.local/state/hserr/triage.db)"

// databasePath is --db, else $HSERR_DB, else triage.db in the user's state
// directory (created): never a file dropped into the working directory.
func databasePath(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	if env := os.Getenv("HSERR_DB"); env != "" {
		return env, nil
	}
	p, err := statedir.Path("triage.db")
	if err != nil {
		return "", term.Usage("the default database: %v (give --db FILE, or %s)", err, store.Memory)
	}
	return p, nil
}

// Flags are triage's command-line options as the user gave them; cli builds
// the command and binds them with BindFlags.
type Flags struct {
	dbPath, htmlPath, memory, rulesDir, writeRules string
	asCSV, noProgress                              bool
	jobs, limit                                    int
	lim                                            Limits
	out                                            term.Output
	format                                         string // resolved -o
}

// BindFlags defines triage's flags on cmd.
func BindFlags(cmd *cobra.Command, fl *Flags) {
	fl.lim = DefaultLimits
	f := cmd.Flags()
	fl.out.Register(cmd, "text", "json", "csv", "html")
	f.StringVar(&fl.dbPath, "db", "", "SQLite database to add to (default $HSERR_DB, else "+DefaultDBHint+`; "`+store.Memory+`" for a throw-away one)`)
	f.BoolVar(&fl.asCSV, "csv", false, "same as -o csv")
	f.StringVar(&fl.htmlPath, "html", "", "also write the HTML export to `PATH`: a folder of pages (top crashes, groups, reports), or one file when PATH ends in .html")
	f.IntVar(&fl.jobs, "jobs", 0, "parallel workers (default: one more than the cores)")
	f.StringVar(&fl.memory, "memory", humanize.IBytes(DefaultMemoryBudget), "bytes of logs held in memory at once, whatever --jobs is (a larger log waits for room)")
	f.BoolVar(&fl.noProgress, "no-progress", false, "no progress bar (it is shown only when stderr is a terminal)")
	f.StringVar(&fl.rulesDir, "rules", "", "read the signature lists from `DIR` (see --write-rules)")
	f.StringVar(&fl.writeRules, "write-rules", "", "write the built-in signature lists to `DIR` for editing")
	f.IntVar(&fl.limit, "limit", 30, "groups shown in the table (0: all)")
	f.Int64Var(&fl.lim.MaxLogBytes, "max-log-size", fl.lim.MaxLogBytes, "largest log or archive entry read, in bytes (zip-bomb guard)")
	f.Int64Var(&fl.lim.MaxArchiveBytes, "max-archive-size", fl.lim.MaxArchiveBytes, "most uncompressed bytes read from one archive")
}

// Execute triages the inputs named by args into the database and prints
// the report; its error carries the exit code.
func Execute(cmd *cobra.Command, fl *Flags, args []string) error { return fl.run(cmd, args) }

// run is the command: check the flags, triage the inputs into the
// database, print the report.
func (fl *Flags) run(cmd *cobra.Command, args []string) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	opt, err := fl.options(cmd.InOrStdin())
	if err != nil {
		return err
	}
	if fl.dbPath, err = databasePath(fl.dbPath); err != nil {
		return err
	}
	if fl.writeRules != "" {
		if err := signature.WriteDefaultRules(fl.writeRules); err != nil {
			return term.Usage("--write-rules: %v", err)
		}
		fmt.Fprintf(stdout, "wrote %s, %s and %s to %s; use them with --rules %s\n",
			signature.IrrelevantFile, signature.CollapseFile, signature.SystemFile, fl.writeRules, fl.writeRules)
		if len(args) == 0 {
			return nil
		}
	}
	if args, err = inputs(args, opt.Stdin); err != nil {
		return err
	}
	tuneGC(opt.MemoryBudget)
	db, err := store.Open(fl.dbPath)
	if err != nil {
		return term.Exit(term.ExitUsage, fmt.Errorf("database: %w", err))
	}
	defer db.Close()
	res, err := fl.triage(cmd.Context(), db, args, opt, stderr)
	if err != nil {
		return err
	}
	rep, err := BuildReport(db, res)
	if err != nil {
		return term.Exit(term.ExitUsage, err)
	}
	w, done, err := fl.out.Open(cmd)
	if err != nil {
		return err
	}
	err = fl.write(w, rep, db)
	if derr := done(); err == nil {
		err = derr
	}
	if err != nil {
		return err
	}
	// Files found in a directory or an archive that are not crash logs are
	// expected (a README, a core file): only inputs named on the command
	// line that could not be used make the run partial.
	if res.Totals.Problems > 0 {
		return term.Exit(term.ExitPartial, nil)
	}
	return nil
}

// options checks the flags and turns them into run options.
func (fl *Flags) options(stdin io.Reader) (Options, error) {
	budget, err := parseBudget(fl.memory)
	if err != nil {
		return Options{}, err
	}
	if fl.asCSV {
		fl.out.Alias("csv")
	}
	if fl.format, err = fl.out.Resolve(); err != nil {
		return Options{}, err
	}
	switch {
	case fl.lim.MaxLogBytes <= 0 || fl.lim.MaxArchiveBytes <= 0:
		return Options{}, term.Usage("--max-log-size and --max-archive-size must be positive")
	case fl.jobs < 0:
		return Options{}, term.Usage("--jobs must be positive")
	}
	opt := Options{Jobs: fl.jobs, Limits: fl.lim, Stdin: stdin, MemoryBudget: budget}
	if fl.rulesDir != "" {
		r, err := signature.LoadRules(fl.rulesDir)
		if err != nil {
			return Options{}, term.Usage("--rules: %v", err)
		}
		opt.Rules = r
	}
	return opt, nil
}

// inputs are the paths to read: standard input when none is given and it
// is not a terminal.
func inputs(args []string, stdin io.Reader) ([]string, error) {
	if len(args) > 0 {
		return args, nil
	}
	if f, ok := stdin.(*os.File); ok && xterm.IsTerminal(int(f.Fd())) {
		return nil, term.Usage("no PATH given and standard input is a terminal (see hserr triage --help)")
	}
	return []string{"-"}, nil
}

// triage runs with a progress bar; SIGINT/SIGTERM stop the run cleanly,
// keeping what it stored, and a second signal kills.
func (fl *Flags) triage(parent context.Context, db *store.DB, args []string, opt Options, stderr io.Writer) (*Result, error) {
	bar := newProgress(stderr, fl.noProgress)
	opt.Progress = bar.update
	if fl.format != "text" {
		// The text report lists skips at its end; with machine output
		// they go to stderr as they happen.
		opt.OnSkip = func(s store.Skip) {
			bar.clear()
			fmt.Fprintf(stderr, "hserr: skipped %s: %s\n", sanitize.Line(s.Path), sanitize.Line(firstLine(s.Reason)))
		}
	}
	ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() { <-ctx.Done(); stop() }()
	res, err := Run(ctx, db, args, opt)
	bar.finish()
	if errors.Is(err, context.Canceled) && res != nil {
		return nil, term.Exit(term.ExitPartial, interrupted(res.Totals, fl.dbPath))
	}
	if err != nil {
		return nil, term.Exit(term.ExitUsage, err)
	}
	return res, nil
}

// write prints the report in the format asked for, and the HTML file.
func (fl *Flags) write(stdout io.Writer, rep *Report, db *store.DB) error {
	var err error
	switch fl.format {
	case "json":
		err = rep.WriteJSON(stdout)
	case "csv":
		err = rep.WriteCSV(stdout)
	case "html":
		err = rep.WriteHTML(stdout, db)
	default:
		err = rep.WriteTextWidth(stdout, term.Color(stdout), fl.limit, term.Width(stdout))
	}
	if err != nil {
		return err
	}
	if fl.htmlPath == "" {
		return nil
	}
	written, err := writeHTMLFile(fl.htmlPath, rep, db)
	if err != nil {
		return term.Exit(term.ExitUsage, fmt.Errorf("--html: %w", err))
	}
	if fl.format == "text" {
		fmt.Fprintf(stdout, "\nHTML: %s\n", sanitize.Line(written))
	}
	return nil
}

// writeHTMLFile writes --html PATH: one file when PATH names an .html or
// .htm file, else a folder of pages. It says what was written.
func writeHTMLFile(path string, rep *Report, db *store.DB) (string, error) {
	if !isHTMLFileName(path) {
		n, err := rep.WriteSite(path, db)
		return fmt.Sprintf("%s (%d pages)", filepath.Join(path, "index.html"), n), err
	}
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	if err := rep.WriteHTML(f, db); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

func isHTMLFileName(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".html" || ext == ".htm"
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

// interrupted says what an interrupted run leaves behind: a database file
// keeps what was stored, an in-memory one keeps nothing.
func interrupted(t Totals, dbPath string) error {
	if dbPath == store.Memory {
		return fmt.Errorf("interrupted after %d inputs; the in-memory database and its %d logs are gone with this run", t.Seen, t.Added)
	}
	return fmt.Errorf("interrupted after %d inputs: the %d logs stored so far are kept in %s; run again to go on", t.Seen, t.Added, sanitize.Line(dbPath))
}
