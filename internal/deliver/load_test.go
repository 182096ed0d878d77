package deliver

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/server"
	"github.com/hserr/hserr/internal/server/servertest"
)

// loadSize is the load test's size: 2,000 reports from 20 senders, or
// HSERR_LOAD=REPORTSxSENDERS (docs/performance.md used 10000x50).
func loadSize(t *testing.T) (reports, senders int) {
	reports, senders = 2000, 20
	if v := os.Getenv("HSERR_LOAD"); v != "" {
		r, s, ok := strings.Cut(v, "x")
		var err1, err2 error
		reports, err1 = strconv.Atoi(r)
		senders, err2 = strconv.Atoi(s)
		if !ok || err1 != nil || err2 != nil || reports <= 0 || senders <= 0 {
			t.Fatalf("HSERR_LOAD=%q: want REPORTSxSENDERS", v)
		}
	}
	if testing.Short() {
		reports, senders = 500, 10
	}
	return reports, senders
}

// TestLoad sends distinct reports from concurrent senders to a real server
// on loopback (each report checked, then put gzipped) and checks that every
// one is stored and processed: nothing lost. The rates go to the test log.
func TestLoad(t *testing.T) {
	reports, senders := loadSize(t)
	dbs := [][2]string{{"sqlite", "sqlite:" + filepath.Join(t.TempDir(), "load.db")}}
	if pg := loadSchema(t); pg != "" {
		dbs = append(dbs, [2]string{"postgres", pg})
	}
	for _, db := range dbs {
		t.Run(db[0], func(t *testing.T) { runLoad(t, db[1], reports, senders) })
	}
}

func runLoad(t *testing.T, db string, reports, senders int) {
	ls := startOn(t, "127.0.0.1:0", db, server.Config{})
	base := string(example.Log)
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, senders)
	for s := range senders {
		wg.Go(func() {
			c := &Client{Server: ls.URL}
			for i := s; i < reports; i += senders {
				body := []byte(fmt.Sprintf("%s\nload report %d\n", base, i))
				out, err := c.Send(context.Background(), HashOf(body), body, Meta{Host: fmt.Sprintf("host-%d", s)})
				if err != nil || out != Sent {
					errs <- fmt.Errorf("report %d: %s %v", i, out, err)
					return
				}
			}
		})
	}
	wg.Wait()
	ingest := time.Since(start)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Minute)
	for {
		c, err := ls.Store.Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if c[server.Processed] == reports {
			break
		}
		if len(c) > 2 || time.Now().After(deadline) {
			t.Fatalf("states %v, want %d processed", c, reports)
		}
		time.Sleep(100 * time.Millisecond)
	}
	all := time.Since(start)
	gs, _ := ls.Store.Groups(context.Background())
	if len(gs) != 1 || gs[0].Count != reports || len(gs[0].Hosts) != senders {
		t.Fatalf("groups: %d, first %+v", len(gs), gs[0].Count)
	}
	t.Logf("%d reports from %d senders: stored in %s (%.0f/s), all processed in %s (%.0f/s)",
		reports, senders, ingest.Round(time.Millisecond), float64(reports)/ingest.Seconds(),
		all.Round(time.Millisecond), float64(reports)/all.Seconds())
}

// loadSchema gives the load test a PostgreSQL schema of its own ("" when
// HSERR_TEST_POSTGRES is not set; under CI that fails).
func loadSchema(t *testing.T) string { return servertest.PGSchema(t) }
