// Package server is hserr's fleet server: an HTTP ingest API that stores
// crash reports idempotently (the content hash is the key), a background
// worker that parses, explains and signs them, and the groups they make.
// Storage is embedded SQLite by default and PostgreSQL for more than one
// server; the same goose migrations and the same tests run on both.
package server

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Dialect is the kind of database behind a Store.
type Dialect string

// The dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// sqliteBusy is how long an SQLite writer waits for the lock: the server
// serialises its own writers, so only another process makes it wait.
const sqliteBusy = 10 * time.Second

// pgMaxConns is the most PostgreSQL connections one server holds.
const pgMaxConns = 8

// Store is the server's database.
type Store struct {
	DB      *sql.DB
	Dialect Dialect
	now     func() time.Time
}

// Open opens (and migrates) the database named by url: "sqlite:PATH" or
// "postgres://…" (also "postgresql://…").
func Open(ctx context.Context, url string) (*Store, error) {
	s, err := connect(url)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.DB.Close()
		if s.Dialect == SQLite {
			// name the file: "unable to open database file" alone does not
			return nil, fmt.Errorf("opening %s (its directory must exist and be writable): %w", url, err)
		}
		return nil, fmt.Errorf("migrating %s: %w", s.Dialect, err)
	}
	return s, nil
}

// connect opens the database named by url, as it is.
func connect(url string) (*Store, error) {
	d, dsn, err := parseURL(url)
	if err != nil {
		return nil, err
	}
	var db *sql.DB
	switch d {
	case SQLite:
		db, err = sql.Open("sqlite", sqliteDSN(dsn))
		if err == nil {
			// one connection: SQLite has one writer at a time, and waiting
			// in Go's pool is cheaper and fairer than SQLITE_BUSY retries
			db.SetMaxOpenConns(1)
		}
	case Postgres:
		db, err = sql.Open("pgx", dsn)
		if err == nil {
			// bounded: requests wait for a connection rather than push
			// PostgreSQL past max_connections (100 by default), which
			// several servers and their workers share
			db.SetMaxOpenConns(pgMaxConns)
			db.SetMaxIdleConns(pgMaxConns)
		}
	}
	if err != nil {
		return nil, err
	}
	return &Store{DB: db, Dialect: d, now: time.Now}, nil
}

// parseURL splits a --db value into the dialect and the driver's DSN.
func parseURL(url string) (Dialect, string, error) {
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		p := strings.TrimPrefix(url, "sqlite:")
		if p == "" {
			return "", "", errors.New("sqlite: needs a path (sqlite:/var/lib/hserr/hserr.db)")
		}
		return SQLite, p, nil
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return Postgres, url, nil
	}
	return "", "", fmt.Errorf("database %q: want sqlite:PATH or postgres://…", url)
}

// sqliteDSN adds the pragmas the server relies on: WAL (readers do not
// block the writer), foreign keys, and a busy timeout.
func sqliteDSN(path string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return fmt.Sprintf("file:%s%s_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(%d)&_txlock=immediate",
		path, sep, sqliteBusy.Milliseconds())
}

// migrate brings the schema up to date. On PostgreSQL a session lock
// (pg_advisory_lock) makes two servers starting at once take turns.
func (s *Store) migrate(ctx context.Context) error {
	p, err := s.migrations()
	if err != nil {
		return err
	}
	_, err = p.Up(ctx)
	// goose has no lock for SQLite: a second process migrating the same
	// file at the same moment fails on a migration the first committed
	// (each runs in a transaction, so nothing is half done). Trying again
	// reads the new version and applies only what is left.
	for try := 1; err != nil && s.Dialect == SQLite && try < sqliteMigrateTries; try++ {
		time.Sleep(time.Duration(try) * 50 * time.Millisecond)
		_, err = p.Up(ctx)
	}
	return err
}

// migrations is goose's provider of the schema's migrations: the SQL
// files and the Go migration 6.
func (s *Store) migrations() (*goose.Provider, error) {
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	opts := []goose.ProviderOption{goose.WithGoMigrations(rateLimitsMigration(s.Dialect))}
	if s.Dialect == Postgres {
		dialect = goose.DialectPostgres
		// probe every second (goose's default is 5 s) for up to 5 minutes
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	return goose.NewProvider(dialect, s.DB, sub, opts...)
}

// sqliteMigrateTries bounds the retries of a raced SQLite migration.
const sqliteMigrateTries = 5

// rateLimitsMigration is migration 6, in Go because its SQL differs: the
// per-sender rate limits every server shares (ratelimit.go), one row per
// sender address, full_us the time its bucket is full again. A row whose
// time has passed means the same as none and is pruned. On PostgreSQL the
// table is UNLOGGED: a bucket lost in a crash is a full one, and a commit
// that wrote only unlogged rows does not wait for the WAL to reach the
// disk (the limit's statement took a quarter of the time on the test
// machine).
func rateLimitsMigration(d Dialect) *goose.Migration {
	create := `CREATE TABLE rate_limits (sender TEXT PRIMARY KEY, full_us BIGINT NOT NULL)`
	if d == Postgres {
		create = strings.Replace(create, "CREATE TABLE", "CREATE UNLOGGED TABLE", 1)
	}
	return goose.NewGoMigration(6, migrationStep(create), migrationStep(`DROP TABLE rate_limits`))
}

// migrationStep is a migration step of one statement.
func migrationStep(stmt string) *goose.GoFunc {
	return &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, stmt)
		return err
	}}
}

// Close closes the database.
func (s *Store) Close() error { return s.DB.Close() }

// micros is a time as stored.
func micros(t time.Time) int64 { return t.UnixMicro() }

// inTx runs fn in a transaction, committed when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
