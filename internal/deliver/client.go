// Package deliver sends crash reports to an hserr server (`hserr serve`):
// a check by hash and signature first, so that during a crash storm only
// hashes travel, then the gzipped log; and it drains the local spool with
// retry, exponential back-off with jitter, and Retry-After honoured.
package deliver

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hserr/hserr/internal/server"
)

// Client talks to one server.
type Client struct {
	Server string       // base URL, e.g. https://hserr.example:8443
	Token  string       // bearer token ("" on a loopback server without tokens)
	HTTP   *http.Client // nil: a client with RequestTimeout
}

// RequestTimeout bounds one request when the caller's context does not.
const RequestTimeout = 30 * time.Second

// maxAnswer bounds what is read of a server's answer (groups included).
const maxAnswer = 64 << 20

// Meta is what a sender says of a report besides its body.
type Meta struct {
	Host       string
	AppVersion string
	Redacted   map[string]int
	Signature  string // the group id, for the check
}

// Outcome is what became of a report.
type Outcome string

// The outcomes.
const (
	Sent    Outcome = "sent"    // stored now
	Had     Outcome = "had"     // the server had it already
	Counted Outcome = "counted" // its group had samples enough: counted only
)

// Error is a failed exchange; Retry says whether trying later may help.
type Error struct {
	Status     int           // HTTP status, 0 for a network error
	Retry      bool          // a network error, 401/403 (tokens can be fixed), 408, 429, 5xx
	RetryAfter time.Duration // the server's Retry-After, if any
	Err        error
}

func (e *Error) Error() string {
	if e.Status == 0 {
		return e.Err.Error()
	}
	return fmt.Sprintf("server answered %d: %v", e.Status, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Retryable reports whether err is worth another try later.
func Retryable(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Retry
}

// Send checks whether the server wants the report and puts it if so.
func (c *Client) Send(ctx context.Context, sha string, body []byte, m Meta) (Outcome, error) {
	action, err := c.Check(ctx, sha, m)
	if err != nil {
		return "", err
	}
	switch action {
	case server.ActionHave:
		return Had, nil
	case server.ActionCounted:
		return Counted, nil
	}
	return c.Put(ctx, sha, body, m)
}

// Check asks the server whether it wants the report.
func (c *Client) Check(ctx context.Context, sha string, m Meta) (string, error) {
	req, _ := json.Marshal(server.CheckRequest{SHA256: sha, Signature: m.Signature, Host: m.Host})
	var ans server.CheckResponse
	_, err := c.do(ctx, http.MethodPost, "/v1/reports/check", bytes.NewReader(req), m, "", &ans)
	return ans.Action, err
}

// Put sends the body, gzipped.
func (c *Client) Put(ctx context.Context, sha string, body []byte, m Meta) (Outcome, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(body)
	zw.Close()
	code, err := c.do(ctx, http.MethodPut, "/v1/reports/"+sha, &buf, m, "gzip", nil)
	if err != nil {
		return "", err
	}
	if code == http.StatusCreated {
		return Sent, nil
	}
	return Had, nil
}

// Groups lists the server's groups that q selects.
func (c *Client) Groups(ctx context.Context, q server.Query) ([]server.Group, error) {
	var gs []server.Group
	v := url.Values{}
	if q.Status != "" {
		v.Set("status", string(q.Status))
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	path := "/v1/groups"
	if len(v) > 0 {
		path += "?" + v.Encode()
	}
	_, err := c.do(ctx, http.MethodGet, path, nil, Meta{}, "", &gs)
	return gs, err
}

// SetStatus moves a group in its lifecycle and returns its history.
func (c *Client) SetStatus(ctx context.Context, id string, req server.StatusRequest) ([]server.Change, error) {
	b, _ := json.Marshal(req)
	var h []server.Change
	_, err := c.do(ctx, http.MethodPost, "/v1/groups/"+url.PathEscape(id)+"/status", bytes.NewReader(b), Meta{}, "", &h)
	return h, err
}

// LinkIssue links a group to the issue it is tracked in ("" unlinks) and
// returns its history.
func (c *Client) LinkIssue(ctx context.Context, id, issueURL string) ([]server.Change, error) {
	b, _ := json.Marshal(server.IssueRequest{URL: issueURL})
	var h []server.Change
	_, err := c.do(ctx, http.MethodPut, "/v1/groups/"+url.PathEscape(id)+"/issue", bytes.NewReader(b), Meta{}, "", &h)
	return h, err
}

// Reprocess asks the server to process every stored report again; it
// answers how many it queued, and how many it left because a newer hserr
// processed them.
func (c *Client) Reprocess(ctx context.Context) (queued, newer int, err error) {
	var ans struct {
		Queued int `json:"queued"`
		Newer  int `json:"newer"`
	}
	_, err = c.do(ctx, http.MethodPost, "/v1/admin/reprocess", nil, Meta{}, "", &ans)
	return ans.Queued, ans.Newer, err
}

// do runs one request and decodes a 2xx JSON answer into out.
func (c *Client) do(ctx context.Context, method, path string, body io.Reader, m Meta, enc string, out any) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.Server, "/")+path, body)
	if err != nil {
		return 0, &Error{Err: err}
	}
	c.headers(req, m, enc)
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: RequestTimeout}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, &Error{Retry: ctx.Err() == nil, Err: err}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return resp.StatusCode, &Error{Status: resp.StatusCode, Retry: true, Err: err}
	}
	if resp.StatusCode/100 != 2 {
		return resp.StatusCode, statusError(resp, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return resp.StatusCode, &Error{Status: resp.StatusCode, Err: fmt.Errorf("unreadable answer: %w", err)}
		}
	}
	return resp.StatusCode, nil
}

func (c *Client) headers(req *http.Request, m Meta, enc string) {
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	req.Header.Set("Content-Type", "application/json")
	if enc != "" {
		req.Header.Set("Content-Type", "text/plain; charset=utf-8")
		req.Header.Set("Content-Encoding", enc)
	}
	if m.Host != "" {
		req.Header.Set("X-Hserr-Host", m.Host)
	}
	if m.AppVersion != "" {
		req.Header.Set("X-Hserr-App-Version", m.AppVersion)
	}
	if len(m.Redacted) > 0 {
		b, _ := json.Marshal(m.Redacted)
		req.Header.Set("X-Hserr-Redactions", string(b))
	}
}

// statusError reads the server's {"error": …} and Retry-After.
func statusError(resp *http.Response, data []byte) *Error {
	var e struct {
		Error string `json:"error"`
	}
	msg := http.StatusText(resp.StatusCode)
	if json.Unmarshal(data, &e) == nil && e.Error != "" {
		msg = e.Error
	}
	code := resp.StatusCode
	out := &Error{Status: code, Err: errors.New(msg)}
	switch {
	case code >= 500, code == http.StatusTooManyRequests, code == http.StatusRequestTimeout,
		code == http.StatusUnauthorized, code == http.StatusForbidden:
		out.Retry = true
	}
	out.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
	return out
}

// retryAfter reads Retry-After in seconds or as an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// HashOf is the report key: the hex sha256 of the (redacted) log, as the
// spool names it.
func HashOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
