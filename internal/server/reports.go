package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// State is where a report is in its life.
type State string

// The states of a report.
const (
	Pending     State = "pending"     // stored, waiting for the worker
	Processed   State = "processed"   // parsed, explained, signed, grouped
	Quarantined State = "quarantined" // redaction still found something: never processed
	Failed      State = "failed"      // the worker failed (or panicked) on it; the body is kept
	Counted     State = "counted"     // count only: the sender's group had samples enough
)

// maxText bounds every text field the sender chooses.
const maxText = 256

// Report is one received report as ingested.
type Report struct {
	SHA256     string
	Body       []byte // nil for a count-only report
	Received   time.Time
	Host       string // the sender's host name (from the spool record), else its address
	Addr       string // the sender's network address
	AppVersion string
	Redactions map[string]int // what the sender's redaction replaced, by category
	State      State
	GroupID    string // count-only reports: the group the sender computed
}

// Ingest stores a report and, unless it is quarantined or count-only, a work
// item for it, in one transaction; a count-only report joins its group
// there and then (afterCrash). created is false when a report with that
// hash was already stored: nothing changes then (idempotent by content).
func (s *Store) Ingest(ctx context.Context, r Report) (created bool, err error) {
	red, _ := json.Marshal(r.Redactions)
	var group any
	if r.GroupID != "" {
		group = r.GroupID
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO reports
			(sha256, body, received_us, sender_host, sender_addr, app_version, redactions, state, group_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (sha256) DO NOTHING`,
			r.SHA256, r.Body, micros(r.Received), clean(r.Host), clean(r.Addr), clean(r.AppVersion), string(red), string(r.State), group)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n == 0 {
			return err
		}
		created = true
		if r.State == Counted && r.GroupID != "" {
			// a count-only crash joins its group now, without the worker:
			// it changes the group's status as a processed one would
			return afterCrash(ctx, tx, crash{group: r.GroupID, received: micros(r.Received), host: clean(r.Host), joins: true}, micros(s.now()))
		}
		if r.State != Pending {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO work (sha256, created_us) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING`,
			r.SHA256, micros(r.Received))
		return err
	})
	return created, err
}

// Has reports whether a report with this hash is stored.
func (s *Store) Has(ctx context.Context, sha string) (bool, error) {
	var one int
	err := s.DB.QueryRowContext(ctx, `SELECT 1 FROM reports WHERE sha256 = $1`, sha).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// StoredReport is a report as the store has it.
type StoredReport struct {
	SHA256           string
	Body             []byte
	Received         time.Time
	Host             string
	State            State
	Class, Cause     string
	GroupID          string
	ParserVersion    string
	SignatureVersion string
	Error            string
	AppVersion       string
	Redactions       map[string]int // what redaction replaced, by category
}

// Report reads one stored report.
func (s *Store) Report(ctx context.Context, sha string) (StoredReport, error) {
	var r StoredReport
	var us int64
	var group sql.NullString
	var red string
	err := s.DB.QueryRowContext(ctx, `SELECT sha256, body, received_us, sender_host, state, class, cause,
		group_id, parser_version, signature_version, error, app_version, redactions FROM reports WHERE sha256 = $1`, sha).
		Scan(&r.SHA256, &r.Body, &us, &r.Host, &r.State, &r.Class, &r.Cause, &group, &r.ParserVersion, &r.SignatureVersion, &r.Error,
			&r.AppVersion, &red)
	r.Received, r.GroupID = time.UnixMicro(us).UTC(), group.String
	if err == nil {
		json.Unmarshal([]byte(red), &r.Redactions) // stored by Ingest; unreadable means none
	}
	return r, err
}

// Count is the number of stored reports in each state.
func (s *Store) Count(ctx context.Context) (map[State]int, error) {
	return countBy[State](ctx, s.DB, `SELECT state, COUNT(*) FROM reports GROUP BY state`)
}

// countBy runs a "SELECT key, COUNT(*) … GROUP BY key" query into a map.
func countBy[K comparable](ctx context.Context, db *sql.DB, query string, args ...any) (map[K]int, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[K]int{}
	for rows.Next() {
		var k K
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// clean makes a sender's text storable in both databases: valid UTF-8, no
// NUL (PostgreSQL's TEXT refuses both), bounded.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\x00", "")
	if len(s) > maxText {
		s = strings.ToValidUTF8(s[:maxText], "")
	}
	return s
}
