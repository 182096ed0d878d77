package server

import (
	"context"
	"time"
)

// HostRow is one host's crashes of one group: the same host and signature
// again and again is a crash loop.
type HostRow struct {
	Host      string    `json:"host"`
	GroupID   string    `json:"group"`
	Class     string    `json:"class"`
	Count     int       `json:"count"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// maxRows bounds the fleet views (built in memory).
const maxRows = 1000

// HostGroups lists (host, group) pairs by crash count, most first.
func (s *Store) HostGroups(ctx context.Context) ([]HostRow, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT r.sender_host, g.id, g.class, COUNT(*), MIN(r.received_us), MAX(r.received_us)
		FROM reports r JOIN crash_groups g ON g.id = r.group_id
		GROUP BY r.sender_host, g.id, g.class ORDER BY COUNT(*) DESC, MAX(r.received_us) DESC LIMIT $1`, maxRows)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []HostRow{}
	for rows.Next() {
		var h HostRow
		var first, last int64
		if err := rows.Scan(&h.Host, &h.GroupID, &h.Class, &h.Count, &first, &last); err != nil {
			return nil, err
		}
		h.FirstSeen, h.LastSeen = since(first), since(last)
		out = append(out, h)
	}
	return out, rows.Err()
}

// JDKRow is one JDK build's crashes.
type JDKRow struct {
	JDK       string    `json:"jdk"`
	Count     int       `json:"count"`
	Groups    int       `json:"groups"`
	NewGroups int       `json:"new_groups"` // groups whose first crash was on this build
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// JDKBuilds lists the JDK builds of processed reports by crash count
// (count-only reports carry no JDK: the sender sent no log).
func (s *Store) JDKBuilds(ctx context.Context) ([]JDKRow, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT jdk, COUNT(*), COUNT(DISTINCT group_id), MIN(received_us), MAX(received_us)
		FROM reports WHERE jdk <> '' GROUP BY jdk ORDER BY COUNT(*) DESC, jdk LIMIT $1`, maxRows)
	if err != nil {
		return nil, err
	}
	out := []JDKRow{}
	idx := map[string]int{}
	for rows.Next() {
		var j JDKRow
		var first, last int64
		if err := rows.Scan(&j.JDK, &j.Count, &j.Groups, &first, &last); err != nil {
			rows.Close()
			return nil, err
		}
		j.FirstSeen, j.LastSeen = since(first), since(last)
		idx[j.JDK] = len(out)
		out = append(out, j)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// a group is new on the build of its earliest report
	rows, err = s.DB.QueryContext(ctx, `SELECT r.jdk, COUNT(DISTINCT r.group_id) FROM reports r
		JOIN (SELECT group_id, MIN(received_us) AS first_us FROM reports WHERE group_id IS NOT NULL AND jdk <> '' GROUP BY group_id) f
		ON f.group_id = r.group_id AND r.received_us = f.first_us WHERE r.jdk <> '' GROUP BY r.jdk`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var jdk string
		var n int
		if err := rows.Scan(&jdk, &n); err != nil {
			return nil, err
		}
		if i, ok := idx[jdk]; ok {
			out[i].NewGroups = n
		}
	}
	return out, rows.Err()
}
