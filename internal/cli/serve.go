package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/hserr/hserr/internal/server"
	"github.com/hserr/hserr/internal/statedir"
	"github.com/hserr/hserr/internal/term"
	"github.com/hserr/hserr/internal/web"
)

// serveOptions are serve's flags.
type serveOptions struct {
	listen, db          string
	tokens, readTokens  string
	tlsCert, tlsKey     string
	maxRequest, maxBody int64
	rate                float64
	burst, sampleCap    int
	manualReprocess     bool
}

// shutdownGrace is how long requests in flight get at SIGTERM.
const shutdownGrace = 10 * time.Second

func newServeCmd() *cobra.Command { return newServeCmdRunning(runServe) }

// newServeCmdRunning is serve with the function its options are run by
// (a test checks what the flags set).
func newServeCmdRunning(run func(*cobra.Command, serveOptions) error) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the fleet server: collect, explain and group the crashes of many JVMs",
		Long: `serve runs hserr's ingest API (docs/api.md). 'hserr hook', 'hserr watch'
and 'hserr send' deliver crash reports to it; each is stored once, by its
content hash, with a work item in the same transaction, before the server
answers; a background worker then parses, explains and signs it, and
'hserr groups' lists the groups. The same listener serves web pages at /:
the top crashes and each group with its verdict, evidence and remedy (read
access, like the groups API).

--db is sqlite:PATH (the default, in the state directory) or a
postgres:// URL ($HSERR_DB_URL): several servers may share one PostgreSQL.
Ingest tokens (--token, $HSERR_TOKEN, comma-separated) are write-only; read
tokens (--read-token, $HSERR_READ_TOKEN) give the groups and the admin
calls. Without tokens of a kind, that kind of request is accepted from
loopback only. --tls-cert and --tls-key serve HTTPS.

After an upgrade the server re-processes by itself the reports an older
build processed, so that new rules and columns reach them (docs/fleet.md,
Rolling upgrades); --manual-reprocess leaves that to 'hserr groups
reprocess'.`,
		Example: `  hserr serve --listen 127.0.0.1:8490
  HSERR_TOKEN=w-secret HSERR_READ_TOKEN=r-secret hserr serve --listen :8443 \
      --db postgres://hserr@db/hserr --tls-cert cert.pem --tls-key key.pem`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return run(cmd, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.listen, "listen", "127.0.0.1:8490", "address to listen on")
	f.StringVar(&o.db, "db", "", "sqlite:PATH or postgres://… (default $HSERR_DB_URL, else sqlite in the state directory)")
	f.StringVar(&o.tokens, "token", "", "accepted ingest tokens, comma-separated (default $HSERR_TOKEN)")
	f.StringVar(&o.readTokens, "read-token", "", "accepted read/admin tokens, comma-separated (default $HSERR_READ_TOKEN)")
	f.StringVar(&o.tlsCert, "tls-cert", "", "TLS certificate (PEM): serve HTTPS")
	f.StringVar(&o.tlsKey, "tls-key", "", "TLS private key (PEM)")
	f.Int64Var(&o.maxRequest, "max-request", server.DefaultLimits.MaxRequest, "largest request body in bytes (as sent, gzipped or not)")
	f.Int64Var(&o.maxBody, "max-body", server.DefaultLimits.MaxBody, "largest report in bytes once decompressed (gzip bombs stop here)")
	f.Float64Var(&o.rate, "rate", server.DefaultRate, "ingest requests per second per sender address (0: unlimited)")
	f.IntVar(&o.burst, "burst", server.DefaultBurst, "burst of the per-sender rate limit")
	f.IntVar(&o.sampleCap, "sample-cap", server.DefaultSampleCap, "stored reports per group before new crashes of it are only counted")
	f.BoolVar(&o.manualReprocess, "manual-reprocess", false,
		"do not re-process by itself the reports an older hserr build processed (at start and every minute); only 'hserr groups reprocess' does")
	return cmd
}

func runServe(cmd *cobra.Command, o serveOptions) error {
	if (o.tlsCert == "") != (o.tlsKey == "") {
		return term.Usage("--tls-cert and --tls-key go together")
	}
	db, err := serveDB(o.db)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := server.Open(ctx, db)
	if err != nil {
		return term.Exit(term.ExitUsage, err)
	}
	defer st.Close()
	logger := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
	cfg := o.config(logger)
	cfg.Pages = web.New(st, logger).Handler()
	s := server.New(st, cfg)
	if len(cfg.IngestTokens) == 0 {
		logger.Warn("no ingest tokens (--token, HSERR_TOKEN): reports are accepted from loopback only")
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return term.Exit(term.ExitUsage, err)
	}
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: server.ReadHeaderTimeout,
		ReadTimeout: server.ReadTimeout, IdleTimeout: server.IdleTimeout}
	worked := make(chan struct{})
	go func() { s.Run(ctx); close(worked) }()
	defer func() { stop(); <-worked }() // the worker ends before the database closes
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		hs.Shutdown(sctx)
	}()
	scheme := "http"
	if o.tlsCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(cmd.OutOrStdout(), "hserr serve: listening on %s://%s (%s)\n", scheme, ln.Addr(), st.Dialect)
	if o.tlsCert != "" {
		err = hs.ServeTLS(ln, o.tlsCert, o.tlsKey)
	} else {
		err = hs.Serve(ln)
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return term.Exit(term.ExitUsage, err)
}

// config is the server's configuration the options make (the pages are
// added by runServe: they need the store).
func (o serveOptions) config(logger *slog.Logger) server.Config {
	return server.Config{
		IngestTokens:    server.ParseTokens(envOr(o.tokens, "HSERR_TOKEN")),
		ReadTokens:      server.ParseTokens(envOr(o.readTokens, "HSERR_READ_TOKEN")),
		Limits:          server.Limits{MaxRequest: o.maxRequest, MaxBody: o.maxBody},
		Rate:            o.rate,
		Burst:           o.burst,
		SampleCap:       o.sampleCap,
		ManualReprocess: o.manualReprocess,
		Logger:          logger,
	}
}

// serveDB is --db, else $HSERR_DB_URL, else SQLite in the state directory.
func serveDB(flag string) (string, error) {
	if db := envOr(flag, "HSERR_DB_URL"); db != "" {
		return db, nil
	}
	p, err := statedir.Path("server.db")
	if err != nil {
		return "", term.Usage("no state directory (%v): give --db", err)
	}
	return "sqlite:" + p, nil
}

// envOr is the flag's value, else the environment variable's.
func envOr(flag, env string) string {
	if flag != "" {
		return flag
	}
	return os.Getenv(env)
}
