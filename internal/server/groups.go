package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// Status is a group's place in its lifecycle.
type Status string

// The lifecycle of a group: new when first seen; resolved in a version by
// a person; regressed when it crashes again after that; muted by a person
// until it escalates (crashes on a new host, or as often again as before
// the mute: lifecycle.go), when it is regressed too.
const (
	StatusNew       Status = "new"
	StatusResolved  Status = "resolved"
	StatusRegressed Status = "regressed"
	StatusMuted     Status = "muted"
)

// Verdict is a group's class and cause.
type Verdict struct {
	Class string `json:"class"`
	Cause string `json:"cause"`
}

// Group is one crash signature and what is known of its crashes. Counts,
// times, hosts and JDKs are computed from the reports when asked for, so
// they are right however many servers ingest at once and after a reprocess
// moved reports between groups.
type Group struct {
	ID          string    `json:"id"`
	Signature   string    `json:"signature"`
	Verdict     Verdict   `json:"verdict"`
	Count       int       `json:"count"`
	Hosts       []string  `json:"hosts"`
	FirstSeen   time.Time `json:"first_seen"`
	LastSeen    time.Time `json:"last_seen"`
	JDKs        []string  `json:"jdks"`
	AppVersions []string  `json:"app_versions"`
	Status      Status    `json:"status"`
	ResolvedIn  string    `json:"resolved_in,omitempty"`
	IssueURL    string    `json:"issue_url,omitempty"` // the issue it is tracked in
}

// Query selects groups.
type Query struct {
	Status Status // "": any
	ID     string // "": any
	// Since and Until bound the reports counted (received time; zero: no
	// bound): a group is listed when it has reports in the window, and its
	// count, first and last seen are the window's.
	Since, Until time.Time
	// JDK, Host and App keep only reports of that JDK build, sender host
	// and application version ("": any); count-only reports have no JDK.
	JDK, Host, App string
	OS, Arch       string // OS family (linux, windows, macos, …) and CPU
	Limit          int    // 0: DefaultGroupLimit; at most MaxGroupLimit
}

// Bounds of a groups listing: the answer is built in memory.
const (
	DefaultGroupLimit = 1000
	MaxGroupLimit     = 10000
)

// Groups lists the groups with at least one report, most recent first.
func (s *Store) Groups(ctx context.Context) ([]Group, error) { return s.QueryGroups(ctx, Query{}) }

// QueryGroups lists the groups q selects, most recent first.
func (s *Store) QueryGroups(ctx context.Context, q Query) ([]Group, error) {
	if q.Limit <= 0 {
		q.Limit = DefaultGroupLimit
	}
	q.Limit = min(q.Limit, MaxGroupLimit)
	// filters come from URLs: made storable like the stored values (a NUL
	// or invalid UTF-8 would make PostgreSQL fail the query), and bounded
	q.JDK, q.Host, q.App, q.OS, q.Arch = clean(q.JDK), clean(q.Host), clean(q.App), clean(q.OS), clean(q.Arch)
	rows, err := s.DB.QueryContext(ctx, `SELECT g.id, g.signature, g.class, g.cause, g.status, g.resolved_in, g.issue_url,
		COUNT(r.sha256), MIN(r.received_us), MAX(r.received_us)
		FROM crash_groups g JOIN reports r ON r.group_id = g.id
		WHERE ($1 = '' OR g.status = $2) AND ($3 = '' OR g.id = $4) AND r.received_us >= $5 AND r.received_us < $6
			AND ($7 = '' OR r.jdk = $8) AND ($9 = '' OR r.sender_host = $10) AND ($11 = '' OR r.app_version = $12)
			AND ($13 = '' OR r.os = $14) AND ($15 = '' OR r.arch = $16)
		GROUP BY g.id, g.signature, g.class, g.cause, g.status, g.resolved_in, g.issue_url
		ORDER BY MAX(r.received_us) DESC, g.id LIMIT $17`, string(q.Status), string(q.Status), q.ID, q.ID,
		windowStart(q.Since), windowEnd(q.Until), q.JDK, q.JDK, q.Host, q.Host, q.App, q.App,
		q.OS, q.OS, q.Arch, q.Arch, q.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Group{}
	idx := map[string]int{}
	for rows.Next() {
		var g Group
		var first, last int64
		if err := rows.Scan(&g.ID, &g.Signature, &g.Verdict.Class, &g.Verdict.Cause, &g.Status, &g.ResolvedIn, &g.IssueURL,
			&g.Count, &first, &last); err != nil {
			return nil, err
		}
		g.FirstSeen, g.LastSeen = since(first), since(last)
		g.Hosts, g.JDKs, g.AppVersions = []string{}, []string{}, []string{}
		idx[g.ID] = len(out)
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	err = s.distinct(ctx, "sender_host", func(id, v string) { out[idx[id]].Hosts = append(out[idx[id]].Hosts, v) }, idx)
	if err == nil {
		err = s.distinct(ctx, "jdk", func(id, v string) { out[idx[id]].JDKs = append(out[idx[id]].JDKs, v) }, idx)
	}
	if err == nil {
		err = s.distinct(ctx, "app_version", func(id, v string) { out[idx[id]].AppVersions = append(out[idx[id]].AppVersions, v) }, idx)
	}
	return out, err
}

// distinct feeds the distinct non-empty values of a reports column per
// group to add, sorted. col is one of the fixed names above, never input.
func (s *Store) distinct(ctx context.Context, col string, add func(id, v string), idx map[string]int) error {
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT DISTINCT group_id, %s FROM reports
		WHERE group_id IS NOT NULL AND %s <> '' ORDER BY group_id, %s`, col, col, col))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		if _, ok := idx[id]; ok {
			add(id, v)
		}
	}
	return rows.Err()
}

// ErrNoGroup is returned for an unknown group id.
var ErrNoGroup = errors.New("no such group")

// GroupSamples is the number of stored reports (with a body) in a group.
func (s *Store) GroupSamples(ctx context.Context, id string) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE group_id = $1 AND body IS NOT NULL`, id).Scan(&n)
	return n, err
}

// windowStart and windowEnd turn a query's bounds into received_us bounds
// (zero: unbounded).
func windowStart(t time.Time) int64 {
	if t.IsZero() {
		return math.MinInt64
	}
	return micros(t)
}

func windowEnd(t time.Time) int64 {
	if t.IsZero() {
		return math.MaxInt64
	}
	return micros(t)
}
