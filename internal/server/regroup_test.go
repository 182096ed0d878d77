package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestRegroupTwoServers: two servers on one database process a reprocess
// that moves every group (old-K to new-K, which exist already) while
// count-only reports keep arriving at both. Two servers finishing a
// group's last two samples at once must not both leave its count-only
// reports behind (followSamples' row lock), and nothing may be lost or
// counted twice: every report ends in one group of its own K, the
// count-only reports that were there before the reprocess in new-K with
// their samples, and the groups' counts add up to the reports stored.
func TestRegroupTwoServers(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		// two samples a group: the servers claim items in turns, so a
		// group's two samples are often finished at once, one by each
		const groups, sampleCap = 40, 2
		var moved atomic.Bool // the new rules
		process := func(body []byte) Result {
			var k, i int
			fmt.Sscanf(string(body), "group %d sample %d", &k, &i)
			// a parser's time, varied, so that finishes line up in
			// different ways
			time.Sleep(time.Duration(rand.IntN(1000)) * time.Microsecond)
			id := fmt.Sprintf("old-%d", k)
			if moved.Load() {
				id = fmt.Sprintf("new-%d", k)
			}
			return Result{Class: "test", GroupID: id, Signature: id}
		}
		st := openStore(t, b)
		cfg := Config{SampleCap: sampleCap, Process: process}
		_, ts1 := startServer(t, st, cfg)
		_, ts2 := startServer(t, openStore(t, b), cfg)
		bases := []string{ts1.URL, ts2.URL}
		c := &regroupClient{t: t, bases: bases}

		for k := range groups {
			for i := range sampleCap {
				c.sample(k, i)
			}
		}
		waitProcessed(t, st)
		var before []string // count-only, stored before the reprocess
		for k := range groups {
			for i := range 2 {
				sha, counted := c.crash(k, 1000+i)
				if !counted {
					t.Fatalf("group %d is full but a crash of it was not counted", k)
				}
				before = append(before, sha)
			}
		}

		// new rules, under which a crash of each group arrives first (so
		// the reprocess moves samples into groups that exist), then a
		// reprocess asked of one server, crashes arriving at both meanwhile
		moved.Store(true)
		for k := range groups {
			c.sample(k, 500)
		}
		waitProcessed(t, st)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		stopCrashes := sync.OnceFunc(func() { close(stop); wg.Wait() })
		defer stopCrashes()
		for g := range 2 {
			wg.Go(func() {
				for i := range 100 {
					select {
					case <-stop:
						return
					default:
						c.crash((i*7+g)%groups, 2000+2*i+g)
					}
				}
			})
		}
		resp, err := http.Post(bases[0]+"/v1/admin/reprocess", "application/json", nil)
		if err != nil || resp.StatusCode != http.StatusAccepted {
			t.Fatalf("reprocess: %v %v", resp, err)
		}
		resp.Body.Close()
		waitSamplesMoved(t, st)
		stopCrashes()
		waitProcessed(t, st)

		states, err := st.Count(context.Background())
		if err != nil || states[Pending]+states[Failed]+states[Quarantined] != 0 {
			t.Fatalf("states %v %v", states, err)
		}
		stored := states[Processed] + states[Counted]
		if sent := len(c.all()); stored != sent {
			t.Errorf("%d reports stored, %d sent", stored, sent)
		}
		gs, err := st.Groups(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for _, g := range gs {
			sum += g.Count
		}
		if sum != stored {
			t.Errorf("the groups count %d reports, %d are stored", sum, stored)
		}
		for _, r := range c.all() {
			got, err := st.Report(context.Background(), r.sha)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{fmt.Sprintf("new-%d", r.k)}
			if got.State == Counted && !slices.Contains(before, r.sha) {
				// arrived during the reprocess: after its group's samples
				// had all moved it stays (documented)
				want = append(want, fmt.Sprintf("old-%d", r.k))
			}
			if !slices.Contains(want, got.GroupID) {
				t.Errorf("%s report of group %d is in %q, want one of %v", got.State, r.k, got.GroupID, want)
			}
		}
	})
}

// waitSamplesMoved waits until every report the reprocess queued is
// processed into a new-K group.
func waitSamplesMoved(t *testing.T, st *Store) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var left int
		err := st.DB.QueryRow(`SELECT COUNT(*) FROM reports WHERE regroup_from IS NOT NULL AND (state <> $1 OR group_id NOT LIKE 'new-%')`,
			string(Processed)).Scan(&left)
		if err == nil && left == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d samples not moved (%v)", left, err)
		}
	}
}

// regroupClient sends crashes of numbered groups as hserr's clients do:
// check first (the group's id as signature), and put the body only when
// the server asks for it. It remembers every crash the server took.
type regroupClient struct {
	t     *testing.T
	bases []string
	mu    sync.Mutex
	sends []regroupReport
	n     atomic.Int32
}

type regroupReport struct {
	sha string
	k   int
}

// body is crash i of group k.
func regroupBody(k, i int) []byte { return fmt.Appendf(nil, "group %d sample %d\n", k, i) }

// sample puts crash i of group k without asking.
func (c *regroupClient) sample(k, i int) {
	body := regroupBody(k, i)
	c.put(hashOf(body), body)
	c.remember(hashOf(body), k)
}

// crash checks, then puts when asked; counted says the server only
// counted it.
func (c *regroupClient) crash(k, i int) (sha string, counted bool) {
	body := regroupBody(k, i)
	sha = hashOf(body)
	req, _ := json.Marshal(CheckRequest{SHA256: sha, Signature: fmt.Sprintf("old-%d", k), Host: "h"})
	resp, err := http.Post(c.base()+"/v1/reports/check", "application/json", bytes.NewReader(req))
	if err != nil {
		c.t.Error(err)
		return sha, false
	}
	var cr CheckResponse
	json.NewDecoder(resp.Body).Decode(&cr)
	resp.Body.Close()
	switch cr.Action {
	case ActionCounted:
		counted = true
	case ActionSend:
		c.put(sha, body)
	default:
		c.t.Errorf("check of a new crash: %q", cr.Action)
		return sha, false
	}
	c.remember(sha, k)
	return sha, counted
}

func (c *regroupClient) put(sha string, body []byte) {
	req, _ := http.NewRequest(http.MethodPut, c.base()+"/v1/reports/"+sha, bytes.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusCreated {
		c.t.Errorf("put: %v %v", resp, err)
		return
	}
	resp.Body.Close()
}

// base alternates between the servers.
func (c *regroupClient) base() string { return c.bases[int(c.n.Add(1))%len(c.bases)] }

func (c *regroupClient) remember(sha string, k int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sends = append(c.sends, regroupReport{sha, k})
}

func (c *regroupClient) all() []regroupReport {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]regroupReport(nil), c.sends...)
}
