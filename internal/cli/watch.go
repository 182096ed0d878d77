package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/deliver"
	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/spool"
	"github.com/hserr/hserr/internal/statedir"
	"github.com/hserr/hserr/internal/term"
	"github.com/hserr/hserr/internal/watch"
)

func newWatchCmd() *cobra.Command {
	var opt watch.Options
	var cf clientFlags
	var every time.Duration
	cmd := &cobra.Command{
		Use:   "watch DIR...",
		Short: "Collect hs_err files from directories as JVMs write them (for JVMs without -XX:OnError)",
		Long: `watch collects the hs_err files JVMs write into DIRs, for JVMs that cannot
run an -XX:OnError command: containers without /bin/sh, a sidecar sharing a
volume with the JVM's container, or a whole host. It sweeps the directories
at start, notices new logs through inotify (fsnotify), and rescans every
--rescan because network file systems send no events. A log is taken when
its last line is END. (HotSpot finished it), or when it has been quiet for
--quiet and its process is gone or not visible; it is then redacted,
explained and moved into the spool (as 'hserr hook' does), and one line per
log is printed. SIGINT or SIGTERM stops it.

With --server (or $HSERR_SERVER) it also delivers the spool to an hserr
server: at start, whenever it spools a log, and every --deliver-every;
while the server is down or busy it retries with exponential back-off and
jitter, honouring Retry-After, and a delivered log leaves the spool. With
--once it makes one delivery pass after the sweep.`,
		Example: `  hserr watch /var/log/app                  # the JVM runs with -XX:ErrorFile=/var/log/app/hs_err_pid%p.log
  hserr watch --once --keep /tmp /srv/app     # sweep once, leave the files where they are`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opt.Dirs = args
			for _, d := range args {
				if st, err := os.Stat(d); err != nil || !st.IsDir() {
					return term.Usage("%s is not a directory", sanitize.Line(d))
				}
			}
			if opt.Collect.SpoolDir == "" {
				opt.Collect.SpoolDir = os.Getenv("HSERR_SPOOL")
			}
			if opt.Collect.SpoolDir == "" {
				p, err := statedir.Path("spool")
				if err != nil {
					return term.Usage("no spool directory (%v): give --spool DIR", err)
				}
				opt.Collect.SpoolDir = p
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			out := cmd.OutOrStdout()
			failed := 0
			d := startDelivery(ctx, cmd, cf.client(), opt.Collect.SpoolDir, every, opt.Once)
			err := watch.Run(ctx, opt, func(e watch.Event) {
				defer d.poke()
				d.mu.Lock() // the delivery prints from its own goroutine
				defer d.mu.Unlock()
				if e.Err != nil {
					failed++
					fmt.Fprintf(cmd.ErrOrStderr(), "hserr watch: %s: %s\n", sanitize.Line(e.Path), sanitize.Line(e.Err.Error()))
					return
				}
				fmt.Fprintf(out, "hserr: %s: %s, spooled as %s\n", sanitize.Line(e.Path), e.Class, e.SHA256[:12])
			})
			failed += d.finish()
			if err != nil {
				return term.Exit(term.ExitUsage, err)
			}
			if failed > 0 {
				return term.Exit(term.ExitPartial, nil)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&opt.Collect.SpoolDir, "spool", "", "spool directory (default $HSERR_SPOOL, else the state directory)")
	f.BoolVar(&opt.Collect.NoRedact, "no-redact", false, "spool logs as they are")
	f.DurationVar(&opt.Rescan, "rescan", 10*time.Second, "full rescan period (network file systems send no inotify events)")
	f.DurationVar(&opt.Quiet, "quiet", 2*time.Minute, "how long a log without END. must stay unchanged, its JVM gone, before it is taken")
	f.BoolVar(&opt.Keep, "keep", false, "leave collected logs where they are (default: moved into the spool)")
	f.BoolVar(&opt.Once, "once", false, "sweep the directories once and exit")
	f.DurationVar(&every, "deliver-every", time.Minute, "with --server: how often the spool is delivered when nothing new arrives")
	cf.register(cmd)
	return cmd
}

// delivery is watch's spool delivery (a no-op without a server).
type delivery struct {
	mu     sync.Mutex // one line at a time with the watch's own output
	wake   chan struct{}
	stop   func() int // ends the delivery; returns the failures of a --once pass
	active bool
}

func (d *delivery) poke() {
	if !d.active {
		return
	}
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *delivery) finish() int {
	if !d.active {
		return 0
	}
	return d.stop()
}

// startDelivery runs deliver.Loop beside the watch, or, with once, a single
// pass when the watch is done.
func startDelivery(ctx context.Context, cmd *cobra.Command, c *deliver.Client, dir string, every time.Duration, once bool) *delivery {
	if c == nil {
		return &delivery{}
	}
	d := &delivery{wake: make(chan struct{}, 1), active: true}
	failures := 0
	report := func(e deliver.Event) {
		d.mu.Lock()
		defer d.mu.Unlock()
		if e.Err != nil {
			failures++
			fmt.Fprintf(cmd.ErrOrStderr(), "hserr watch: delivering %s: %s\n", sanitize.Line(deliver.Short(e.SHA256)), sanitize.Line(e.Err.Error()))
			return
		}
		fmt.Fprintf(cmd.OutOrStdout(), "hserr: %s delivered (%s)\n", sanitize.Line(deliver.Short(e.SHA256)), e.Outcome)
	}
	sp, err := spool.Open(dir, spool.DefaultLimits)
	if err != nil {
		d.stop = func() int {
			fmt.Fprintf(cmd.ErrOrStderr(), "hserr watch: spool: %s\n", sanitize.Line(err.Error()))
			return 1
		}
		return d
	}
	if once {
		d.stop = func() int {
			deliver.Drain(ctx, sp, c, report)
			return failures
		}
		return d
	}
	lctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { deliver.Loop(lctx, sp, c, d.wake, every, nil, report); close(done) }()
	d.stop = func() int { cancel(); <-done; return 0 }
	return d
}
