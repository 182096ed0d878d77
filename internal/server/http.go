package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/hserr/hserr/internal/redact"
)

// Config configures a server.
type Config struct {
	IngestTokens []string // accepted for PUT and check; none: loopback only
	ReadTokens   []string // accepted for groups and admin; none: loopback only
	Limits       Limits
	Rate         float64 // reports per second per sender address; 0: unlimited
	Burst        int
	// SampleCap: once a group holds this many stored reports, a check that
	// names the group is answered "counted" and the body is not sent (a
	// crash storm then costs a row per crash, not a log).
	SampleCap int
	Process   Process // nil: DefaultProcess
	Logger    *slog.Logger
}

// Defaults for a Config's zero values.
const (
	DefaultRate      = 20.0
	DefaultBurst     = 100
	DefaultSampleCap = 20
	maxCheckBody     = 4 << 10
	maxMetaHeader    = 4 << 10
)

// Server is the ingest API over a Store.
type Server struct {
	store  *Store
	cfg    Config
	ingest tokens
	read   tokens
	limit  *limiter
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
	return &Server{
		store: st, cfg: cfg, ingest: cfg.IngestTokens, read: cfg.ReadTokens,
		limit: newLimiter(cfg.Rate, cfg.Burst),
		work:  &worker{store: st, process: cfg.Process, wake: make(chan struct{}, 1), log: cfg.Logger},
	}
}

// Run processes pending reports until ctx ends.
func (s *Server) Run(ctx context.Context) { s.work.run(ctx) }

// Handler routes the API (version 1).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /v1/reports/{sha256}", s.guard(Ingest, true, s.putReport))
	mux.HandleFunc("POST /v1/reports/check", s.guard(Ingest, true, s.check))
	mux.HandleFunc("GET /v1/groups", s.guard(Read, false, s.groups))
	mux.HandleFunc("POST /v1/groups/{id}/status", s.guard(Read, false, s.setStatus))
	mux.HandleFunc("POST /v1/admin/reprocess", s.guard(Read, false, s.reprocess))
	mux.HandleFunc("GET /v1/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	return mux
}

// guard checks the token (or loopback) and, for ingest, the sender's rate.
func (s *Server) guard(a Access, limited bool, h http.HandlerFunc) http.HandlerFunc {
	ts := s.ingest
	if a == Read {
		ts = s.read
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if !ts.allows(r) {
			if len(ts) == 0 {
				fail(w, http.StatusForbidden, "no tokens configured: accepted from loopback only")
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="hserr"`)
			fail(w, http.StatusUnauthorized, "a valid token is needed (Authorization: Bearer …)")
			return
		}
		if limited {
			if ok, wait := s.limit.allow(senderIP(r)); !ok {
				w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
				fail(w, http.StatusTooManyRequests, "rate limit: retry later")
				return
			}
		}
		h(w, r)
	}
}

// PutResponse answers a PUT.
type PutResponse struct {
	SHA256  string `json:"sha256"`
	State   State  `json:"state"`
	Created bool   `json:"created"`
}

func (s *Server) putReport(w http.ResponseWriter, r *http.Request) {
	sha := r.PathValue("sha256")
	if !validSHA(sha) {
		fail(w, http.StatusBadRequest, "the path must name the body's sha256 in lower-case hex")
		return
	}
	body, err := readReport(w, r, s.cfg.Limits)
	if errors.Is(err, errTooLarge) {
		fail(w, http.StatusRequestEntityTooLarge, "report too large")
		return
	} else if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	if hashOf(body) != sha {
		fail(w, http.StatusBadRequest, "the body's sha256 is not the one in the path")
		return
	}
	rep := s.reportOf(r, sha, body)
	created, err := s.store.Ingest(r.Context(), rep)
	if err != nil {
		s.cfg.Logger.Error("ingest", "sha256", sha, "err", err)
		fail(w, http.StatusServiceUnavailable, "storage failed: retry")
		return
	}
	code := http.StatusOK
	if created {
		code = http.StatusCreated
		s.work.poke()
	} else if st, err := s.store.Report(r.Context(), sha); err == nil {
		rep.State = st.State
	}
	writeJSON(w, code, PutResponse{SHA256: sha, State: rep.State, Created: created})
}

// reportOf builds the stored report: the sender's metadata from headers,
// and the server's own redaction scan. A body in which redaction still
// finds something is quarantined, and what is stored is the server's
// redacted text: secrets a misconfigured sender leaked do not reach the
// storage either way (the key stays the hash the sender sent).
func (s *Server) reportOf(r *http.Request, sha string, body []byte) Report {
	rep := Report{SHA256: sha, Body: body, Received: s.store.now().UTC(), State: Pending,
		Host: r.Header.Get("X-Hserr-Host"), Addr: senderIP(r), AppVersion: r.Header.Get("X-Hserr-App-Version")}
	if rep.Host == "" {
		rep.Host = rep.Addr
	}
	if h := r.Header.Get("X-Hserr-Redactions"); h != "" && len(h) <= maxMetaHeader {
		var m map[string]int
		if json.Unmarshal([]byte(h), &m) == nil {
			rep.Redactions = m
		}
	}
	if text, counts := redact.Text(string(body), redact.Default); counts.Total() > 0 {
		rep.State, rep.Body = Quarantined, []byte(text)
	}
	return rep
}

// CheckRequest asks whether the server wants a report.
type CheckRequest struct {
	SHA256    string `json:"sha256"`
	Signature string `json:"signature,omitempty"` // the group id the sender computed
	Host      string `json:"host,omitempty"`
}

// The answers to a check.
const (
	ActionHave    = "have"    // stored already: send nothing
	ActionCounted = "counted" // its group has samples enough: counted, send nothing
	ActionSend    = "send"    // PUT the body
)

// CheckResponse is the answer.
type CheckResponse struct {
	Action string `json:"action"`
}

func (s *Server) check(w http.ResponseWriter, r *http.Request) {
	var req CheckRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxCheckBody)).Decode(&req); err != nil || !validSHA(req.SHA256) {
		fail(w, http.StatusBadRequest, "want {\"sha256\": hex, \"signature\": group id}")
		return
	}
	have, err := s.store.Has(r.Context(), req.SHA256)
	if err != nil {
		fail(w, http.StatusServiceUnavailable, "storage failed: retry")
		return
	}
	if have {
		writeJSON(w, http.StatusOK, CheckResponse{ActionHave})
		return
	}
	if req.Signature != "" && len(req.Signature) <= maxText {
		if n, err := s.store.GroupSamples(r.Context(), req.Signature); err == nil && n >= s.cfg.SampleCap {
			rep := Report{SHA256: req.SHA256, Received: s.store.now().UTC(), Host: req.Host, Addr: senderIP(r),
				AppVersion: r.Header.Get("X-Hserr-App-Version"), State: Counted, GroupID: req.Signature}
			if rep.Host == "" {
				rep.Host = rep.Addr
			}
			if _, err := s.store.Ingest(r.Context(), rep); err == nil {
				writeJSON(w, http.StatusOK, CheckResponse{ActionCounted})
				return
			}
		}
	}
	writeJSON(w, http.StatusOK, CheckResponse{ActionSend})
}

func (s *Server) groups(w http.ResponseWriter, r *http.Request) {
	q := Query{Status: Status(r.URL.Query().Get("status"))}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			fail(w, http.StatusBadRequest, "limit must be a positive number")
			return
		}
		q.Limit = n
	}
	gs, err := s.store.QueryGroups(r.Context(), q)
	if err != nil {
		s.cfg.Logger.Error("groups", "err", err)
		fail(w, http.StatusServiceUnavailable, "storage failed")
		return
	}
	writeJSON(w, http.StatusOK, gs)
}

// StatusRequest moves a group in its lifecycle.
type StatusRequest struct {
	Status  Status `json:"status"`
	Version string `json:"version,omitempty"`
	Note    string `json:"note,omitempty"`
}

func (s *Server) setStatus(w http.ResponseWriter, r *http.Request) {
	var req StatusRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxCheckBody)).Decode(&req); err != nil {
		fail(w, http.StatusBadRequest, "want {\"status\": …, \"version\": …}")
		return
	}
	err := s.store.SetStatus(r.Context(), r.PathValue("id"), req.Status, req.Version, req.Note)
	switch {
	case errors.Is(err, ErrNoGroup):
		fail(w, http.StatusNotFound, err.Error())
	case err != nil:
		fail(w, http.StatusBadRequest, err.Error())
	default:
		h, _ := s.store.History(r.Context(), r.PathValue("id"))
		writeJSON(w, http.StatusOK, h)
	}
}

func (s *Server) reprocess(w http.ResponseWriter, r *http.Request) {
	n, err := s.store.Reprocess(r.Context())
	if err != nil {
		fail(w, http.StatusServiceUnavailable, "storage failed")
		return
	}
	s.work.poke()
	writeJSON(w, http.StatusAccepted, map[string]int{"queued": n})
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
