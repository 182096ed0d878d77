package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/hserr/hserr/internal/model"
)

// Group reads one group; ErrNoGroup when it has no reports.
func (s *Store) Group(ctx context.Context, id string) (Group, error) {
	gs, err := s.QueryGroups(ctx, Query{ID: id, Limit: 1})
	if err != nil {
		return Group{}, err
	}
	if len(gs) == 0 {
		return Group{}, ErrNoGroup
	}
	return gs[0], nil
}

// ReportRow is one report in a group's listing (no body).
type ReportRow struct {
	SHA256     string    `json:"sha256"`
	Received   time.Time `json:"received"`
	Host       string    `json:"host"`
	AppVersion string    `json:"app_version,omitempty"`
	JDK        string    `json:"jdk,omitempty"`
	State      State     `json:"state"`
}

// GroupReports lists up to limit reports of a group, newest first.
func (s *Store) GroupReports(ctx context.Context, id string, limit int) ([]ReportRow, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT sha256, received_us, sender_host, app_version, jdk, state
		FROM reports WHERE group_id = $1 ORDER BY received_us DESC, sha256 LIMIT $2`, id, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ReportRow{}
	for rows.Next() {
		var r ReportRow
		var us int64
		if err := rows.Scan(&r.SHA256, &us, &r.Host, &r.AppVersion, &r.JDK, &r.State); err != nil {
			return nil, err
		}
		r.Received = since(us)
		out = append(out, r)
	}
	return out, rows.Err()
}

// LatestSample is the newest processed report of a group that has a body
// (count-only reports have none); ok is false when there is none.
func (s *Store) LatestSample(ctx context.Context, id string) (sha string, body []byte, ok bool, err error) {
	err = s.DB.QueryRowContext(ctx, `SELECT sha256, body FROM reports
		WHERE group_id = $1 AND state = $2 AND body IS NOT NULL ORDER BY received_us DESC, sha256 LIMIT 1`,
		id, string(Processed)).Scan(&sha, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, false, nil
	}
	return sha, body, err == nil, err
}

// DayVersion is a day (its Unix day number) and an application version.
type DayVersion struct {
	Day     int64
	Version string // "" when the sender gave none
}

// DailyCounts counts a group's reports per UTC day and application
// version from since on, for the trend chart.
func (s *Store) DailyCounts(ctx context.Context, id string, since time.Time) (map[DayVersion]int, error) {
	// 86400000000 µs a day, a literal: PostgreSQL groups by the same
	// expression only when it is written the same (not two parameters).
	rows, err := s.DB.QueryContext(ctx, `SELECT received_us / 86400000000, app_version, COUNT(*) FROM reports
		WHERE group_id = $1 AND received_us >= $2 GROUP BY received_us / 86400000000, app_version`, id, micros(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[DayVersion]int{}
	for rows.Next() {
		var k DayVersion
		var n int
		if err := rows.Scan(&k.Day, &k.Version, &n); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}

// Facet is one dimension of a group's reports and its values' counts,
// most frequent first.
type Facet struct {
	Name   string       `json:"name"`
	Values []FacetValue `json:"values"`         // at most maxFacetValues
	More   int          `json:"more,omitempty"` // values left out
}

// maxFacetValues bounds a facet (a group on thousands of hosts).
const maxFacetValues = 20

// FacetValue is one value of a facet.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// facetColumns are the report columns a group is broken down by, in the
// order of the page (what runs, where, how, then whose), with their names
// on the page; fixed names, never input. A facet with an order lists its
// values in that order (uptime buckets, shortest first) rather than most
// frequent first.
var facetColumns = []struct {
	col, name string
	order     []string
}{
	{col: "jdk", name: "JDK build"},
	{col: "jdk_vendor", name: "JDK vendor"},
	{col: "os", name: "OS"},
	{col: "kernel", name: "Kernel"},
	{col: "arch", name: "CPU"},
	{col: "gc", name: "GC"},
	{col: "container", name: "Container"},
	{col: "uptime", name: "Uptime", order: model.UptimeBuckets},
	{col: "app_version", name: "App version"},
	{col: "sender_host", name: "Host"},
}

// Facets breaks a group's reports down by each of facetColumns (empty
// values, as on count-only reports and logs that do not say, are left
// out).
func (s *Store) Facets(ctx context.Context, id string) ([]Facet, error) {
	var out []Facet
	for _, fc := range facetColumns {
		counts, err := countBy[string](ctx, s.DB, fmt.Sprintf(`SELECT %s, COUNT(*) FROM reports
			WHERE group_id = $1 AND %s <> '' GROUP BY %s`, fc.col, fc.col, fc.col), id)
		if err != nil {
			return nil, err
		}
		out = append(out, NewFacet(fc.name, counts, fc.order))
	}
	return out, nil
}

// NewFacet is a facet of the values counted: in the order given, values
// it does not name after them; without an order, most frequent first
// (then by value). The first maxFacetValues are kept, the rest counted.
func NewFacet(name string, counts map[string]int, order []string) Facet {
	f := Facet{Name: name}
	for v, n := range counts {
		f.Values = append(f.Values, FacetValue{v, n})
	}
	rank := func(v string) int {
		if i := slices.Index(order, v); i >= 0 {
			return i
		}
		return len(order)
	}
	sort.Slice(f.Values, func(i, j int) bool {
		a, b := f.Values[i], f.Values[j]
		if ra, rb := rank(a.Value), rank(b.Value); ra != rb {
			return ra < rb
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Value < b.Value
	})
	if len(f.Values) > maxFacetValues {
		f.More, f.Values = len(f.Values)-maxFacetValues, f.Values[:maxFacetValues]
	}
	return f
}
