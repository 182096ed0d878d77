package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/redact"
)

// startServer runs a server (and its worker) over st on loopback.
func startServer(t *testing.T, st *Store, cfg Config) (*Server, *httptest.Server) {
	t.Helper()
	cfg.Logger = discard()
	s := New(st, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); cancel(); <-done })
	return s, ts
}

func put(t *testing.T, base, sha string, body []byte, hdr map[string]string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, base+"/v1/reports/"+sha, bytes.NewReader(body))
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// waitProcessed waits until no work is left.
func waitProcessed(t *testing.T, st *Store) {
	t.Helper()
	for i := 0; i < 500; i++ {
		if n, err := st.WorkLeft(context.Background()); err == nil && n == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the worker did not finish")
}

// TestIdempotentConcurrent sends one report 100 times at once (on
// PostgreSQL to two servers sharing the database): one 201, 99 200s, one
// row, one work item done, a group count of one.
func TestIdempotentConcurrent(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		st := openStore(t, b)
		_, ts1 := startServer(t, st, Config{})
		bases := []string{ts1.URL}
		if b.Name == "postgres" {
			_, ts2 := startServer(t, openStore(t, b), Config{})
			bases = append(bases, ts2.URL)
		}
		body := []byte(string(example.Log) + "\nunique " + b.Name + "\n")
		sha := hashOf(body)
		var mu sync.Mutex
		codes := map[int]int{}
		var wg sync.WaitGroup
		for i := range 100 {
			wg.Go(func() {
				resp := put(t, bases[i%len(bases)], sha, body, nil)
				mu.Lock()
				codes[resp.StatusCode]++
				mu.Unlock()
			})
		}
		wg.Wait()
		if codes[http.StatusCreated] != 1 || codes[http.StatusOK] != 99 {
			t.Fatalf("status codes %v", codes)
		}
		waitProcessed(t, st)
		resp, err := http.Get(bases[0] + "/v1/stats")
		if err != nil {
			t.Fatal(err)
		}
		var stats Stats
		json.NewDecoder(resp.Body).Decode(&stats)
		resp.Body.Close()
		if stats.Reports[Processed] != 1 || stats.Work != 0 {
			t.Errorf("stats %+v", stats)
		}
		c, _ := st.Count(context.Background())
		gs, _ := st.Groups(context.Background())
		if c[Processed] != 1 || len(c) != 1 || len(gs) != 1 || gs[0].Count != 1 {
			t.Errorf("states %v, groups %+v", c, gs)
		}
	})
}

func TestPutRefusals(t *testing.T) {
	st := openStore(t, backends(t)[0])
	_, ts := startServer(t, st, Config{Limits: Limits{MaxRequest: 1 << 20, MaxBody: 4 << 20}})
	body := example.Log
	sha := hashOf(body)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(body)
	zw.Close()
	if r := put(t, ts.URL, sha, gz.Bytes(), map[string]string{"Content-Encoding": "gzip"}); r.StatusCode != http.StatusCreated {
		t.Errorf("gzip body: %d", r.StatusCode)
	}
	// a gzip bomb: 64 MiB of zeros in about 64 KiB on the wire
	bomb := bytes.Repeat([]byte{0}, 64<<20)
	gz.Reset()
	zw = gzip.NewWriter(&gz)
	zw.Write(bomb)
	zw.Close()
	if r := put(t, ts.URL, hashOf(bomb), gz.Bytes(), map[string]string{"Content-Encoding": "gzip"}); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("gzip bomb (%d bytes on the wire): %d", gz.Len(), r.StatusCode)
	}
	big := bytes.Repeat([]byte("x"), 2<<20)
	if r := put(t, ts.URL, hashOf(big), big, nil); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversize: %d", r.StatusCode)
	}
	if r := put(t, ts.URL, strings.Repeat("0", 64), body, nil); r.StatusCode != http.StatusBadRequest {
		t.Errorf("wrong hash: %d", r.StatusCode)
	}
	if r := put(t, ts.URL, "../../etc", body, nil); r.StatusCode != http.StatusBadRequest && r.StatusCode != http.StatusNotFound {
		t.Errorf("bad hash: %d", r.StatusCode)
	}
	if r := put(t, ts.URL, sha, body, map[string]string{"Content-Encoding": "br"}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown encoding: %d", r.StatusCode)
	}
	if c, _ := st.Count(context.Background()); c[Pending]+c[Processed] != 1 || len(c) != 1 {
		t.Errorf("stored %v", c)
	}
}

// TestQuarantine: a body sent unredacted is stored quarantined, and what
// is stored is the server's redaction of it.
func TestQuarantine(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		st := openStore(t, b)
		_, ts := startServer(t, st, Config{})
		raw := []byte(plantedLog(t))
		sha := hashOf(raw)
		if r := put(t, ts.URL, sha, raw, nil); r.StatusCode != http.StatusCreated {
			t.Fatalf("%d", r.StatusCode)
		}
		got, err := st.Report(context.Background(), sha)
		if err != nil || got.State != Quarantined {
			t.Fatalf("%s %v", got.State, err)
		}
		assertNoSecrets(t, st)
		// the redacted text is accepted as it is
		clean, _ := redact.Text(string(raw), redact.Default)
		put(t, ts.URL, hashOf([]byte(clean)), []byte(clean), nil)
		if got, _ := st.Report(context.Background(), hashOf([]byte(clean))); got.State == Quarantined {
			t.Error("a redacted body was quarantined")
		}
	})
}

// assertNoSecrets reads every stored text and blob.
func assertNoSecrets(t *testing.T, st *Store) {
	t.Helper()
	rows, err := st.DB.Query(`SELECT sha256, COALESCE(body, ''), sender_host, redactions, class, cause, error FROM reports`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var cols [7][]byte
		rows.Scan(&cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6])
		all := bytes.Join(cols[:], nil)
		for _, s := range planted {
			if bytes.Contains(all, []byte(s)) {
				t.Errorf("%q reached the storage", s)
			}
		}
	}
}

func TestTokensAndLoopback(t *testing.T) {
	st := openStore(t, backends(t)[0])
	s := New(st, Config{IngestTokens: []string{"w1", "w2"}, ReadTokens: []string{"r1"}, Logger: discard()})
	h := s.Handler()
	body := example.Log
	do := func(method, path, token, remote string) int {
		var rd *bytes.Reader
		if method == http.MethodPut {
			rd = bytes.NewReader(body)
		} else {
			rd = bytes.NewReader([]byte(`{"sha256":"` + hashOf(body) + `"}`))
		}
		req := httptest.NewRequest(method, path, rd)
		req.RemoteAddr = remote
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	putPath := "/v1/reports/" + hashOf(body)
	cases := []struct {
		method, path, token, remote string
		want                        int
	}{
		{"PUT", putPath, "", "127.0.0.1:5", 401},  // tokens configured: loopback is not enough
		{"PUT", putPath, "r1", "10.0.0.1:5", 401}, // a read token cannot write
		{"PUT", putPath, "w2", "10.0.0.1:5", 201},
		{"POST", "/v1/reports/check", "w1", "10.0.0.1:5", 200},
		{"GET", "/v1/groups", "w1", "10.0.0.1:5", 401}, // write-only
		{"GET", "/v1/groups", "r1", "10.0.0.1:5", 200},
		{"POST", "/v1/admin/reprocess", "w1", "10.0.0.1:5", 401},
		{"PUT", "/v1/groups/g/issue", "w1", "10.0.0.1:5", 401}, // a lifecycle change: read (admin) tokens only
		{"PUT", "/v1/groups/g/issue", "", "127.0.0.1:5", 401},
		{"GET", "/v1/stats", "w1", "10.0.0.1:5", 401},
		{"GET", "/v1/stats", "r1", "10.0.0.1:5", 200},
		{"GET", "/metrics", "w1", "10.0.0.1:5", 401},
		{"GET", "/metrics", "r1", "10.0.0.1:5", 200},
	}
	for _, c := range cases {
		if got := do(c.method, c.path, c.token, c.remote); got != c.want {
			t.Errorf("%s %s token %q from %s: %d, want %d", c.method, c.path, c.token, c.remote, got, c.want)
		}
	}
	// a token of the other kind is named as such
	for tok, want := range map[string]string{"w1": "reading needs a read token", "nope": "a valid token is needed"} {
		req := httptest.NewRequest("GET", "/v1/groups", nil)
		req.RemoteAddr = "10.0.0.1:5"
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("token %q: %s, want %q", tok, rec.Body, want)
		}
	}
	for q, want := range map[string]int{"?limit=abc": 400, "?limit=-1": 400, "?limit=5&status=new": 200} {
		req := httptest.NewRequest("GET", "/v1/groups"+q, nil)
		req.Header.Set("Authorization", "Bearer r1")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("groups%s: %d, want %d", q, rec.Code, want)
		}
	}
	open := New(st, Config{Logger: discard()}).Handler()
	// loopback by address and by name: a rebound DNS name is refused
	for remote, want := range map[string]int{"10.0.0.1:5": 403, "[::1]:5": 200, "127.0.0.1:9": 200, "127.0.0.1:7": 403} {
		req := httptest.NewRequest("GET", "/v1/groups", nil)
		req.RemoteAddr, req.Host = remote, "localhost:8490"
		if remote == "127.0.0.1:7" {
			req.Host = "attacker.example:8490"
		}
		rec := httptest.NewRecorder()
		open.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("no tokens, from %s: %d, want %d", remote, rec.Code, want)
		}
	}
}

func TestRateLimit(t *testing.T) {
	st := openStore(t, backends(t)[0])
	_, ts := startServer(t, st, Config{Rate: 1, Burst: 3})
	var limited *http.Response
	for i := range 5 {
		b := []byte(fmt.Sprintf("log %d\n", i))
		if r := put(t, ts.URL, hashOf(b), b, nil); r.StatusCode == http.StatusTooManyRequests {
			limited = r
			break
		}
	}
	if limited == nil || limited.Header.Get("Retry-After") == "" {
		t.Fatalf("no 429 with Retry-After: %v", limited)
	}
}

func TestCheckAndCount(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		st := openStore(t, b)
		_, ts := startServer(t, st, Config{SampleCap: 2})
		check := func(sha, sig string) string {
			req, _ := json.Marshal(CheckRequest{SHA256: sha, Signature: sig, Host: "h9"})
			resp, err := http.Post(ts.URL+"/v1/reports/check", "application/json", bytes.NewReader(req))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var cr CheckResponse
			json.NewDecoder(resp.Body).Decode(&cr)
			return cr.Action
		}
		var group string
		for i := range 2 {
			body := []byte(string(example.Log) + fmt.Sprintf("\n%d\n", i))
			if a := check(hashOf(body), ""); a != ActionSend {
				t.Fatalf("new report: %s", a)
			}
			put(t, ts.URL, hashOf(body), body, nil)
			if a := check(hashOf(body), ""); a != ActionHave {
				t.Fatalf("stored report: %s", a)
			}
			waitProcessed(t, st)
			r, _ := st.Report(context.Background(), hashOf(body))
			group = r.GroupID
		}
		storm := strings.Repeat("a", 64)
		for range 3 { // counted once however often it is asked
			if a := check(storm, group); a != ActionCounted && a != ActionHave {
				t.Fatalf("storm: %s", a)
			}
		}
		gs, _ := st.Groups(context.Background())
		if len(gs) != 1 || gs[0].Count != 3 || len(gs[0].Hosts) != 2 {
			t.Errorf("%+v", gs)
		}
	})
}

// TestNotACrashIsNoCrash: a sender may send anything. A script, a README
// or an ELF file is stored but rejected by the worker (failed, with the
// reason), so it joins no group and counts in none; an empty body is
// refused, as it would read as a count-only report.
func TestNotACrashIsNoCrash(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		st := openStore(t, b)
		s, ts := startServer(t, st, Config{})
		for _, body := range [][]byte{
			[]byte("public class Sleep {\n  public static void main(String[] a) throws Exception { Thread.sleep(1000); }\n}\n"),
			[]byte("# hserr\n\nA README with a heading.\n"),
			append([]byte("\x7fELF\x02\x01\x01"), make([]byte, 600)...),
		} {
			sha := hashOf(body)
			if r := put(t, ts.URL, sha, body, nil); r.StatusCode != http.StatusCreated {
				t.Fatalf("%d", r.StatusCode)
			}
		}
		if r := put(t, ts.URL, hashOf(nil), nil, nil); r.StatusCode != http.StatusBadRequest {
			t.Errorf("an empty body: %d, want 400", r.StatusCode)
		}
		s.Wake()
		ctx := context.Background()
		for range 200 {
			if n, _ := st.WorkLeft(ctx); n == 0 {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		c, _ := st.Count(ctx)
		gs, _ := st.QueryGroups(ctx, Query{})
		if c[Failed] != 3 || len(gs) != 0 {
			t.Fatalf("states %v, %d groups: want 3 failed and no group", c, len(gs))
		}
	})
}
