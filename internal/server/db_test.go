package server

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// backend is one database the suite runs against.
type backend struct {
	name string
	url  string // for Open; each test has its own database file or schema
}

// backends gives every test an SQLite file and, when HSERR_TEST_POSTGRES
// names a server, a PostgreSQL schema of its own (tests run in parallel).
// Without it the PostgreSQL half skips, except under CI where it fails.
func backends(t *testing.T) []backend {
	t.Helper()
	out := []backend{{"sqlite", "sqlite:" + filepath.Join(t.TempDir(), "hserr.db")}}
	if u := pgSchema(t); u != "" {
		out = append(out, backend{"postgres", u})
	}
	return out
}

// pgSchema creates a schema for this test and returns a URL whose
// search_path is that schema ("" when PostgreSQL is not configured).
func pgSchema(t *testing.T) string {
	t.Helper()
	dsn := os.Getenv("HSERR_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("HSERR_TEST_POSTGRES is not set under CI: .ci/run starts PostgreSQL and sets it")
		}
		t.Log("PostgreSQL half skipped: set HSERR_TEST_POSTGRES=postgres://user:pw@127.0.0.1:5432/db?sslmode=disable")
		return ""
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("PostgreSQL at HSERR_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openStore opens a backend's store, closed at the end of the test.
func openStore(t *testing.T, b backend) *Store {
	t.Helper()
	st, err := Open(context.Background(), b.url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// eachBackend runs fn as a parallel subtest per backend.
func eachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			fn(t, b)
		})
	}
}
