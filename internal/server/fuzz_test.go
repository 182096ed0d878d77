package server

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/example"
)

// FuzzIngest: whatever a sender puts (body, encoding, path, metadata
// headers, check request), the server answers with one of its statuses and
// does not panic; the worker processes whatever was stored. Its seeds run
// with every go test; to fuzz, use FuzzBody (coverage instrumentation of
// the SQLite engine makes this one run a few inputs a minute).
func FuzzIngest(f *testing.F) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(example.Log)
	zw.Close()
	f.Add(example.Log, "", hashOf(example.Log), `{"property":1}`, []byte(`{"sha256":"`+hashOf(example.Log)+`","signature":"x"}`))
	f.Add(gz.Bytes(), "gzip", hashOf(example.Log), "", []byte(`{}`))
	f.Add([]byte("\x1f\x8b\x08\x00garbage"), "gzip", "zz", "{", []byte(`{"sha256": 5}`))
	f.Add([]byte("a\x00\xff\xfe"), "identity", hashOf([]byte("a\x00\xff\xfe")), `{"a":-1}`, []byte(`[`))
	st, err := Open(f.Context(), "sqlite:"+filepath.Join(f.TempDir(), "fuzz.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	s := New(st, Config{Limits: Limits{MaxRequest: 1 << 20, MaxBody: 1 << 20}, Logger: discard()})
	h := s.Handler()
	// 301/307: ServeMux sends unclean paths ("/v1/reports/../x") to the
	// clean one
	allowed := map[int]bool{200: true, 201: true, 301: true, 307: true, 400: true, 404: true, 405: true, 413: true}
	f.Fuzz(func(t *testing.T, body []byte, enc, sha, red string, check []byte) {
		req := httptest.NewRequest(http.MethodPut, "/v1/reports/x", bytes.NewReader(body))
		req.URL.Path = "/v1/reports/" + sha
		req.Header.Set("Content-Encoding", enc)
		req.Header.Set("X-Hserr-Redactions", red)
		req.Header.Set("X-Hserr-Host", enc+red)
		req.RemoteAddr, req.Host = "127.0.0.1:9", "127.0.0.1:8490"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if !allowed[rec.Code] {
			t.Fatalf("PUT answered %d: %s", rec.Code, rec.Body)
		}
		req = httptest.NewRequest(http.MethodPost, "/v1/reports/check", bytes.NewReader(check))
		req.RemoteAddr, req.Host = "127.0.0.1:9", "127.0.0.1:8490"
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 && rec.Code != 400 {
			t.Fatalf("check answered %d", rec.Code)
		}
		s.work.pass(t.Context())
	})
}

// FuzzBody fuzzes what the server does with a body before and after the
// database: reading it within the limits (gzip or not), the redaction
// re-scan, and the worker's processing (no panic escapes safely, and the
// decompressed size never passes the cap).
func FuzzBody(f *testing.F) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(example.Log)
	zw.Close()
	f.Add(example.Log, "")
	f.Add(gz.Bytes(), "gzip")
	f.Add([]byte("\x1f\x8b\x08\x00garbage"), "gzip")
	lim := Limits{MaxRequest: 64 << 10, MaxBody: 256 << 10}
	f.Fuzz(func(t *testing.T, body []byte, enc string) {
		req := httptest.NewRequest(http.MethodPut, "/v1/reports/x", bytes.NewReader(body))
		req.Header.Set("Content-Encoding", enc)
		b, err := readReport(httptest.NewRecorder(), req, lim)
		if err != nil {
			return
		}
		if int64(len(b)) > lim.MaxBody {
			t.Fatalf("%d bytes past the cap", len(b))
		}
		s := &Server{store: &Store{now: time.Now}}
		s.reportOf(req, hashOf(b), b)
		if _, err := safely(DefaultProcess, b); err != nil && strings.HasPrefix(err.Error(), "panic") {
			t.Fatalf("the worker would have failed the report: %v", err)
		}
	})
}
