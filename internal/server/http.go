package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Config configures a server.
type Config struct {
	IngestTokens []string // accepted for PUT and check; none: loopback only
	ReadTokens   []string // accepted for groups and admin; none: loopback only
	Limits       Limits
	// Rate is the ingest requests per second per sender address, over
	// every server on the database (0: unlimited), with bursts of Burst.
	Rate  float64
	Burst int
	// SampleCap: once a group holds this many stored reports, a check that
	// names the group is answered "counted" and the body is not sent (a
	// crash storm then costs a row per crash, not a log).
	SampleCap int
	Process   Process // nil: DefaultProcess
	// Generation is the processing generation the worker's results are
	// stored with (0: BuildGeneration()); see generation.go.
	Generation int64
	// ManualReprocess keeps the server from re-queueing the reports an
	// older build processed, at start and every housekeepEvery; the
	// admin reprocess then is the only way to apply new rules to them.
	ManualReprocess bool
	Logger          *slog.Logger
	// Pages, when set, serves the web pages (internal/web) under "/",
	// behind the same read access as the groups API.
	Pages http.Handler
}

// Defaults for a Config's zero values.
const (
	DefaultRate      = 20.0
	DefaultBurst     = 100
	DefaultSampleCap = 20
	maxCheckBody     = 4 << 10
	maxMetaHeader    = 4 << 10
	// housekeepEvery is how often a server re-queues what an older build
	// processed (in a rolling upgrade the old server goes on processing
	// after the new one started) and prunes the shared rate limits.
	housekeepEvery = time.Minute
)

// Server is the ingest API over a Store.
type Server struct {
	store  *Store
	cfg    Config
	ingest tokens
	read   tokens
	limit  *rateLimit
	work   *worker
}

// New builds a server; Run starts its worker.
func New(st *Store, cfg Config) *Server {
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits
	}
	if cfg.SampleCap <= 0 {
		cfg.SampleCap = DefaultSampleCap
	}
	if cfg.Process == nil {
		cfg.Process = DefaultProcess
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Generation == 0 {
		cfg.Generation = BuildGeneration()
	}
	return &Server{
		store: st, cfg: cfg, ingest: cfg.IngestTokens, read: cfg.ReadTokens,
		limit: newRateLimit(st, cfg.Rate, cfg.Burst, cfg.Logger),
		work: &worker{store: st, process: cfg.Process, gen: cfg.Generation, wake: make(chan struct{}, 1),
			log: cfg.Logger},
	}
}

// Run processes pending reports until ctx ends, and keeps house meanwhile.
func (s *Server) Run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { s.work.run(ctx) })
	s.housekeep(ctx)
	wg.Wait()
}

// housekeep re-queues the reports an older build processed and prunes
// the shared rate limits: at once (an upgraded server applies its rules
// without waiting) and every housekeepEvery until ctx ends.
func (s *Server) housekeep(ctx context.Context) {
	t := time.NewTicker(housekeepEvery)
	defer t.Stop()
	for {
		s.requeueOlder(ctx)
		if err := s.store.pruneRates(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Logger.Error("pruning rate limits", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Wake tells the worker there is work now, for reports stored through the
// Store directly rather than the API (which wakes it itself).
func (s *Server) Wake() { s.work.poke() }

// Handler routes the API (version 1).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /v1/reports/{sha256}", s.guard(Ingest, true, s.putReport))
	mux.HandleFunc("POST /v1/reports/check", s.guard(Ingest, true, s.check))
	mux.HandleFunc("GET /v1/groups", s.guard(Read, false, s.groups))
	mux.HandleFunc("POST /v1/groups/{id}/status", s.guard(Read, false, s.setStatus))
	mux.HandleFunc("PUT /v1/groups/{id}/issue", s.guard(Read, false, s.setIssue))
	mux.HandleFunc("POST /v1/admin/reprocess", s.guard(Read, false, s.reprocess))
	mux.HandleFunc("GET /v1/stats", s.guard(Read, false, s.stats))
	mux.HandleFunc("GET /metrics", s.guard(Read, false, s.metricsHandler().ServeHTTP))
	mux.HandleFunc("GET /v1/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	if s.cfg.Pages != nil {
		// every method: the pages' own mux says which it takes (forms post)
		mux.Handle("/", s.guard(Read, false, s.cfg.Pages.ServeHTTP))
		mux.HandleFunc("GET /login", s.loginForm)
		mux.HandleFunc("POST /login", s.login)
		mux.HandleFunc("POST /logout", s.logout)
	}
	// Every state-changing request from a browser must come from this
	// origin: the session cookie is SameSite=Strict, but a sibling
	// subdomain or another port is the same site, and in loopback-only mode
	// any page a local browser visits could post. API clients send neither
	// Sec-Fetch-Site nor Origin and pass.
	return http.NewCrossOriginProtection().Handler(mux)
}

// guard checks the token (or loopback) and, for ingest, the sender's rate.
func (s *Server) guard(a Access, limited bool, h http.HandlerFunc) http.HandlerFunc {
	ts := s.ingest
	if a == Read {
		ts = s.read
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if !ts.allows(r, a == Read) {
			if a == Read && len(ts) > 0 && s.cfg.Pages != nil && wantsPage(r) {
				http.Redirect(w, r, "/login", http.StatusSeeOther)
				return
			}
			if len(ts) == 0 {
				fail(w, http.StatusForbidden, "no tokens configured: accepted from loopback only")
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="hserr"`)
			fail(w, http.StatusUnauthorized, s.tokenHint(r, a))
			return
		}
		if limited {
			if ok, wait := s.limit.allow(r.Context(), senderIP(r)); !ok {
				w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
				fail(w, http.StatusTooManyRequests, "rate limit: retry later")
				return
			}
		}
		h(w, r)
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

// fail answers with {"error": msg}.
func fail(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}

// Timeouts for the HTTP server: a slow sender cannot hold a connection.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 2 * time.Minute
	IdleTimeout       = 2 * time.Minute
)

// tokenHint says why a token was refused, naming the kind of token the
// call needs when the one sent is of the other kind (an ingest token sent
// to read groups is the usual mistake: HSERR_TOKEN serves both).
func (s *Server) tokenHint(r *http.Request, a Access) string {
	got, ok := bearer(r)
	switch {
	case ok && a == Read && s.ingest.match(got):
		return "this is an ingest token, which only sends reports: reading needs a read token (hserr serve --read-token)"
	case ok && a != Read && s.read.match(got):
		return "this is a read token: sending reports needs an ingest token (hserr serve --token)"
	}
	return "a valid token is needed (Authorization: Bearer …)"
}
