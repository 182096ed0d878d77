// Package servertest gives tests of the fleet server and of what is built
// on it (the web pages) the databases to run against: an SQLite file and,
// when HSERR_TEST_POSTGRES names a server, a PostgreSQL schema of the
// test's own. Without it the PostgreSQL half skips, except under CI where
// it fails (.ci/run starts PostgreSQL and sets it).
package servertest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// Backend is one database a test runs against.
type Backend struct {
	Name string
	URL  string // for server.Open; each test has its own file or schema
}

// Backends returns an SQLite backend and, when configured, a PostgreSQL one.
func Backends(t testing.TB) []Backend {
	t.Helper()
	out := []Backend{{"sqlite", "sqlite:" + filepath.Join(t.TempDir(), "hserr.db")}}
	if u := PGSchema(t); u != "" {
		out = append(out, Backend{"postgres", u})
	}
	return out
}

// PGSchema creates a schema for this test, dropped at its end, and returns
// a URL whose search_path is that schema ("" when PostgreSQL is not
// configured).
func PGSchema(t testing.TB) string {
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
