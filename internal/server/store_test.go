package server

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/redact"
)

func TestParseURL(t *testing.T) {
	for _, bad := range []string{"", "sqlite:", "mysql://x", "/tmp/x.db"} {
		if _, _, err := parseURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if d, p, _ := parseURL("sqlite:/tmp/a.db"); d != SQLite || p != "/tmp/a.db" {
		t.Errorf("sqlite: %s %s", d, p)
	}
	if d, _, _ := parseURL("postgresql://h/db"); d != Postgres {
		t.Errorf("postgresql: %s", d)
	}
}

func TestMigrateTwice(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		openStore(t, b)
		st := openStore(t, b) // the second open finds the schema current
		if _, err := st.Groups(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}

func TestIngestProcessGroup(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		st := openStore(t, b)
		body := []byte(string(example.Log))
		r := Report{SHA256: hashOf(body), Body: body, Received: time.Now(), Host: "web-1", AppVersion: "2.3", State: Pending}
		for i, want := range []bool{true, false} {
			created, err := st.Ingest(ctx, r)
			if err != nil || created != want {
				t.Fatalf("ingest %d: created %v, %v", i, created, err)
			}
		}
		w := &worker{store: st, process: DefaultProcess, wake: make(chan struct{}, 1), log: discard()}
		if n := w.pass(ctx); n != 1 {
			t.Fatalf("pass took %d", n)
		}
		got, err := st.Report(ctx, r.SHA256)
		if err != nil || got.State != Processed || got.GroupID == "" || got.Class == "" || got.ParserVersion == "" || got.SignatureVersion == "" {
			t.Fatalf("%+v %v", got, err)
		}
		gs, err := st.Groups(ctx)
		if err != nil || len(gs) != 1 {
			t.Fatalf("%v %v", gs, err)
		}
		g := gs[0]
		if g.Count != 1 || g.Hosts[0] != "web-1" || len(g.JDKs) != 1 || g.Status != StatusNew || g.Verdict.Class != got.Class {
			t.Errorf("%+v", g)
		}
		if n := w.pass(ctx); n != 0 {
			t.Errorf("work left: %d", n)
		}
		// lifecycle: resolved, then a newer crash regresses it
		if err := st.SetStatus(ctx, g.ID, StatusResolved, "2.4", "fixed"); err != nil {
			t.Fatal(err)
		}
		body2 := append([]byte(nil), body...)
		body2 = append(body2, "\n"...)
		r2 := Report{SHA256: hashOf(body2), Body: body2, Received: time.Now().Add(time.Second), Host: "web-2", State: Pending}
		st.Ingest(ctx, r2)
		w.pass(ctx)
		gs, _ = st.Groups(ctx)
		if len(gs) != 1 || gs[0].Status != StatusRegressed || gs[0].Count != 2 || len(gs[0].Hosts) != 2 {
			t.Errorf("after a new crash: %+v", gs)
		}
		if gs, _ := st.QueryGroups(ctx, Query{Status: StatusRegressed, Limit: 1}); len(gs) != 1 {
			t.Errorf("status regressed: %d groups", len(gs))
		}
		if gs, _ := st.QueryGroups(ctx, Query{Status: StatusNew}); len(gs) != 0 {
			t.Errorf("status new: %d groups", len(gs))
		}
		h, _ := st.History(ctx, g.ID)
		if len(h) != 2 || h[0].Status != StatusResolved || h[0].Version != "2.4" || h[1].Status != StatusRegressed {
			t.Errorf("history %+v", h)
		}
		if err := st.SetStatus(ctx, "nope", StatusMuted, "", ""); err != ErrNoGroup {
			t.Errorf("unknown group: %v", err)
		}
		// reprocess queues both again; the worker leaves them processed
		if n, _, err := st.Reprocess(ctx, 0); err != nil || n != 2 {
			t.Fatalf("reprocess %d %v", n, err)
		}
		w.pass(ctx)
		if c, _ := st.Count(ctx); c[Processed] != 2 {
			t.Errorf("after reprocess %v", c)
		}
	})
}

func TestPanicBecomesFailed(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		st := openStore(t, b)
		body := append([]byte(example.Log), "\x00\xff"...)
		st.Ingest(ctx, Report{SHA256: hashOf(body), Body: body, Received: time.Now(), State: Pending})
		w := &worker{store: st, process: func([]byte) Result { panic("parser bug") }, wake: make(chan struct{}, 1), log: discard()}
		w.pass(ctx)
		got, err := st.Report(ctx, hashOf(body))
		if err != nil || got.State != Failed || !strings.Contains(got.Error, "parser bug") || string(got.Body) != string(body) {
			t.Fatalf("%+v %v", got, err)
		}
		// the fixed parser gets it on a reprocess
		w.process = DefaultProcess
		st.Reprocess(ctx, 0)
		w.pass(ctx)
		if got, _ := st.Report(ctx, hashOf(body)); got.State != Processed {
			t.Errorf("after reprocess: %s %s", got.State, got.Error)
		}
	})
}

// TestRedactionIsIdempotent: the server's re-scan of a body the client
// redacted must find nothing, or every report would be quarantined.
func TestRedactionIsIdempotent(t *testing.T) {
	text, _ := redact.Text(plantedLog(t), redact.Default)
	if _, c := redact.Text(text, redact.Default); c.Total() != 0 {
		t.Fatalf("a second redaction found %v", c)
	}
}

// TestClaimsShareWork: two servers' workers on one database process each
// report once between them.
func TestClaimsShareWork(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		st1, st2 := openStore(t, b), openStore(t, b)
		const n = 40
		for i := range n {
			body := []byte(fmt.Sprintf("%s\nreport %d\n", example.Log, i))
			st1.Ingest(ctx, Report{SHA256: hashOf(body), Body: body, Received: time.Now(), State: Pending})
		}
		var calls atomic.Int32
		count := func(body []byte) Result { calls.Add(1); return DefaultProcess(body) }
		var wg sync.WaitGroup
		for _, st := range []*Store{st1, st2} {
			w := &worker{store: st, process: count, wake: make(chan struct{}, 1), log: discard()}
			wg.Go(func() {
				for w.pass(ctx) > 0 {
				}
			})
		}
		wg.Wait()
		if left, _ := st1.WorkLeft(ctx); left != 0 || calls.Load() != n {
			t.Errorf("work left %d, processed %d times for %d reports", left, calls.Load(), n)
		}
	})
}

// TestMigrateConcurrently: two servers starting at once on an empty
// database both come up (on PostgreSQL goose's advisory lock makes them
// take turns; on SQLite the busy timeout does).
func TestMigrateConcurrently(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Go(func() {
				st, err := Open(context.Background(), b.URL)
				if err == nil {
					_, err = st.Groups(context.Background())
					st.Close()
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	})
}

// TestCountedFollowSamples: count-only reports have no body to reprocess;
// after a reprocess with new signature rules they join the one group their
// group's samples went to, and stay where they are when the samples split.
func TestCountedFollowSamples(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		st := openStore(t, b)
		bodies := [][]byte{[]byte(string(example.Log)), []byte(string(example.Log) + "\n")}
		for _, body := range bodies {
			st.Ingest(ctx, Report{SHA256: hashOf(body), Body: body, Received: time.Now(), State: Pending})
		}
		groupBy := func(f func(body []byte) string) Process {
			return func(body []byte) Result {
				r := DefaultProcess(body)
				r.GroupID = f(body)
				return r
			}
		}
		w := &worker{store: st, process: groupBy(func([]byte) string { return "old" }), wake: make(chan struct{}, 1), log: discard()}
		w.pass(ctx)
		for i := range 3 {
			st.Ingest(ctx, Report{SHA256: hashOf([]byte{byte(i)}), Received: time.Now(), State: Counted, GroupID: "old"})
		}
		counts := func() map[string]int {
			gs, err := st.Groups(ctx)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]int{}
			for _, g := range gs {
				m[g.ID] = g.Count
			}
			return m
		}
		if c := counts(); c["old"] != 5 {
			t.Fatalf("before: %v", c)
		}

		// new rules: both samples go to "new"; the counted reports follow
		w.process = groupBy(func([]byte) string { return "new" })
		st.Reprocess(ctx, 0)
		w.pass(ctx)
		if c := counts(); c["new"] != 5 || c["old"] != 0 {
			t.Errorf("samples moved together: %v", c)
		}

		// rules that split the samples: the counted reports stay put
		w.process = groupBy(func(body []byte) string { return fmt.Sprintf("split-%d", len(body)%2) })
		st.Reprocess(ctx, 0)
		w.pass(ctx)
		if c := counts(); c["split-0"] != 1 || c["split-1"] != 1 || c["new"] != 3 {
			t.Errorf("samples split: %v", c)
		}
	})
}
