package deliver

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/hook"
	"github.com/hserr/hserr/internal/server"
	"github.com/hserr/hserr/internal/spool"
)

// liveServer runs `hserr serve`'s server on a loopback listener.
type liveServer struct {
	URL   string
	Store *server.Store
	stop  func()
}

func startOn(t *testing.T, addr, db string, cfg server.Config) *liveServer {
	t.Helper()
	st, err := server.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	s := server.New(st, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: server.ReadHeaderTimeout}
	done := make(chan struct{}, 2)
	go func() { s.Run(ctx); done <- struct{}{} }()
	go func() { hs.Serve(ln); done <- struct{}{} }()
	ls := &liveServer{URL: "http://" + ln.Addr().String(), Store: st}
	var stopped atomic.Bool
	ls.stop = func() {
		if stopped.Swap(true) {
			return
		}
		hs.Close()
		cancel()
		<-done
		<-done
		st.Close()
	}
	t.Cleanup(ls.stop)
	return ls
}

// freeAddr finds a loopback port nobody listens on (yet).
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	a := ln.Addr().String()
	ln.Close()
	return a
}

// spoolLog collects text as the hook does (redacted) into a spool.
func spoolLog(t *testing.T, dir, text string) spool.Record {
	t.Helper()
	p := filepath.Join(t.TempDir(), "hs_err_pid42.log")
	os.WriteFile(p, []byte(text), 0o644)
	rec, _, err := hook.Collect(p, 42, hook.Options{SpoolDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// TestServerDownThenUp: a report spooled while the server is down is
// delivered (and leaves the spool) once it comes up.
func TestServerDownThenUp(t *testing.T) {
	dir := t.TempDir()
	rec := spoolLog(t, dir, string(example.Log))
	addr := freeAddr(t)
	sp, _ := spool.Open(dir, spool.DefaultLimits)
	c := &Client{Server: "http://" + addr}
	if err := Drain(context.Background(), sp, c, nil); !Retryable(err) {
		t.Fatalf("server down: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	delivered := make(chan Event, 1)
	go Loop(ctx, sp, c, nil, time.Hour, &Backoff{Min: 50 * time.Millisecond, Max: 500 * time.Millisecond}, func(e Event) {
		if e.Err == nil {
			delivered <- e
		}
	})
	time.Sleep(300 * time.Millisecond) // a few failed tries
	ls := startOn(t, addr, "sqlite:"+filepath.Join(t.TempDir(), "s.db"), server.Config{})
	select {
	case e := <-delivered:
		if e.SHA256 != rec.SHA256 || e.Outcome != Sent {
			t.Errorf("%+v", e)
		}
	case <-ctx.Done():
		t.Fatal("not delivered after the server came up")
	}
	if list, _ := sp.List(); len(list) != 0 {
		t.Errorf("still spooled: %d", len(list))
	}
	if ok, _ := ls.Store.Has(context.Background(), rec.SHA256); !ok {
		t.Error("not stored")
	}
}

// TestPlantedSecretsNeverStored: a log with secrets of every category goes
// through the hook's spool and delivery; none reaches the server's tables.
func TestPlantedSecretsNeverStored(t *testing.T) {
	s := string(example.Log)
	secrets := map[string]string{
		"\njvm_args: ":               "\njvm_args: -Ddb.password=hunter2 -Dapi.token=tok-99 ",
		"\nEnvironment Variables:\n": "\nEnvironment Variables:\nAPI_TOKEN=tok-123456\nAWS=AKIAIOSFODNN7EXAMPLE\nURL=https://app:s3cr3tpw@db/x\nJWT=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N\n",
		"\nDynamic libraries:\n":     "\nDynamic libraries:\n7f0000000000-7f0000001000 r-xp 00000000 fd:01 1 /home/alice/lib/libx.so\n",
	}
	for at, with := range secrets {
		if !strings.Contains(s, at) {
			t.Fatalf("example log has no %q", at)
		}
		s = strings.Replace(s, at, with, 1)
	}
	s += "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAzz\n-----END RSA PRIVATE KEY-----\n"
	dir := t.TempDir()
	spoolLog(t, dir, s)
	ls := startOn(t, "127.0.0.1:0", "sqlite:"+filepath.Join(t.TempDir(), "s.db"), server.Config{})
	sp, _ := spool.Open(dir, spool.DefaultLimits)
	if err := Drain(context.Background(), sp, &Client{Server: ls.URL}, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := ls.Store.DB.Query(`SELECT sha256, COALESCE(body, ''), sender_host, redactions, state FROM reports`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		var sha, body, host, red, state string
		rows.Scan(&sha, &body, &host, &red, &state)
		if state == string(server.Quarantined) {
			t.Error("the redacted report was quarantined")
		}
		for _, secret := range []string{"hunter2", "tok-99", "tok-123456", "AKIAIOSFODNN7EXAMPLE", "s3cr3tpw", "eyJhbGciOiJIUzI1NiJ9", "/home/alice", "MIIEowIBAAKCAQEAzz"} {
			if strings.Contains(body+host+red, secret) {
				t.Errorf("%q reached the storage", secret)
			}
		}
		if !strings.Contains(red, "property") || !strings.Contains(red, "pem") {
			t.Errorf("redaction counts not stored: %s", red)
		}
	}
	if n != 1 {
		t.Errorf("%d reports stored", n)
	}
}

func TestBackoff(t *testing.T) {
	b := &Backoff{Min: time.Second, Max: 8 * time.Second}
	for i, hi := range []time.Duration{1, 2, 4, 8, 8, 8} {
		d := b.Next(0)
		if d < hi*time.Second/2 || d > hi*time.Second {
			t.Errorf("try %d: %s", i, d)
		}
	}
	if d := b.Next(7 * time.Second); d < 4*time.Second {
		t.Errorf("Retry-After ignored: %s", d)
	}
	if d := b.Next(time.Hour); d != 8*time.Second {
		t.Errorf("Retry-After not capped: %s", d)
	}
	b.Reset()
	if d := b.Next(0); d > time.Second {
		t.Errorf("after reset: %s", d)
	}
	if d := retryAfter("3", time.Now()); d != 3*time.Second {
		t.Errorf("Retry-After 3: %s", d)
	}
	if d := retryAfter(time.Now().Add(time.Minute).UTC().Format(http.TimeFormat), time.Now()); d < 58*time.Second {
		t.Errorf("Retry-After date: %s", d)
	}
}

// TestRateLimitedSenderRetries: a 429 is retryable and carries Retry-After.
func TestRateLimitedSenderRetries(t *testing.T) {
	ls := startOn(t, "127.0.0.1:0", "sqlite:"+filepath.Join(t.TempDir(), "s.db"), server.Config{Rate: 0.5, Burst: 1})
	c := &Client{Server: ls.URL}
	var last error
	for i := range 3 {
		body := []byte(strings.Repeat("x", i+1))
		if _, last = c.Put(context.Background(), HashOf(body), body, Meta{}); last != nil {
			break
		}
	}
	var e *Error
	if !errors.As(last, &e) || e.Status != http.StatusTooManyRequests || !e.Retry || e.RetryAfter <= 0 {
		t.Fatalf("%#v", last)
	}
}

// TestDrainSkipsForeignRecords: a record whose hash is not one the spool
// makes (edited by hand, or planted) is not sent, and nothing panics.
func TestDrainSkipsForeignRecords(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x.json"), []byte(`{"sha256":"../admin/reprocess","log_kept":true}`), 0o644)
	os.WriteFile(filepath.Join(dir, "y.json"), []byte(`{"sha256":"ab","log_kept":true}`), 0o644)
	sp, _ := spool.Open(dir, spool.DefaultLimits)
	var sent int
	err := Drain(context.Background(), sp, &Client{Server: "http://127.0.0.1:1"}, func(Event) { sent++ })
	if err != nil || sent != 0 {
		t.Errorf("%v, %d sent", err, sent)
	}
	if Short("ab") != "ab" {
		t.Error("Short")
	}
}
