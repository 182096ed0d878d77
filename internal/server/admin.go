package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
)

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
	s.lifecycleAnswer(w, r, s.store.SetStatus(r.Context(), r.PathValue("id"), req.Status, req.Version, req.Note))
}

// IssueRequest links a group to the issue it is tracked in; "" unlinks.
type IssueRequest struct {
	URL string `json:"url"`
}

func (s *Server) setIssue(w http.ResponseWriter, r *http.Request) {
	var req struct {
		URL *string `json:"url"` // required: a body without it is a mistake, not an unlink
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxCheckBody)).Decode(&req); err != nil || req.URL == nil {
		fail(w, http.StatusBadRequest, "want {\"url\": \"https://…\"} (\"\" unlinks)")
		return
	}
	s.lifecycleAnswer(w, r, s.store.SetIssue(r.Context(), r.PathValue("id"), *req.URL))
}

// lifecycleAnswer answers a lifecycle change: the group's history when
// err is nil.
func (s *Server) lifecycleAnswer(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, ErrNoGroup):
		fail(w, http.StatusNotFound, err.Error())
	case errors.Is(err, ErrBadStatus), errors.Is(err, ErrBadIssueURL):
		fail(w, http.StatusBadRequest, err.Error())
	case err != nil:
		s.cfg.Logger.Error("lifecycle", "group", r.PathValue("id"), "err", err)
		fail(w, http.StatusServiceUnavailable, "storage failed")
	default:
		h, _ := s.store.History(r.Context(), r.PathValue("id"))
		writeJSON(w, http.StatusOK, h)
	}
}

func (s *Server) reprocess(w http.ResponseWriter, r *http.Request) {
	n, newer, err := s.store.Reprocess(r.Context(), s.cfg.Generation)
	if err != nil {
		fail(w, http.StatusServiceUnavailable, "storage failed")
		return
	}
	s.work.poke()
	writeJSON(w, http.StatusAccepted, map[string]int{"queued": n, "newer": newer})
}

// Stats is what GET /v1/stats answers: reports by state and the work not
// yet done (all reports are somewhere in it: nothing is lost silently).
type Stats struct {
	Reports map[State]int `json:"reports"`
	Work    int           `json:"work"`
}

func (s *Server) stats(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.Count(r.Context())
	var n int
	if err == nil {
		n, err = s.store.WorkLeft(r.Context())
	}
	if err != nil {
		fail(w, http.StatusServiceUnavailable, "storage failed")
		return
	}
	writeJSON(w, http.StatusOK, Stats{Reports: c, Work: n})
}
