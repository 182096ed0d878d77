package server

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/buildinfo"
	"github.com/hserr/hserr/internal/example"
)

func TestGenerationOf(t *testing.T) {
	for _, c := range []struct {
		in   buildinfo.Info
		want int64
	}{
		{buildinfo.Info{Version: "devel", Time: "2026-12-04T22:00:00Z"}, 1796421600},
		{buildinfo.Info{Version: "devel", Time: "2026-12-04T22:00:00Z", Modified: true}, 1796421600}, // a dirty tree: its commit's
		{buildinfo.Info{Version: "v0.0.0-20261204220000-3199f29e1a2b"}, 1796421600},
		{buildinfo.Info{Version: "v1.2.4-0.20261204220000-3199f29e1a2b+dirty"}, 1796421600},
		{buildinfo.Info{Version: "v1.3.0-rc.1.0.20261204220000-3199f29e1a2b"}, 1796421600},
		{buildinfo.Info{Version: "v1.2.3"}, 0}, // a tagged release: no time
		{buildinfo.Info{Version: "devel"}, 0},  // no VCS information
	} {
		if got := generationOf(c.in); got != c.want {
			t.Errorf("%+v: %d, want %d", c.in, got, c.want)
		}
	}
}

// TestGenerations: an older and a newer build (processing generations 1
// and 2) on one database, as in a rolling upgrade. The newer re-queues
// what the older processed when it starts, once; the older never takes
// or overwrites what the newer processed: not by its own re-queue, its
// worker, a late result, nor an admin reprocess asked of it.
func TestGenerations(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		stOld, stNew := openStore(t, b), openStore(t, b)
		var ranOld, ranNew atomic.Int32
		var logs syncBuffer
		logger := slog.New(slog.NewTextHandler(&logs, nil))
		old := New(stOld, Config{Generation: 1, Process: counting(&ranOld), Logger: discard()})
		nu := New(stNew, Config{Generation: 2, Process: counting(&ranNew), Logger: logger})
		drain := func(s *Server) {
			for s.work.pass(ctx) > 0 {
			}
		}
		const n = 5
		shas := make([]string, n)
		for i := range shas {
			shas[i] = ingestLog(t, stOld, fmt.Sprintf("report %d", i))
		}
		drain(old)
		if g := generations(t, stOld); g[1] != n || ranOld.Load() != n {
			t.Fatalf("the older build processed %d times: %v", ranOld.Load(), g)
		}

		// the newer server starts: everything is processed again, by it
		runFor(t, nu, func() bool { return generations(t, stNew)[2] == n })
		if ranNew.Load() != n || ranOld.Load() != n {
			t.Errorf("processed by the newer %d times, by the older %d", ranNew.Load(), ranOld.Load())
		}
		if !strings.Contains(logs.String(), "re-queued reports an older build processed") || !strings.Contains(logs.String(), "reports=5") {
			t.Errorf("log: %s", logs.String())
		}
		// once
		if q, err := stNew.RequeueOlder(ctx, 2); q != 0 || err != nil {
			t.Errorf("the newer re-queued %d again (%v)", q, err)
		}
		// the older leaves the newer's work alone
		if q, err := stOld.RequeueOlder(ctx, 1); q != 0 || err != nil {
			t.Errorf("the older re-queued %d (%v)", q, err)
		}
		// an admin reprocess asked of the older leaves the newer's reports
		// as they are (processed, not pending: after a rollback no server
		// could take them) and says so; asked of the newer, it queues them
		reprocess := func(s *Server, want string) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodPost, "/v1/admin/reprocess", nil)
			req.RemoteAddr, req.Host = "127.0.0.1:5", "localhost"
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != http.StatusAccepted || !strings.Contains(rec.Body.String(), want) {
				t.Fatalf("reprocess: %d %s, want %s", rec.Code, rec.Body, want)
			}
		}
		reprocess(old, `"newer":5,"queued":0`)
		if c, _ := stNew.Count(ctx); c[Processed] != n || c[Pending] != 0 {
			t.Errorf("after the older's reprocess: %v", c)
		}
		drain(old)
		if ranOld.Load() != n {
			t.Errorf("the older took the newer's work: %d runs", ranOld.Load())
		}
		reprocess(nu, `"newer":0,"queued":5`)
		drain(nu)
		if g := generations(t, stNew); g[2] != n || ranNew.Load() != 2*n {
			t.Errorf("after the reprocess: %v, %d runs", g, ranNew.Load())
		}

		// a report the older processes after the newer started is caught
		// by the newer's next round
		late := ingestLog(t, stOld, "late")
		drain(old)
		if q, _ := stNew.RequeueOlder(ctx, 2); q != 1 {
			t.Errorf("late report: %d re-queued", q)
		}
		drain(nu)
		if g := generations(t, stNew); g[2] != n+1 {
			t.Errorf("late report: %v", g)
		}

		// a late result of the older (its claim had expired and the newer
		// processed the report) changes nothing
		before, _ := stNew.Report(ctx, late)
		if err := stOld.Finish(ctx, late, Result{GroupID: "stale", Class: "stale"}, 1); err != nil {
			t.Fatal(err)
		}
		if err := stOld.Fail(ctx, shas[0], "stale", 1); err != nil {
			t.Fatal(err)
		}
		after, _ := stNew.Report(ctx, late)
		failed, _ := stNew.Report(ctx, shas[0])
		if after.GroupID != before.GroupID || after.Class != before.Class || failed.State != Processed {
			t.Errorf("a stale result was stored: group %q class %q, state %s", after.GroupID, after.Class, failed.State)
		}
		if gs, _ := stNew.QueryGroups(ctx, Query{ID: "stale"}); len(gs) != 0 {
			t.Errorf("a stale group: %+v", gs)
		}
		if left, _ := stNew.WorkLeft(ctx); left != 0 {
			t.Errorf("work left: %d", left)
		}
	})
}

// TestManualReprocess: with the option off, a newer server leaves what an
// older build processed as it is; a build of unknown generation (0)
// re-queues nothing.
func TestManualReprocess(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		st := openStore(t, b)
		ingestLog(t, st, "one")
		w := &worker{store: st, process: DefaultProcess, gen: 1, wake: make(chan struct{}, 1), log: discard()}
		w.pass(ctx)
		New(st, Config{Generation: 2, ManualReprocess: true, Logger: discard()}).requeueOlder(ctx)
		if q, _ := st.RequeueOlder(ctx, 0); q != 0 {
			t.Errorf("generation 0 re-queued %d", q)
		}
		if g := generations(t, st); g[1] != 1 {
			t.Errorf("re-queued by hand only: %v", g)
		}
	})
}

// ingestLog stores a distinct copy of the example log and returns its hash.
func ingestLog(t *testing.T, st *Store, tag string) string {
	t.Helper()
	body := []byte(string(example.Log) + "\n" + tag + "\n")
	if _, err := st.Ingest(context.Background(), Report{SHA256: hashOf(body), Body: body, Received: time.Now(), State: Pending}); err != nil {
		t.Fatal(err)
	}
	return hashOf(body)
}

// counting is DefaultProcess counting its runs.
func counting(n *atomic.Int32) Process {
	return func(body []byte) Result { n.Add(1); return DefaultProcess(body) }
}

// generations counts the processed reports by generation.
func generations(t *testing.T, st *Store) map[int64]int {
	t.Helper()
	g, err := countBy[int64](context.Background(), st.DB, `SELECT generation, COUNT(*) FROM reports WHERE state = $1 GROUP BY generation`,
		string(Processed))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// runFor runs s (worker and housekeeping) until done says so, or fails
// after 20 s.
func runFor(t *testing.T, s *Server, done func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { s.Run(ctx); close(stopped) }()
	defer func() { cancel(); <-stopped }()
	for deadline := time.Now().Add(20 * time.Second); !done(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server did not finish")
		}
	}
}

// syncBuffer is a bytes.Buffer a logger may write while a test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
