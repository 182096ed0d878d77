package server

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/hserr/hserr/internal/redact"
)

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
	if len(body) == 0 {
		// stored, an empty body would read as a count-only report
		fail(w, http.StatusBadRequest, "an empty report: a crash log has content")
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
