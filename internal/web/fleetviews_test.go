package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/server"
)

// TestHostsAndJDKs: three crashes of one signature on one host are a crash
// loop on the hosts page; the JDK page counts crashes, groups and the
// groups first seen on each build, on SQLite and PostgreSQL.
func TestHostsAndJDKs(t *testing.T) {
	for _, b := range backendsFor(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := newFixture(t, 0, b.URL)
			ctx := context.Background()
			for i := range 3 {
				body := []byte(string(example.Log) + strings.Repeat("\n", i+1))
				sum := sha256.Sum256(body)
				f.Store.Ingest(ctx, server.Report{SHA256: hex.EncodeToString(sum[:]), Body: body,
					Received: time.Date(2026, 12, 1, 9, i, 0, 0, time.UTC), Host: "db-7", State: server.Pending})
			}
			f.wake()
			waitProcessed(t, f.Store, 4)

			_, doc := get(t, f.URL+"/hosts")
			if loops := doc.Find("table.hosts tr.loop").Length(); loops != 1 || !strings.Contains(doc.Find("tr.loop").Text(), "db-7") {
				t.Errorf("hosts: %d crash loops: %q", loops, doc.Find("table.hosts").Text())
			}
			var jdks struct{ Rows []server.JDKRow }
			if err := json.NewDecoder(fetch(t, f.URL+"/jdks.json", "").Body).Decode(&jdks); err != nil {
				t.Fatal(err)
			}
			if len(jdks.Rows) != 1 || jdks.Rows[0].Count != 4 || jdks.Rows[0].Groups != 1 || jdks.Rows[0].NewGroups != 1 {
				t.Errorf("jdks: %+v", jdks.Rows)
			}
			if _, doc := get(t, f.URL+"/jdks"); doc.Find("table.jdks tbody tr").Length() != 1 {
				t.Error("the JDK builds page has no row")
			}
		})
	}
}

// waitProcessed waits until n reports are processed or failed.
func waitProcessed(t *testing.T, st *server.Store, n int) {
	t.Helper()
	for range 600 {
		c, err := st.Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if c[server.Processed]+c[server.Failed] == n {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the worker did not process %d reports in 30 s", n)
}
