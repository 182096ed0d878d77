package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/deliver"
	"github.com/hserr/hserr/internal/hook"
	"github.com/hserr/hserr/internal/redact"
	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/spool"
	"github.com/hserr/hserr/internal/statedir"
	"github.com/hserr/hserr/internal/term"
)

// ReexecHook is set by hserr's main: `hserr hook` then re-executes itself
// with only standard input, output and error, so that it does not hold the
// dying JVM's sockets and files open (an in-process test leaves it off).
var ReexecHook = false

// hookChildEnv marks the re-executed hook.
const hookChildEnv = "HSERR_HOOK_CHILD"

func newHookCmd() *cobra.Command {
	var opt hook.Options
	var cf clientFlags
	cmd := &cobra.Command{
		Use:   "hook [PID]",
		Short: "Collect a crash as the JVM dies: for -XX:OnError=\"hserr hook %p\"",
		Long: `hook is run by a crashing JVM (-XX:OnError="hserr hook %p"). It finds the
hs_err file that JVM wrote, the way HotSpot names it (-XX:ErrorFile with %p,
else the working directory, else the temp directory, read from /proc/PID),
redacts it, explains it, and copies it into the local spool (fsync and
rename, named by the content hash, so a pid-1 JVM that overwrites its
hs_err_pid1.log on the next crash loses nothing). It prints one line with the
verdict to standard output, which is the JVM's: the container's log says
what happened even when nothing else does.

The JVM waits for its OnError command without a timeout, so hook has a hard
deadline (--timeout) and always exits 0. Without PID it looks for the JVM
among its parents. The spool is $HSERR_SPOOL, else the state directory
($XDG_STATE_HOME/hserr/spool). With --server (or $HSERR_SERVER) it tries
one delivery to an hserr server within the same deadline; a log it could
not deliver stays in the spool for 'hserr watch' to deliver later.`,
		Example: `  java -XX:OnError="hserr hook %p" -jar app.jar
  java -XX:ErrorFile=/var/log/app/hs_err_pid%p.log -XX:OnError="hserr hook %p --spool /var/spool/hserr" -jar app.jar`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if ReexecHook && os.Getenv(hookChildEnv) == "" {
				return reexecHook(opt.Timeout)
			}
			out := cmd.OutOrStdout()
			if len(args) == 1 {
				pid, err := strconv.Atoi(args[0])
				if err != nil || pid <= 0 {
					fmt.Fprintf(out, "hserr hook: %q is not a pid\n", sanitize.Line(args[0]))
					return nil
				}
				opt.PID = pid
			}
			if opt.SpoolDir == "" {
				opt.SpoolDir = os.Getenv("HSERR_SPOOL")
			}
			if opt.SpoolDir == "" {
				p, err := statedir.Path("spool")
				if err != nil {
					fmt.Fprintf(out, "hserr hook: no spool directory (%v): give --spool DIR\n", err)
					return nil
				}
				opt.SpoolDir = p
			}
			start := time.Now()
			res, err := hook.Run(context.Background(), opt)
			line := hookLine(res, err)
			if c := cf.client(); c != nil && res.Record.SHA256 != "" {
				line += "; " + hookDeliver(c, opt, res, start.Add(opt.Timeout))
			}
			fmt.Fprintln(out, line)
			return nil // the JVM must never wait on us, nor see us fail
		},
	}
	f := cmd.Flags()
	f.StringVar(&opt.SpoolDir, "spool", "", "spool directory (default $HSERR_SPOOL, else the state directory)")
	f.DurationVar(&opt.Timeout, "timeout", 5*time.Second, "the deadline for the whole hook (the JVM waits for it)")
	f.BoolVar(&opt.NoRedact, "no-redact", false, "spool the log as it is (default: secrets and personal data removed first)")
	cf.register(cmd)
	return cmd
}

// hookDeliver tries once, before the hook's deadline, to deliver the log
// just spooled; delivered, it leaves the spool. When the disk was full and
// the spool kept only the crash's record, the log is read again from where
// the JVM wrote it, redacted the same way, and sent straight away.
func hookDeliver(c *deliver.Client, opt hook.Options, res hook.Result, deadline time.Time) string {
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	sp, err := spool.Open(opt.SpoolDir, spool.DefaultLimits)
	if err != nil {
		return "not delivered: " + sanitize.Line(err.Error())
	}
	rec := res.Record
	var out deliver.Outcome
	if rec.LogKept {
		out, err = deliver.One(ctx, sp, c, spool.Entry{Record: rec, LogPath: filepath.Join(opt.SpoolDir, rec.SHA256+".log")})
	} else {
		out, err = sendUnspooled(ctx, c, sp, opt, res)
	}
	if err != nil {
		return "not delivered (kept in the spool): " + sanitize.Line(err.Error())
	}
	return "delivered (" + string(out) + ")"
}

// hookMaxBytes is the most of a log the hook reads again (hook.Options'
// default cap).
const hookMaxBytes = 64 << 20

// sendUnspooled sends the log the spool had no room for, if it is still
// the log the record describes.
func sendUnspooled(ctx context.Context, c *deliver.Client, sp *spool.Spool, opt hook.Options, res hook.Result) (deliver.Outcome, error) {
	f, err := os.Open(res.Found)
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(io.LimitReader(f, hookMaxBytes))
	f.Close()
	if err != nil {
		return "", err
	}
	text := string(b)
	if !opt.NoRedact {
		text, _ = redact.Text(text, redact.Default)
	}
	if deliver.HashOf([]byte(text)) != res.Record.SHA256 {
		return "", fmt.Errorf("%s changed since it was read", sanitize.Line(res.Found))
	}
	out, err := c.Send(ctx, res.Record.SHA256, []byte(text), deliver.MetaOf(res.Record, text))
	if err == nil {
		sp.Remove(res.Record.SHA256)
	}
	return out, err
}

// hookLine is the one line the hook prints into the JVM's output.
func hookLine(res hook.Result, err error) string {
	var b strings.Builder
	b.WriteString("hserr: ")
	if res.Record.SHA256 != "" {
		v := res.Verdict.Verdict
		fmt.Fprintf(&b, "JVM %d crashed: %s (%.2f) %s; log spooled as %s", res.PID, v.Class, v.Confidence, sanitize.Line(v.Summary), res.Record.SHA256[:12])
		if res.Found != "" {
			fmt.Fprintf(&b, " (from %s)", sanitize.Line(res.Found))
		}
	}
	if err != nil {
		if b.Len() > len("hserr: ") {
			b.WriteString("; ")
		}
		b.WriteString(sanitize.Line(err.Error()))
	}
	return b.String()
}

// reexecHook runs the hook again with only fds 0-2: the JVM's descriptors
// are marked close-on-exec first (setting the flag is harmless to Go's own,
// which have it already). Whatever happens, exit 0 within the deadline.
func reexecHook(timeout time.Duration) error {
	if ents, err := os.ReadDir("/proc/self/fd"); err == nil {
		for _, e := range ents {
			if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
				syscall.CloseOnExec(fd)
			}
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout+time.Second)
	defer cancel()
	c := exec.CommandContext(ctx, "/proc/self/exe", os.Args[1:]...)
	c.Env = append(os.Environ(), hookChildEnv+"=1")
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := c.Run(); err != nil && ctx.Err() != nil {
		fmt.Fprintln(os.Stdout, "hserr: hook deadline passed; the log stays where the JVM wrote it")
	}
	return term.Exit(term.ExitOK, nil)
}
