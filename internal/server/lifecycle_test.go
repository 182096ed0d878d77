package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheckIssueURL(t *testing.T) {
	for u, ok := range map[string]bool{
		"":                                               true, // unlinks
		"https://github.com/o/r/issues/123":              true,
		"http://jira.internal/browse/OPS-12":             true,
		"HTTPS://Example.com/x?y=1#z":                    true,
		"javascript:alert(1)":                            false,
		"JavaScript://example.com/%0aalert(1)":           false,
		"data:text/html,<script>":                        false,
		"ftp://example.com/x":                            false,
		"/relative/path":                                 false,
		"https://":                                       false,
		"https://example.com/\x00":                       false,
		"https://example.com/a\nb":                       false,
		"https://example.com/\u0085":                     false, // a C1 control
		"https://example.com/\xff":                       false,
		"https://good.example/issues/\u202e1234/fdp.exe": false, // shows as ".../exe.pdf"
		"https://example.com/x\u200b":                    false, // zero-width space
		"https://example.com/a\tb":                       false,
		"https://example.com/" + strings.Repeat("a", maxIssueURL): false,
	} {
		if err := CheckIssueURL(u); (err == nil) != ok {
			t.Errorf("%q: %v", u, err)
		}
	}
}

// TestIssueLinkAPI: PUT /v1/groups/{id}/issue links a group to an issue
// (shown in the groups listing and the history), repeats change nothing,
// "" unlinks; a javascript: URL and the other refusals are 400s.
func TestIssueLinkAPI(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		st := openStore(t, b)
		s, ts := startServer(t, st, Config{})
		ingestLog(t, st, "issue")
		s.Wake()
		waitProcessed(t, st)
		gs, _ := st.Groups(ctx)
		id := gs[0].ID
		link := func(group, body string) (int, []Change) {
			req, _ := http.NewRequest(http.MethodPut, ts.URL+"/v1/groups/"+group+"/issue", strings.NewReader(body))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var h []Change
			if resp.StatusCode == http.StatusOK {
				json.NewDecoder(resp.Body).Decode(&h)
			}
			return resp.StatusCode, h
		}
		const issue = "https://github.com/o/r/issues/123"
		code, h := link(id, `{"url": "`+issue+`"}`)
		if code != 200 || len(h) != 1 || h[0].Kind != ChangeIssue || h[0].IssueURL != issue || h[0].Status != StatusNew {
			t.Fatalf("link: %d %+v", code, h)
		}
		if g, _ := st.Group(ctx, id); g.IssueURL != issue {
			t.Errorf("group: %+v", g)
		}
		resp, err := http.Get(ts.URL + "/v1/groups")
		if err != nil {
			t.Fatal(err)
		}
		var listed []map[string]any
		json.NewDecoder(resp.Body).Decode(&listed)
		resp.Body.Close()
		if len(listed) != 1 || listed[0]["issue_url"] != issue {
			t.Errorf("GET /v1/groups: %v", listed)
		}
		if code, h := link(id, `{"url": "`+issue+`"}`); code != 200 || len(h) != 1 {
			t.Errorf("the same link again: %d, %d history entries, want 1", code, len(h))
		}
		for body, want := range map[string]int{
			`{"url": "javascript:alert(document.cookie)"}`:                    400,
			`{"url": "ftp://example.com/x"}`:                                  400,
			`{"url": "https://example.com/\u0007"}`:                           400,
			`{"url": "https://example.com/` + strings.Repeat("a", 500) + `"}`: 400,
			`{}`:         400, // no url: a mistake, not an unlink
			`{"url": 5}`: 400,
			`not json`:   400,
		} {
			if code, _ := link(id, body); code != want {
				t.Errorf("%.60s: %d, want %d", body, code, want)
			}
		}
		if code, _ := link("nope", `{"url": "`+issue+`"}`); code != 404 {
			t.Errorf("unknown group: %d", code)
		}
		if g, _ := st.Group(ctx, id); g.IssueURL != issue {
			t.Errorf("a refused link changed the group: %q", g.IssueURL)
		}
		code, h = link(id, `{"url": ""}`)
		if code != 200 || len(h) != 2 || h[1].Kind != ChangeIssue || h[1].IssueURL != "" {
			t.Errorf("unlink: %d %+v", code, h)
		}
		if g, _ := st.Group(ctx, id); g.IssueURL != "" {
			t.Errorf("unlinked group: %q", g.IssueURL)
		}
	})
}

// muteBench files crashes of one group ("g") at chosen times and hosts,
// with a fixed clock for the lifecycle changes.
type muteBench struct {
	t   *testing.T
	st  *Store
	w   *worker
	n   int
	now time.Time
}

func newMuteBench(t *testing.T, st *Store) *muteBench {
	b := &muteBench{t: t, st: st, now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	st.now = func() time.Time { return b.now }
	b.w = &worker{store: st, process: func([]byte) Result { return Result{Class: "test", GroupID: "g", Signature: "g"} },
		wake: make(chan struct{}, 1), log: discard()}
	return b
}

// crash files a crash from host, received a second after the last.
func (b *muteBench) crash(host string) {
	b.t.Helper()
	b.n++
	b.now = b.now.Add(time.Second)
	body := fmt.Appendf(nil, "crash %d\n", b.n)
	if _, err := b.st.Ingest(context.Background(), Report{SHA256: hashOf(body), Body: body, Received: b.now, Host: host, State: Pending}); err != nil {
		b.t.Fatal(err)
	}
	if b.w.pass(context.Background()) != 1 {
		b.t.Fatal("the crash was not filed")
	}
}

// counted files a count-only crash from host, as a check does once the
// group has samples enough.
func (b *muteBench) counted(host string) {
	b.t.Helper()
	b.n++
	b.now = b.now.Add(time.Second)
	if _, err := b.st.Ingest(context.Background(), Report{SHA256: hashOf(fmt.Appendf(nil, "counted %d", b.n)), Received: b.now,
		Host: host, State: Counted, GroupID: "g"}); err != nil {
		b.t.Fatal(err)
	}
}

func (b *muteBench) setStatus(st Status) {
	b.t.Helper()
	b.now = b.now.Add(time.Second)
	if err := b.st.SetStatus(context.Background(), "g", st, "1.0", string(st)); err != nil {
		b.t.Fatal(err)
	}
}

// want checks the group's status and the note of its last history entry
// (a status change by setStatus has the note "muted" or "resolved").
func (b *muteBench) want(st Status, note, after string) {
	b.t.Helper()
	g, err := b.st.Group(context.Background(), "g")
	if err != nil {
		b.t.Fatal(err)
	}
	h, _ := b.st.History(context.Background(), "g")
	if last := h[len(h)-1]; g.Status != st || !strings.Contains(last.Note, note) {
		b.t.Fatalf("after %s: %s, last history entry %+v; want %s, %q", after, g.Status, last, st, note)
	}
}

// TestMuteEscalates: a muted group stays muted while it crashes on the
// hosts it had, fewer times than it had; a crash on a new host escalates
// it, and so does doubling (with at least escalateMinCrashes crashes).
// Each case on databases of its own.
func TestMuteEscalates(t *testing.T) {
	for name, fn := range map[string]func(b *muteBench){
		"new host":     muteNewHost,
		"doubled":      muteDoubled,
		"at least ten": muteAtLeastTen,
		"count-only":   muteCountOnly,
		"reprocessed":  muteReprocessed,
	} {
		t.Run(name, func(t *testing.T) {
			eachBackend(t, func(t *testing.T, be backend) { fn(newMuteBench(t, openStore(t, be))) })
		})
	}
}

func muteNewHost(b *muteBench) {
	b.crash("h1")
	b.crash("h2")
	b.crash("h1")
	b.setStatus(StatusMuted)
	for range 4 {
		b.crash("h1")
		b.crash("h2")
	}
	b.want(StatusMuted, "muted", "8 crashes on its 2 hosts")
	b.crash("h3")
	b.want(StatusRegressed, "escalated from muted: a crash on host h3, not one of the 2 hosts", "a crash on a new host")
}

func muteDoubled(b *muteBench) {
	for i := range 12 {
		b.crash(fmt.Sprintf("h%d", i%3))
	}
	b.setStatus(StatusMuted)
	for i := range 11 {
		b.crash(fmt.Sprintf("h%d", i%3))
	}
	b.want(StatusMuted, "muted", "11 crashes since a mute at 12")
	b.crash("h0")
	b.want(StatusRegressed, "escalated from muted: 12 crashes since the mute, when it had 12", "12 since a mute at 12")
}

func muteAtLeastTen(b *muteBench) {
	b.crash("h1")
	b.setStatus(StatusMuted)
	for range 9 {
		b.crash("h1")
	}
	b.want(StatusMuted, "muted", "9 crashes since a mute at 1")
	b.crash("h1")
	b.want(StatusRegressed, "10 crashes since the mute, when it had 1 (it escalates at 10", "10 since a mute at 1")
	// muted again: counted from the new mute
	b.setStatus(StatusMuted)
	for range 10 {
		b.crash("h1")
	}
	b.want(StatusMuted, "muted", "muted again at 11, 10 crashes since")
}

// muteReprocessed: crashes since the mute that are processed again (a
// reprocess, into the same group) are not counted again; the count that
// escalates is the crashes, and the page says how many there were.
func muteReprocessed(b *muteBench) {
	b.crash("h1")
	b.setStatus(StatusMuted)
	for range 6 {
		b.crash("h1")
	}
	if _, _, err := b.st.Reprocess(context.Background(), 0); err != nil {
		b.t.Fatal(err)
	}
	for b.w.pass(context.Background()) > 0 {
	}
	b.want(StatusMuted, "muted", "6 crashes since the mute, processed twice")
	if m, err := b.st.MuteState(context.Background(), "g"); err != nil || m == nil || m.Since != 6 || m.EscalatesAt != 10 {
		b.t.Fatalf("mute state %+v %v, want 6 since, escalating at 10", m, err)
	}
	for range 4 {
		b.crash("h1")
	}
	b.want(StatusRegressed, "10 crashes since the mute", "10 crashes since the mute, 6 of them processed twice")
}

// muteCountOnly: a group with samples enough grows by count-only reports,
// which join it without the worker; they escalate it too, and regress it
// when it was resolved.
func muteCountOnly(b *muteBench) {
	b.crash("h1")
	b.setStatus(StatusMuted)
	b.counted("h1")
	b.want(StatusMuted, "muted", "a counted crash on its host")
	b.counted("h2")
	b.want(StatusRegressed, "a crash on host h2", "a counted crash on a new host")
	b.setStatus(StatusResolved)
	b.counted("h1")
	b.want(StatusRegressed, "a crash received after the resolution", "a counted crash after the resolution")
}

// TestEscalationTwoServers: two servers file crashes of a muted group
// from new hosts at once; the group escalates once (the decision is made
// under the group's row lock, each server seeing the other's crashes).
func TestEscalationTwoServers(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		st1, st2 := openStore(t, be), openStore(t, be)
		b := newMuteBench(t, st1)
		b.crash("h1")
		b.setStatus(StatusMuted)
		const n = 30
		for i := range n {
			body := fmt.Appendf(nil, "storm %d\n", i)
			if _, err := st1.Ingest(ctx, Report{SHA256: hashOf(body), Body: body, Received: b.now.Add(time.Duration(i+1) * time.Second),
				Host: fmt.Sprintf("new-%d", i), State: Pending}); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		for _, st := range []*Store{st1, st2} {
			w := &worker{store: st, process: b.w.process, wake: make(chan struct{}, 1), log: discard()}
			wg.Go(func() {
				for w.pass(ctx) > 0 {
				}
			})
		}
		wg.Wait()
		if left, _ := st1.WorkLeft(ctx); left != 0 {
			t.Fatalf("work left %d", left)
		}
		h, _ := st1.History(ctx, "g")
		escalations := 0
		for _, c := range h {
			if strings.Contains(c.Note, "escalated") {
				escalations++
			}
		}
		if g, _ := st1.Group(ctx, "g"); g.Status != StatusRegressed || escalations != 1 || g.Count != n+1 {
			t.Errorf("%s with %d escalations and %d crashes: %+v", g.Status, escalations, g.Count, h)
		}
	})
}

// TestGroupSwapTwoServers: a reprocess under rules that swap groups
// (every a-K report to b-K and b-K to a-K), finished by two servers at
// once. Each Finish locks a report's new group and its old one; taken in
// opposite orders by the two servers, PostgreSQL would find a deadlock
// and fail one of them.
func TestGroupSwapTwoServers(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		st1, st2 := openStore(t, be), openStore(t, be)
		const pairs = 20
		var swapped atomic.Bool
		process := func(body []byte) Result {
			var side string
			var k int
			fmt.Sscanf(string(body), "%s %d", &side, &k)
			if swapped.Load() {
				side = map[string]string{"a": "b", "b": "a"}[side]
			}
			id := fmt.Sprintf("%s-%d", side, k)
			return Result{Class: "test", GroupID: id, Signature: id}
		}
		start := time.Now()
		for k := range pairs {
			for i, side := range []string{"a", "b"} {
				// a-K and b-K next to each other in the queue, so that
				// the two servers often take one each
				body := fmt.Appendf(nil, "%s %d\n", side, k)
				at := start.Add(time.Duration(2*k+i) * time.Millisecond)
				st1.Ingest(ctx, Report{SHA256: hashOf(body), Body: body, Received: at, State: Pending})
			}
		}
		var errs syncBuffer
		work := func() {
			var wg sync.WaitGroup
			for _, st := range []*Store{st1, st2} {
				w := &worker{store: st, process: process, wake: make(chan struct{}, 1), log: slogTo(&errs)}
				wg.Go(func() {
					for w.pass(ctx) > 0 {
					}
				})
			}
			wg.Wait()
		}
		work()
		swapped.Store(true)
		if _, _, err := st1.Reprocess(ctx, 0); err != nil {
			t.Fatal(err)
		}
		work()
		if left, _ := st1.WorkLeft(ctx); left != 0 || errs.String() != "" {
			t.Errorf("work left %d; errors:\n%s", left, errs.String())
		}
	})
}

// slogTo is a logger writing to w.
func slogTo(w io.Writer) *slog.Logger { return slog.New(slog.NewTextHandler(w, nil)) }

// TestMigrationKeepsMutedGroupsMuted: a group muted before migration 9
// (muted for good then) is taken as muted at its last crash, with its
// crashes and hosts of then: crashes on those hosts below the threshold
// leave it muted, a crash on a new host escalates it.
func TestMigrationKeepsMutedGroupsMuted(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		st, err := connect(be.URL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		p, err := st.migrations()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.UpTo(ctx, 8); err != nil {
			t.Fatal(err)
		}
		b := newMuteBench(t, st)
		if _, err := st.DB.ExecContext(ctx, `INSERT INTO crash_groups (id, signature, algorithm, status, status_us, created_us)
			VALUES ('g', 'g', 'test', 'muted', $1, $1)`, micros(b.now)); err != nil {
			t.Fatal(err)
		}
		for i, host := range []string{"h1", "h2", "h1"} {
			b.now = b.now.Add(time.Hour)
			if _, err := st.DB.ExecContext(ctx, `INSERT INTO reports (sha256, received_us, sender_host, state, group_id)
				VALUES ($1, $2, $3, 'counted', 'g')`, fmt.Sprint(i), micros(b.now), host); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.migrate(ctx); err != nil {
			t.Fatal(err)
		}
		for range 9 {
			b.crash("h2")
		}
		if g, _ := st.Group(ctx, "g"); g.Status != StatusMuted {
			t.Fatalf("9 crashes on its hosts after the upgrade: %s", g.Status)
		}
		b.crash("h3")
		b.want(StatusRegressed, "a crash on host h3, not one of the 2 hosts", "a crash on a new host after the upgrade")
	})
}
