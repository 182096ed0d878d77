package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/corpus"
	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/sanitize"
	"github.com/hserr/hserr/internal/server"
)

// crafted is the markup a hostile or unlucky log puts where the pages show
// its text: a thread name, a command line, a library path.
const crafted = `<script>document.title='pwned'</script>`

// fixtureNow is "now" for the pages: the fixture's reports are received
// from 2026-11-01 to 2026-11-28.
var fixtureNow = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// craftedHost is a sender host name that a spreadsheet would run.
const craftedHost = `=HYPERLINK("http://evil.example","x")`

// fixture is a running server with pages over a database filled from the
// real corpus plus one crafted log, every report processed.
type fixture struct {
	URL     string
	Store   *server.Store
	Crafted string // the crafted report's sha256
	wake    func()
}

// newFixture stores the first n corpus logs (on three hosts) and the
// crafted log in the database at dbURL ("": an SQLite file), and waits for
// the worker to process them.
func newFixture(t *testing.T, n int, dbURL string) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if dbURL == "" {
		dbURL = "sqlite:" + filepath.Join(t.TempDir(), "pages.db")
	}
	st, err := server.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	pages := New(st, nil)
	pages.now = func() time.Time { return fixtureNow }
	srv := server.New(st, server.Config{Pages: pages.Handler()})
	go srv.Run(ctx)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)

	logs := corpus.Logs(t)
	if len(logs) > n {
		logs = logs[:n]
	}
	var bodies [][]byte
	for _, name := range logs {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, b)
	}
	evil := craftedLog("")
	bodies = append(bodies, []byte(evil))
	f := &fixture{URL: hs.URL, Store: st, wake: srv.Wake}
	for i, b := range bodies {
		sum := sha256.Sum256(b)
		sha := hex.EncodeToString(sum[:])
		host := fmt.Sprintf("web-%d", i%3)
		if i == len(bodies)-1 {
			host = craftedHost
		}
		r := server.Report{SHA256: sha, Body: b, Received: time.Date(2026, 11, 1+i%28, 8, i%60, 0, 0, time.UTC),
			Host: host, AppVersion: "2.3", State: server.Pending}
		if _, err := st.Ingest(ctx, r); err != nil {
			t.Fatal(err)
		}
		f.Crafted = sha
	}
	f.wake()
	for range 600 {
		c, err := st.Count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c[server.Processed]+c[server.Failed] == len(bodies) {
			return f
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the worker did not process the reports in 30 s")
	return nil
}

// groupOf is the group a stored report is in.
func (f *fixture) groupOf(t *testing.T, sha string) string {
	t.Helper()
	r, err := f.Store.Report(context.Background(), sha)
	if err != nil || r.GroupID == "" {
		t.Fatalf("report %s: %+v %v", sha, r, err)
	}
	return r.GroupID
}

// controls are what a log may carry to move a terminal's cursor, set its
// title or reorder text: no page may show them raw.
const controls = "\x1b[31m\x1b]0;owned\x07\u202e\u200b\x85"

// craftedLog is the example log with markup and control characters in its
// thread name, problematic frame, Host: line and command line (args first
// on the command line).
func craftedLog(args string) string {
	evil := strings.Replace(string(example.Log), `JavaThread "main"`, `JavaThread "`+crafted+controls+`"`, 1)
	evil = strings.Replace(evil, "init_header+0x4", "init_header"+controls+"+0x4", 1)
	evil = strings.Replace(evil, "Host: AMD EPYC", "Host: AMD"+controls+" EPYC", 1)
	return strings.Replace(evil, "Command Line: ", "Command Line: "+args+crafted+" "+controls+" ", 1)
}

// noControls fails when a page holds a control character other than
// newline and tab, or a bidi or zero-width mark.
func noControls(t *testing.T, name, page string) {
	t.Helper()
	for i, r := range page {
		if c := string(r); r != '\n' && r != '\t' && sanitize.Line(c) != c {
			t.Errorf("%s shows %q raw near %q", name, c, page[max(0, i-40):i])
			return
		}
	}
}
