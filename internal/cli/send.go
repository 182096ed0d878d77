package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/deliver"
	"github.com/hserr/hserr/internal/input"
	"github.com/hserr/hserr/internal/parse"
	"github.com/hserr/hserr/internal/redact"
	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/term"
)

// clientFlags are the flags every client of a server takes.
type clientFlags struct{ server, token string }

func (c *clientFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&c.server, "server", "", "hserr server URL (default $HSERR_SERVER)")
	cmd.Flags().StringVar(&c.token, "token", "", "token for the server (default $HSERR_TOKEN)")
}

// client is the configured client, nil when no server is named.
func (c *clientFlags) client() *deliver.Client {
	url := envOr(c.server, "HSERR_SERVER")
	if url == "" {
		return nil
	}
	return &deliver.Client{Server: url, Token: envOr(c.token, "HSERR_TOKEN")}
}

// sendTries bounds send's attempts at one log (with back-off between).
const sendTries = 5

func newSendCmd() *cobra.Command {
	var cf clientFlags
	var noRedact bool
	var appVersion string
	cmd := &cobra.Command{
		Use:   "send FILE...",
		Short: "Send existing crash logs to an hserr server (back-filling)",
		Long: `send delivers hs_err logs that were written before collection was set up:
each is redacted (as 'hserr redact' does, unless --no-redact), the server is
asked whether it has it already (by content hash and group signature), and
it is sent gzipped only if the server wants it. Busy or unreachable servers
are retried with back-off (Retry-After honoured). FILE may be a directory
(its hs_err* files, at any depth), an archive or - for standard input. One line per log;
exit 1 when any log could not be delivered.`,
		Example: `  hserr send --server https://hserr.example:8443 /var/log/app/hs_err_pid*.log
  HSERR_SERVER=http://127.0.0.1:8490 hserr send old-crashes.tar.gz`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c := cf.client()
			if c == nil {
				return term.Usage("no server: give --server URL or set HSERR_SERVER")
			}
			names, err := expandArgs(args, cmd.InOrStdin())
			if err != nil {
				return err
			}
			names, failed := expandDirs(names, cmd.ErrOrStderr())
			host, _ := os.Hostname()
			report := func(n, why string) {
				failed++
				fmt.Fprintf(cmd.ErrOrStderr(), "hserr: %s: %s\n", sanitize.Line(n), sanitize.Line(why))
			}
			for _, name := range names {
				err := forEachLog(name, cmd.InOrStdin(), cmd.ErrOrStderr(), func(n string, r io.Reader) error {
					b, err := io.ReadAll(input.Capped(r, input.DefaultLimits.MaxLogBytes))
					if err != nil {
						return err
					}
					if why := parse.ParseBytes(b).Parse.NotACrash(); why != "" {
						return errors.New(why + ": not sent")
					}
					line, err := sendOne(cmd.Context(), c, string(b), deliver.Meta{Host: host, AppVersion: appVersion}, noRedact)
					if err != nil {
						return err
					}
					fmt.Fprintf(cmd.OutOrStdout(), "hserr: %s: %s\n", sanitize.Line(n), line)
					return nil
				}, report)
				if err != nil {
					report(name, err.Error())
				}
			}
			if failed > 0 {
				return term.Exit(term.ExitPartial, nil)
			}
			return nil
		},
	}
	cf.register(cmd)
	cmd.Flags().BoolVar(&noRedact, "no-redact", false, "send logs as they are (the server quarantines what still holds secrets)")
	cmd.Flags().StringVar(&appVersion, "app-version", "", "the application's version, stored with the reports")
	return cmd
}

// expandDirs replaces each directory by the hs_err files under it
// (hs_err*, compressed ones included), in name order, and counts the
// directories that hold none (said on stderr: a failure, not silence).
func expandDirs(names []string, stderr io.Writer) (out []string, empty int) {
	for _, n := range names {
		if st, err := os.Stat(n); err != nil || !st.IsDir() {
			out = append(out, n)
			continue
		}
		found := len(out)
		err := filepath.WalkDir(n, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() && strings.HasPrefix(d.Name(), "hs_err") {
				out = append(out, p)
			}
			return nil // an unreadable subdirectory does not stop the others
		})
		if err != nil {
			fmt.Fprintf(stderr, "hserr: %s: %s\n", sanitize.Line(n), sanitize.Line(err.Error()))
		}
		if len(out) == found {
			fmt.Fprintf(stderr, "hserr: %s: no hs_err* file in this directory (name the logs, or give an archive)\n", sanitize.Line(n))
			empty++
		}
	}
	return out, empty
}

// sendOne redacts and delivers one log, retrying what may succeed later.
func sendOne(ctx context.Context, c *deliver.Client, text string, m deliver.Meta, noRedact bool) (string, error) {
	if !noRedact {
		var counts redact.Counts
		text, counts = redact.Text(text, redact.Default)
		m.Redacted = map[string]int{}
		for k, v := range counts {
			m.Redacted[string(k)] = v
		}
	}
	sha := deliver.HashOf([]byte(text))
	m.Signature = deliver.SignatureOf(text)
	b := deliver.DefaultBackoff()
	b.Max = 30 * time.Second
	var err error
	for try := 1; ; try++ {
		var out deliver.Outcome
		out, err = c.Send(ctx, sha, []byte(text), m)
		if err == nil {
			return fmt.Sprintf("%s (%s)", out, sha[:12]), nil
		}
		var de *deliver.Error
		var after time.Duration
		if errors.As(err, &de) {
			after = de.RetryAfter
		}
		// a refused token will not be accepted a second later (the spool's
		// delivery loop keeps trying: a server's tokens may be fixed)
		refused := de != nil && (de.Status == http.StatusUnauthorized || de.Status == http.StatusForbidden)
		if !deliver.Retryable(err) || refused || try == sendTries {
			return "", err
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(b.Next(after)):
		}
	}
}
