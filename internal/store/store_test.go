package store

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func rec(content, group, jdk, host string, crash int64) Log {
	return Log{SHA256: sha(content), Path: content + ".log", Size: int64(len(content)), Kind: "hs_err",
		JDK: jdk, Host: host, CrashUnix: crash, Class: "jni-null-deref", Algorithm: "1",
		GroupID: group, Signature: "jni-null-deref | " + group, Notes: []string{"note for " + group}}
}

func TestRoundTripAcrossReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "triage.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := db.Version(); err != nil || v != SchemaVersion {
		t.Fatalf("version %d %v, want %d", v, err, SchemaVersion)
	}
	run, err := db.BeginRun("1", []string{"dir/"})
	if err != nil {
		t.Fatal(err)
	}
	logs := []Log{
		rec("a", "g1", "17.0.7+7", "h1", 1700000000),
		rec("b", "g1", "17.0.8+7", "h2", 1700000500),
		rec("c", "g1", "17.0.7+7", "h1", 0),
		rec("d", "g2", "11.0.9+11", "", 1600000000),
	}
	if _, err := db.WriteBatch(run, logs, []Skip{{Path: "x.zip!../../etc/passwd", Reason: "unsafe entry name"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishRun(Run{ID: run, Seen: 5, Added: 4, Skipped: 1}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	gs, err := db.Groups("1", run)
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 2 || gs[0].ID != "g1" || gs[0].Count != 3 || gs[0].New != 3 || gs[1].ID != "g2" || gs[1].Count != 1 {
		t.Fatalf("groups = %+v", gs)
	}
	g := gs[0]
	if strings.Join(g.JDKs, ",") != "17.0.7+7,17.0.8+7" || g.JDKCount != 2 {
		t.Errorf("jdks = %v (%d)", g.JDKs, g.JDKCount)
	}
	if strings.Join(g.Hosts, ",") != "h1,h2" || g.HostCount != 2 {
		t.Errorf("hosts = %v", g.Hosts)
	}
	if g.FirstSeen != "2023-11-14T22:13:20Z" || g.LastSeen != "2023-11-14T22:21:40Z" || g.FirstAdded == "" {
		t.Errorf("first/last seen = %s %s, added %s", g.FirstSeen, g.LastSeen, g.FirstAdded)
	}
	// The second group's first seen is its own crash time.
	if gs[1].FirstSeen != "2020-09-13T12:26:40Z" {
		t.Errorf("g2 first seen = %s", gs[1].FirstSeen)
	}
	if g.Signature != "jni-null-deref | g1" || len(g.Notes) != 1 || g.Notes[0] != "note for g1" {
		t.Errorf("signature/notes = %q %q", g.Signature, g.Notes)
	}
	if alg, ok, err := db.Stored(sha("b")); err != nil || !ok || alg != "1" {
		t.Fatalf("Stored(b) = %q %v %v", alg, ok, err)
	}
	if alg, ok, err := db.Stored(sha("never")); err != nil || ok || alg != "" {
		t.Fatalf("Stored(never) = %q %v %v", alg, ok, err)
	}
	sk, err := db.Skips(run)
	if err != nil || len(sk) != 1 || sk[0].Reason != "unsafe entry name" {
		t.Fatalf("skips = %v %v", sk, err)
	}
	runs, err := db.Runs()
	if err != nil || len(runs) != 1 || runs[0].Added != 4 || runs[0].Inputs[0] != "dir/" {
		t.Fatalf("runs = %+v %v", runs, err)
	}
	ls, err := db.GroupLogs("g1", 2)
	if err != nil || len(ls) != 2 || ls[0].Path != "c.log" && ls[0].Path != "b.log" {
		t.Fatalf("group logs = %+v %v", ls, err)
	}

	// A second run adds one new log; identical content is one row.
	run2, _ := db.BeginRun("1", nil)
	if _, err := db.WriteBatch(run2, []Log{rec("e", "g2", "11.0.9+11", "h3", 1600000100), rec("a", "g1", "17.0.7+7", "h1", 1700000000)}, nil); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.LogCount(); n != 5 {
		t.Fatalf("log count %d, want 5", n)
	}
	gs, _ = db.Groups("1", run2)
	if gs[0].Count != 3 || gs[1].Count != 2 || gs[1].New != 1 {
		t.Fatalf("after run 2: %+v", gs)
	}
	// A log re-signed by another algorithm moves, and the old algorithm's
	// report no longer counts it.
	moved := rec("a", "g9", "17.0.7+7", "h1", 1700000000)
	moved.Algorithm = "2"
	if _, err := db.WriteBatch(run2, []Log{moved}, nil); err != nil {
		t.Fatal(err)
	}
	gs1, _ := db.Groups("1", run2)
	gs2, _ := db.Groups("2", run2)
	if gs1[0].Count != 2 || len(gs2) != 1 || gs2[0].ID != "g9" {
		t.Fatalf("algorithm 1: %+v\nalgorithm 2: %+v", gs1, gs2)
	}
}

func TestMigrationFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	saved := migrations
	migrations = saved[:1]
	db, err := Open(path)
	migrations = saved
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := db.Version(); v != 1 {
		t.Fatalf("version %d", v)
	}
	// rows as a version-1 hserr wrote them
	for _, q := range []string{
		`INSERT INTO runs(id, started_at, algorithm) VALUES (1, '2026-01-01T00:00:00Z', '1')`,
		`INSERT INTO groups(id, algorithm, signature, class, notes, created_run) VALUES ('g1', '1', 'jni-null-deref | g1', 'jni-null-deref', '[]', 1)`,
		`INSERT INTO logs(sha256, path, size, kind, class, algorithm, group_id, run_id, added_unix) VALUES ('ab', 'a.log', 1, 'hs_err', 'jni-null-deref', '1', 'g1', 1, 1)`,
	} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, _ := db.Version(); v != SchemaVersion {
		t.Fatalf("not migrated: version %d", v)
	}
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'groups_algorithm'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("migration 2 index missing: %d %v", n, err)
	}
	if c, _ := db.LogCount(); c != 1 {
		t.Fatalf("data lost in migration: %d logs", c)
	}
	gs, err := db.Groups("1", 1)
	if err != nil || len(gs) != 1 || gs[0].Cause != "" || gs[0].Remedy == nil || len(gs[0].Paths) != 1 {
		t.Fatalf("a version-1 group after migration 3: %+v %v", gs, err)
	}
}

func TestRefusesNewerSchemaAndNonDatabases(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SQL().Exec(`UPDATE schema_version SET version = 99`)
	db.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("newer schema: err = %v", err)
	}
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte(strings.Repeat("this is not sqlite\n", 400)), 0o644)
	if _, err := Open(junk); err == nil {
		t.Fatal("opened a text file as a database")
	}
}

func TestMemoryDatabase(t *testing.T) {
	db, err := Open(Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	run, _ := db.BeginRun("1", nil)
	if _, err := db.WriteBatch(run, []Log{rec("a", "g1", "8", "", 0)}, nil); err != nil {
		t.Fatal(err)
	}
	if gs, _ := db.Groups("1", run); len(gs) != 1 || gs[0].FirstSeen != "" || gs[0].LastSeen != "" {
		t.Fatalf("group without crash times: %+v", gs)
	}
	if n, _ := db.LogCount(); n != 1 {
		t.Fatalf("count %d", n)
	}
}

// A database that is not hserr's is refused before anything is written to
// it: no tables added, its journal mode left alone, no -wal file.
func TestRefusesForeignDatabaseUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "app.db")
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users(name) VALUES ('ada')`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before, _ := os.ReadFile(path)
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "not hserr's") || !strings.Contains(err.Error(), "users") {
		t.Fatalf("foreign database: err = %v", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("the foreign database file changed")
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Error("a -wal file was created next to the foreign database")
	}
	raw, _ = sql.Open("sqlite", path)
	defer raw.Close()
	var mode string
	if err := raw.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "delete" {
		t.Errorf("journal mode %q (%v), want delete", mode, err)
	}
}

func TestNewAndEmptyFilesBecomeDatabases(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	for _, p := range []string{empty, filepath.Join(dir, "new.db")} {
		db, err := Open(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var mode string
		db.SQL().QueryRow(`PRAGMA journal_mode`).Scan(&mode)
		db.Close()
		if mode != "wal" {
			t.Errorf("%s: journal mode %q, want wal", p, mode)
		}
	}
}

// Two runs that both found a log missing and both send it: the one that
// commits second is told the log was already there (counted by what its
// transaction inserted, not by what it looked up before).
func TestWriteBatchCountsWhatItInserted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ra, _ := a.BeginRun("1", nil)
	rb, _ := b.BeginRun("1", nil)
	if w, err := a.WriteBatch(ra, []Log{rec("x", "g1", "17", "", 0), rec("y", "g1", "17", "", 0)}, nil); err != nil || w != (Written{Inserted: 2}) {
		t.Fatalf("first run: %+v %v", w, err)
	}
	w, err := b.WriteBatch(rb, []Log{rec("y", "g1", "17", "", 0), rec("z", "g2", "17", "", 0)}, nil)
	if err != nil || w != (Written{Inserted: 1, Existing: 1}) {
		t.Fatalf("second run: %+v %v, want 1 inserted, 1 existing", w, err)
	}
	moved := rec("y", "g9", "17", "", 0)
	moved.Algorithm = "2"
	if w, _ := b.WriteBatch(rb, []Log{moved}, nil); w != (Written{Inserted: 1}) {
		t.Errorf("re-signed under a new algorithm: %+v, want inserted", w)
	}
}
