package server

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/server/servertest"
)

// TestRateLimitShared: two servers on one database (an SQLite file, a
// PostgreSQL) hold one sender to the configured rate between them: its
// requests, alternating between the two, are accepted at most burst +
// rate × elapsed times in all (each server counting alone let 2 × burst
// through). Another sender has a bucket of its own.
func TestRateLimitShared(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		const rate, burst = 2.0, 5
		cfg := Config{IngestTokens: []string{"w"}, Rate: rate, Burst: burst, Logger: discard()}
		servers := []http.Handler{New(openStore(t, b), cfg).Handler(), New(openStore(t, b), cfg).Handler()}
		check := func(i int, sender string) int {
			req := httptest.NewRequest(http.MethodPost, "/v1/reports/check", strings.NewReader(`{"sha256":"`+strings.Repeat("a", 64)+`"}`))
			req.RemoteAddr = sender + ":4711"
			req.Header.Set("Authorization", "Bearer w")
			rec := httptest.NewRecorder()
			servers[i%len(servers)].ServeHTTP(rec, req)
			if rec.Code == http.StatusTooManyRequests && rec.Header().Get("Retry-After") != "1" {
				t.Errorf("Retry-After %q", rec.Header().Get("Retry-After"))
			}
			return rec.Code
		}
		start := time.Now()
		codes := map[int]int{}
		for i := range 40 {
			codes[check(i, "10.0.0.7")]++
		}
		most := burst + int(math.Ceil(rate*time.Since(start).Seconds()))
		if codes[http.StatusOK] < burst || codes[http.StatusOK] > most || codes[http.StatusOK]+codes[http.StatusTooManyRequests] != 40 {
			t.Errorf("one sender, two servers: %v, want %d to %d accepted", codes, burst, most)
		}
		if c := check(0, "10.0.0.8"); c != http.StatusOK {
			t.Errorf("another sender: %d", c)
		}
	})
}

// TestSharedBucket: the shared bucket's arithmetic on a clock the test
// moves, taken from through two stores on one database: burst at once,
// then one per interval, never more than burst saved up; a bucket full
// again is pruned.
func TestSharedBucket(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		now := time.Unix(1796421600, 0)
		clock := func() time.Time { return now }
		sts := []*Store{openStore(t, b), openStore(t, b)}
		for _, st := range sts {
			st.now = clock
		}
		const every, burst = 100 * time.Millisecond, 3
		take := func(n int) (taken int) {
			for i := range n {
				if ok, err := sts[i%2].takeRate(ctx, "h", every, burst); err != nil {
					t.Fatal(err)
				} else if ok {
					taken++
				}
			}
			return taken
		}
		if got := take(5); got != burst {
			t.Errorf("at once: %d taken, want %d", got, burst)
		}
		now = now.Add(every)
		if got := take(3); got != 1 {
			t.Errorf("one interval later: %d taken, want 1", got)
		}
		now = now.Add(10 * every)
		if got := take(5); got != burst {
			t.Errorf("ten intervals later: %d taken, want %d (the bucket holds %d)", got, burst, burst)
		}
		now = now.Add(burst*every + time.Microsecond)
		if err := sts[0].pruneRates(ctx); err != nil {
			t.Fatal(err)
		}
		var rows int
		sts[1].DB.QueryRow(`SELECT COUNT(*) FROM rate_limits`).Scan(&rows)
		if rows != 0 {
			t.Errorf("%d buckets left after pruning full ones", rows)
		}
		if b.Name == "postgres" {
			var persistence string
			sts[0].DB.QueryRow(`SELECT relpersistence FROM pg_class WHERE oid = 'rate_limits'::regclass`).Scan(&persistence)
			if persistence != "u" {
				t.Errorf("rate_limits is not UNLOGGED: %q", persistence)
			}
		}
	})
}

// TestRateLimitWithoutDatabase: when the database cannot count, the
// server's own bucket still limits a sender.
func TestRateLimitWithoutDatabase(t *testing.T) {
	st := openStore(t, backends(t)[0])
	l := newRateLimit(st, 1, 2, discard())
	st.DB.Close()
	var allowed int
	for range 5 {
		if ok, _ := l.allow(context.Background(), "10.0.0.9"); ok {
			allowed++
		}
	}
	if allowed != 2 {
		t.Errorf("%d allowed, want the burst of 2", allowed)
	}
}

// BenchmarkTakeRate is the shared limit's cost per request: one sender
// (the hot row of a load balancer's or a NAT's address) and many.
func BenchmarkTakeRate(b *testing.B) {
	for _, be := range servertest.Backends(b) {
		st, err := Open(context.Background(), be.URL)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		for _, senders := range []int{1, 1000} {
			b.Run(fmt.Sprintf("%s/senders=%d", be.Name, senders), func(b *testing.B) {
				var n atomic.Int64
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						sender := fmt.Sprint("10.0.", n.Add(1)%int64(senders))
						if _, err := st.takeRate(context.Background(), sender, time.Microsecond, 1<<30); err != nil {
							b.Fatal(err)
						}
					}
				})
			})
		}
	}
}
