// Package store keeps triage results in an embedded SQLite database (the
// pure-Go modernc.org/sqlite driver: no cgo). Repeated runs add new logs,
// identical files are recognised by the sha256 of their content, and groups
// are keyed by the signature hash, so a group keeps its id for as long as
// the signature algorithm is unchanged.
//
// The schema is created and upgraded by numbered migrations recorded in the
// schema_version table; a database written by a newer hserr is refused
// rather than damaged.
package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Memory is the path of a throw-away in-memory database.
const Memory = ":memory:"

// DB is an open triage database.
type DB struct {
	db     *sql.DB
	stored *sql.Stmt // Stored's query, prepared once
	Path   string
}

// migrations are applied in order; migration i+1 brings the schema to
// version i+1. Never edit a released migration: append a new one.
var migrations = []string{
	// 1: runs, groups, logs, skips.
	`CREATE TABLE runs (
		id          INTEGER PRIMARY KEY,
		started_at  TEXT    NOT NULL,
		finished_at TEXT,
		algorithm   TEXT    NOT NULL,
		inputs      TEXT    NOT NULL DEFAULT '[]',
		seen        INTEGER NOT NULL DEFAULT 0,
		added       INTEGER NOT NULL DEFAULT 0,
		duplicates  INTEGER NOT NULL DEFAULT 0,
		skipped     INTEGER NOT NULL DEFAULT 0
	);
	CREATE TABLE groups (
		id          TEXT    PRIMARY KEY,
		algorithm   TEXT    NOT NULL,
		signature   TEXT    NOT NULL,
		class       TEXT    NOT NULL,
		notes       TEXT    NOT NULL DEFAULT '[]',
		created_run INTEGER REFERENCES runs(id)
	);
	CREATE TABLE logs (
		id          INTEGER PRIMARY KEY,
		sha256      TEXT    NOT NULL UNIQUE,
		path        TEXT    NOT NULL,
		size        INTEGER NOT NULL,
		kind        TEXT    NOT NULL,
		jdk         TEXT    NOT NULL DEFAULT '',
		jdk_major   INTEGER NOT NULL DEFAULT 0,
		platform    TEXT    NOT NULL DEFAULT '',
		host        TEXT    NOT NULL DEFAULT '',
		crash_time  TEXT    NOT NULL DEFAULT '',
		crash_unix  INTEGER,
		signal      TEXT    NOT NULL DEFAULT '',
		problematic TEXT    NOT NULL DEFAULT '',
		class       TEXT    NOT NULL DEFAULT '',
		confidence  REAL    NOT NULL DEFAULT 0,
		algorithm   TEXT    NOT NULL,
		group_id    TEXT    NOT NULL REFERENCES groups(id),
		run_id      INTEGER NOT NULL REFERENCES runs(id),
		added_unix  INTEGER NOT NULL
	);
	CREATE INDEX logs_group ON logs(group_id);
	CREATE TABLE skips (
		id      INTEGER PRIMARY KEY,
		run_id  INTEGER NOT NULL REFERENCES runs(id),
		path    TEXT    NOT NULL,
		reason  TEXT    NOT NULL
	);
	CREATE INDEX skips_run ON skips(run_id);`,
	// 2: per-algorithm lookups of groups.
	`CREATE INDEX groups_algorithm ON groups(algorithm);`,
	// 3: the verdict's one-line cause and remedy, per group.
	`ALTER TABLE groups ADD COLUMN cause TEXT NOT NULL DEFAULT '';
	ALTER TABLE groups ADD COLUMN remedy TEXT NOT NULL DEFAULT '[]';`,
	// 4: the facets a group is broken down by (model/facets.go), per log.
	`ALTER TABLE logs ADD COLUMN jdk_vendor TEXT NOT NULL DEFAULT '';
	ALTER TABLE logs ADD COLUMN kernel TEXT NOT NULL DEFAULT '';
	ALTER TABLE logs ADD COLUMN gc TEXT NOT NULL DEFAULT '';
	ALTER TABLE logs ADD COLUMN container TEXT NOT NULL DEFAULT '';
	ALTER TABLE logs ADD COLUMN uptime TEXT NOT NULL DEFAULT '';`,
}

// SchemaVersion is the schema version this build writes.
var SchemaVersion = len(migrations)

// Open opens (creating if needed) the database at path and brings its schema
// up to date. path may be Memory.
func Open(path string) (*DB, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_txlock", "immediate")
	dsn := path
	if path != Memory {
		// Nothing is written to a file before it is known to be ours (or
		// new): journal_mode(WAL) would convert someone else's database.
		if err := checkFile(path); err != nil {
			return nil, err
		}
		q.Add("_pragma", "synchronous(NORMAL)")
		dsn = "file:" + (&url.URL{Path: path}).EscapedPath()
	}
	db, err := sql.Open("sqlite", dsn+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	if path == Memory {
		// Each connection of :memory: is its own database.
		db.SetMaxOpenConns(1)
	}
	d := &DB{db: db, Path: path}
	if err := d.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if path != Memory {
		// WAL lets readers (a report) run beside a triage run; it is a
		// property of the file, set once it is known to be an hserr one.
		if _, err := db.Exec(`PRAGMA journal_mode=WAL`); err != nil {
			db.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	if d.stored, err = db.Prepare(`SELECT algorithm FROM logs WHERE sha256 = ?`); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// Close closes the database.
func (d *DB) Close() error {
	d.stored.Close()
	return d.db.Close()
}

// SQL exposes the handle for read-only queries (reports, tests).
func (d *DB) SQL() *sql.DB { return d.db }

// Version returns the schema version recorded in the database.
func (d *DB) Version() (int, error) {
	var v int
	err := d.db.QueryRow(`SELECT version FROM schema_version`).Scan(&v)
	return v, err
}

func (d *DB) migrate() error {
	ctx := context.Background()
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := ours(tx); err != nil {
		return err
	}
	if _, err := tx.Exec(`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("not an hserr triage database (or not SQLite): %w", err)
	}
	var v int
	switch err := tx.QueryRow(`SELECT version FROM schema_version`).Scan(&v); {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.Exec(`INSERT INTO schema_version(version) VALUES (0)`); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	if v > len(migrations) {
		return fmt.Errorf("database schema version %d is newer than this hserr understands (%d): upgrade hserr", v, len(migrations))
	}
	for i := v; i < len(migrations); i++ {
		if _, err := tx.Exec(migrations[i]); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
		if _, err := tx.Exec(`UPDATE schema_version SET version = ?`, i+1); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// sqliteMagic starts every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// checkFile refuses a non-empty file that is not an SQLite database, before
// the driver touches it.
func checkFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil // a new database
	}
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, len(sqliteMagic))
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF || err == nil) {
		return nil // empty: SQLite treats it as a new database
	}
	if string(head[:n]) != sqliteMagic {
		return fmt.Errorf("%s: not an SQLite database; refusing to write to it (choose another --db)", path)
	}
	return nil
}

// ours refuses an SQLite database that holds tables but no schema_version:
// somebody else's database, which hserr must not add its tables to.
func ours(tx *sql.Tx) error {
	rows, err := tx.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return fmt.Errorf("not an hserr triage database (or not SQLite): %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return err
		}
		if n == "schema_version" {
			return nil
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(names) > 0 {
		if len(names) > 5 {
			names = append(names[:5], "…")
		}
		return fmt.Errorf("an SQLite database that is not hserr's (tables %s); refusing to write to it (choose another --db)", strings.Join(names, ", "))
	}
	return nil
}

// Log is one stored log.
type Log struct {
	SHA256      string  `json:"sha256"`
	Path        string  `json:"path"`
	Size        int64   `json:"size"`
	Kind        string  `json:"kind"`
	JDK         string  `json:"jdk,omitempty"`
	JDKMajor    int     `json:"jdk_major,omitempty"`
	Platform    string  `json:"platform,omitempty"`
	Host        string  `json:"host,omitempty"`
	CrashTime   string  `json:"crash_time,omitempty"`
	CrashUnix   int64   `json:"crash_unix,omitempty"` // 0: unknown
	Signal      string  `json:"signal,omitempty"`
	Problematic string  `json:"problematic_frame,omitempty"`
	Class       string  `json:"class"`
	Confidence  float64 `json:"confidence,omitempty"`
	Algorithm   string  `json:"algorithm"`
	GroupID     string  `json:"group_id"`
	// Signature, Notes, Cause and Remedy describe the group (written once
	// per group, from its first log).
	Signature string   `json:"-"`
	Notes     []string `json:"-"`
	Cause     string   `json:"-"`
	Remedy    []string `json:"-"`
	RunID     int64    `json:"run_id,omitempty"`
	// Facets: the log's JDK vendor, kernel, collector, container limits
	// and uptime bucket (model/facets.go), for the HTML export's group
	// pages; not in the JSON contract.
	Facets LogFacets `json:"-"`
}

// LogFacets are the model's facet values of one log.
type LogFacets struct{ JDKVendor, Kernel, GC, Container, Uptime string }

// Skip is an input that was reported and not stored.
type Skip struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Run describes one triage run.
type Run struct {
	ID         int64     `json:"id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at,omitempty"`
	Algorithm  string    `json:"algorithm"`
	Inputs     []string  `json:"inputs"`
	Seen       int       `json:"seen"`
	Added      int       `json:"added"`
	Duplicates int       `json:"duplicates"`
	Skipped    int       `json:"skipped"`
}

// BeginRun records the start of a run and returns its id.
func (d *DB) BeginRun(algorithm string, inputs []string) (int64, error) {
	in, _ := json.Marshal(inputs)
	res, err := d.db.Exec(`INSERT INTO runs(started_at, algorithm, inputs) VALUES (?, ?, ?)`,
		time.Now().UTC().Format(time.RFC3339), algorithm, string(in))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}

// FinishRun records a run's totals.
func (d *DB) FinishRun(r Run) error {
	_, err := d.db.Exec(`UPDATE runs SET finished_at = ?, seen = ?, added = ?, duplicates = ?, skipped = ? WHERE id = ?`,
		time.Now().UTC().Format(time.RFC3339), r.Seen, r.Added, r.Duplicates, r.Skipped, r.ID)
	return err
}

// Runs lists the recorded runs, oldest first.
func (d *DB) Runs() ([]Run, error) {
	rows, err := d.db.Query(`SELECT id, started_at, COALESCE(finished_at, ''), algorithm, inputs, seen, added, duplicates, skipped FROM runs ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var st, fin, in string
		if err := rows.Scan(&r.ID, &st, &fin, &r.Algorithm, &in, &r.Seen, &r.Added, &r.Duplicates, &r.Skipped); err != nil {
			return nil, err
		}
		r.StartedAt, _ = time.Parse(time.RFC3339, st)
		r.FinishedAt, _ = time.Parse(time.RFC3339, fin)
		_ = json.Unmarshal([]byte(in), &r.Inputs)
		out = append(out, r)
	}
	return out, rows.Err()
}

// EachStored calls fn with the content hash of every log stored under
// algorithm, streaming the rows.
func (d *DB) EachStored(algorithm string, fn func(sum [32]byte)) error {
	rows, err := d.db.Query(`SELECT sha256 FROM logs WHERE algorithm = ?`, algorithm)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return err
		}
		var sum [32]byte
		if n, err := hex.Decode(sum[:], []byte(h)); err != nil || n != 32 {
			return fmt.Errorf("bad sha256 %q in the logs table", h)
		}
		fn(sum)
	}
	return rows.Err()
}

// Stored reports whether a log with this content hash (hex sha256) is
// stored, and under which signature algorithm. Triage asks it for every
// input, so that memory does not grow with the number of stored logs.
func (d *DB) Stored(sha string) (algorithm string, ok bool, err error) {
	err = d.stored.QueryRow(sha).Scan(&algorithm)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return algorithm, err == nil, err
}

// Written says what a batch really added: Inserted logs are new under
// their algorithm; Existing ones were stored (under the same algorithm) by
// another run between this run's look-up and its commit.
type Written struct{ Inserted, Existing int }

// WriteBatch stores logs (insert, or update the signature of a log seen
// before under another algorithm) and skips of run runID in one transaction.
func (d *DB) WriteBatch(runID int64, logs []Log, skips []Skip) (Written, error) {
	var w Written
	if len(logs) == 0 && len(skips) == 0 {
		return w, nil
	}
	tx, err := d.db.Begin()
	if err != nil {
		return w, err
	}
	defer tx.Rollback()
	// A log's group is written after the log (only when the log is new),
	// so the foreign key is checked at commit.
	if _, err := tx.Exec(`PRAGMA defer_foreign_keys = ON`); err != nil {
		return w, err
	}
	grp, err := tx.Prepare(`INSERT INTO groups(id, algorithm, signature, class, notes, created_run, cause, remedy) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`)
	if err != nil {
		return w, err
	}
	defer grp.Close()
	ins, err := tx.Prepare(`INSERT INTO logs(sha256, path, size, kind, jdk, jdk_major, platform, host, crash_time, crash_unix,
		signal, problematic, class, confidence, algorithm, group_id, run_id, added_unix,
		jdk_vendor, kernel, gc, container, uptime)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(sha256) DO UPDATE SET kind = excluded.kind, jdk = excluded.jdk, jdk_major = excluded.jdk_major,
		platform = excluded.platform, host = excluded.host, crash_time = excluded.crash_time, crash_unix = excluded.crash_unix,
		signal = excluded.signal, problematic = excluded.problematic, class = excluded.class, confidence = excluded.confidence,
		algorithm = excluded.algorithm, group_id = excluded.group_id,
		jdk_vendor = excluded.jdk_vendor, kernel = excluded.kernel, gc = excluded.gc,
		container = excluded.container, uptime = excluded.uptime
		WHERE logs.algorithm IS NOT excluded.algorithm`)
	if err != nil {
		return w, err
	}
	defer ins.Close()
	now := time.Now().Unix()
	seenGroup := map[string]bool{}
	for _, l := range logs {
		var cu any
		if l.CrashUnix != 0 {
			cu = l.CrashUnix
		}
		// Counted by what the statement changed, inside the (immediate, so
		// serialised) transaction: a log another run stored under the same
		// algorithm since this run looked is that run's, a duplicate here.
		res, err := ins.Exec(l.SHA256, l.Path, l.Size, l.Kind, l.JDK, l.JDKMajor, l.Platform, l.Host, l.CrashTime, cu,
			l.Signal, l.Problematic, l.Class, l.Confidence, l.Algorithm, l.GroupID, runID, now,
			l.Facets.JDKVendor, l.Facets.Kernel, l.Facets.GC, l.Facets.Container, l.Facets.Uptime)
		if err != nil {
			return w, fmt.Errorf("log %s: %w", l.Path, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return w, err
		}
		if n == 0 {
			w.Existing++
			continue
		}
		w.Inserted++
		if !seenGroup[l.GroupID] {
			seenGroup[l.GroupID] = true
			notes, _ := json.Marshal(l.Notes)
			remedy, _ := json.Marshal(orEmpty(l.Remedy))
			if _, err := grp.Exec(l.GroupID, l.Algorithm, l.Signature, l.Class, string(notes), runID, l.Cause, string(remedy)); err != nil {
				return w, fmt.Errorf("group %s: %w", l.GroupID, err)
			}
		}
	}
	if len(skips) > 0 {
		sk, err := tx.Prepare(`INSERT INTO skips(run_id, path, reason) VALUES (?, ?, ?)`)
		if err != nil {
			return w, err
		}
		defer sk.Close()
		for _, s := range skips {
			if _, err := sk.Exec(runID, s.Path, s.Reason); err != nil {
				return w, err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return Written{}, err
	}
	return w, nil
}

// Group is a group with its aggregates.
type Group struct {
	Rank      int      `json:"rank"`
	ID        string   `json:"id"`
	Algorithm string   `json:"algorithm"`
	Signature string   `json:"signature"`
	Class     string   `json:"verdict"`
	Notes     []string `json:"notes"`
	Count     int      `json:"count"`
	// New counts the logs added by the run the report is for.
	New int `json:"new"`
	// JDKs and Hosts: distinct values, most frequent first (capped at
	// MaxDistinct; JDKCount and HostCount have the totals).
	JDKs      []string `json:"jdks"`
	JDKCount  int      `json:"jdk_count"`
	Hosts     []string `json:"hosts"`
	HostCount int      `json:"host_count"`
	// FirstSeen and LastSeen are the earliest and latest crash times the
	// logs state, RFC 3339 UTC ("" when no log of the group has one).
	FirstSeen string `json:"first_seen"`
	LastSeen  string `json:"last_seen"`
	// FirstAdded is when the group's first log entered the database.
	FirstAdded string `json:"first_added"`
	// Cause and Remedy are the verdict's, from the group's first log.
	Cause  string   `json:"cause"`
	Remedy []string `json:"remedy"`
	// Paths of the group's logs, oldest first (at most MaxGroupPaths).
	Paths []string `json:"paths"`
}

// MaxGroupPaths caps the member paths listed per group.
const MaxGroupPaths = 100

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// MaxDistinct caps the distinct JDKs and hosts listed per group.
const MaxDistinct = 20

// Groups returns the groups of one algorithm ranked by count (then id), with
// New counted for run runID.
func (d *DB) Groups(algorithm string, runID int64) ([]Group, error) {
	rows, err := d.db.Query(`SELECT g.id, g.signature, g.class, g.notes, g.cause, g.remedy, COUNT(l.id), COALESCE(SUM(l.run_id = ?), 0),
			COALESCE(MIN(l.crash_unix), 0), COALESCE(MAX(l.crash_unix), 0), MIN(l.added_unix)
		FROM groups g JOIN logs l ON l.group_id = g.id AND l.algorithm = g.algorithm
		WHERE g.algorithm = ?
		GROUP BY g.id ORDER BY COUNT(l.id) DESC, g.id`, runID, algorithm)
	if err != nil {
		return nil, err
	}
	var out []Group
	idx := map[string]int{}
	for rows.Next() {
		var g Group
		var notes, remedy string
		var first, last, added int64
		if err := rows.Scan(&g.ID, &g.Signature, &g.Class, &notes, &g.Cause, &remedy, &g.Count, &g.New, &first, &last, &added); err != nil {
			rows.Close()
			return nil, err
		}
		g.Algorithm = algorithm
		g.JDKs, g.Hosts, g.Paths = []string{}, []string{}, []string{}
		_ = json.Unmarshal([]byte(notes), &g.Notes)
		_ = json.Unmarshal([]byte(remedy), &g.Remedy)
		g.Remedy = orEmpty(g.Remedy)
		if first != 0 {
			g.FirstSeen = time.Unix(first, 0).UTC().Format(time.RFC3339)
			g.LastSeen = time.Unix(last, 0).UTC().Format(time.RFC3339)
		}
		g.FirstAdded = time.Unix(added, 0).UTC().Format(time.RFC3339)
		g.Rank = len(out) + 1
		idx[g.ID] = len(out)
		out = append(out, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := d.groupPaths(algorithm, out, idx); err != nil {
		return nil, err
	}
	for _, col := range []string{"jdk", "host"} {
		rows, err := d.db.Query(`SELECT group_id, `+col+`, COUNT(*) FROM logs WHERE algorithm = ? AND `+col+` != ''
			GROUP BY group_id, `+col+` ORDER BY group_id, COUNT(*) DESC, `+col, algorithm)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, v string
			var n int
			if err := rows.Scan(&id, &v, &n); err != nil {
				rows.Close()
				return nil, err
			}
			i, ok := idx[id]
			if !ok {
				continue
			}
			g := &out[i]
			if col == "jdk" {
				g.JDKCount++
				if len(g.JDKs) < MaxDistinct {
					g.JDKs = append(g.JDKs, v)
				}
			} else {
				g.HostCount++
				if len(g.Hosts) < MaxDistinct {
					g.Hosts = append(g.Hosts, v)
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// groupPaths lists each group's member paths, oldest first, up to
// MaxGroupPaths (Count has the total).
func (d *DB) groupPaths(algorithm string, out []Group, idx map[string]int) error {
	rows, err := d.db.Query(`SELECT group_id, path FROM logs WHERE algorithm = ? ORDER BY group_id, id`, algorithm)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, p string
		if err := rows.Scan(&id, &p); err != nil {
			return err
		}
		if i, ok := idx[id]; ok && len(out[i].Paths) < MaxGroupPaths {
			out[i].Paths = append(out[i].Paths, p)
		}
	}
	return rows.Err()
}

// GroupLogs returns up to limit logs of a group, newest crash first.
func (d *DB) GroupLogs(groupID string, limit int) ([]Log, error) {
	rows, err := d.db.Query(`SELECT sha256, path, size, kind, jdk, jdk_major, platform, host, crash_time, COALESCE(crash_unix, 0),
			signal, problematic, class, confidence, algorithm, group_id, run_id,
			jdk_vendor, kernel, gc, container, uptime
		FROM logs WHERE group_id = ? ORDER BY COALESCE(crash_unix, added_unix) DESC, path LIMIT ?`, groupID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Log
	for rows.Next() {
		var l Log
		if err := rows.Scan(&l.SHA256, &l.Path, &l.Size, &l.Kind, &l.JDK, &l.JDKMajor, &l.Platform, &l.Host, &l.CrashTime, &l.CrashUnix,
			&l.Signal, &l.Problematic, &l.Class, &l.Confidence, &l.Algorithm, &l.GroupID, &l.RunID,
			&l.Facets.JDKVendor, &l.Facets.Kernel, &l.Facets.GC, &l.Facets.Container, &l.Facets.Uptime); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Skips returns the skips recorded for a run, sorted by path.
func (d *DB) Skips(runID int64) ([]Skip, error) {
	rows, err := d.db.Query(`SELECT path, reason FROM skips WHERE run_id = ? ORDER BY id`, runID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Skip
	for rows.Next() {
		var s Skip
		if err := rows.Scan(&s.Path, &s.Reason); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.Compare(out[i].Path, out[j].Path) < 0 })
	return out, rows.Err()
}

// LogCount returns the number of stored logs.
func (d *DB) LogCount() (int, error) {
	var n int
	err := d.db.QueryRow(`SELECT COUNT(*) FROM logs`).Scan(&n)
	return n, err
}
