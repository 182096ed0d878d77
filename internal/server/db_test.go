package server

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/server/servertest"
)

// backend is one database the suite runs against.
type backend = servertest.Backend

// backends gives every test an SQLite file and, when HSERR_TEST_POSTGRES
// names a server, a PostgreSQL schema of its own (tests run in parallel).
func backends(t *testing.T) []backend { return servertest.Backends(t) }

// openStore opens a backend's store, closed at the end of the test.
func openStore(t *testing.T, b backend) *Store {
	t.Helper()
	st, err := Open(context.Background(), b.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// eachBackend runs fn as a parallel subtest per backend.
func eachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	for _, b := range backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, b)
		})
	}
}

// TestOpenNamesTheFile: an SQLite file that cannot be made is named in the
// error, with what it needs.
func TestOpenNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "hserr.db")
	_, err := Open(context.Background(), "sqlite:"+path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "directory must exist") {
		t.Errorf("error %v does not name %s", err, path)
	}
}
