package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/hserr/hserr/internal/sanitize"
)

// A group's lifecycle: people set its status (SetStatus) and the issue it
// is tracked in (SetIssue); a crash that joins it may change its status
// (afterCrash): a resolved group regresses, a muted one escalates. Every
// change is a row of its history, written in the transaction that makes
// it.

// ErrBadStatus is returned for a status outside the lifecycle.
var ErrBadStatus = errors.New("status")

// ErrBadIssueURL is returned for an issue URL SetIssue does not take.
var ErrBadIssueURL = errors.New("issue URL")

// ChangeKind says what a history entry records.
type ChangeKind string

// The kinds of history entries.
const (
	ChangeStatus ChangeKind = "status" // the status changed (by a person, or by a crash)
	ChangeIssue  ChangeKind = "issue"  // an issue was linked, or unlinked (IssueURL "")
)

// Change is one entry of a group's history.
type Change struct {
	At      time.Time  `json:"at"`
	Kind    ChangeKind `json:"kind"`
	Status  Status     `json:"status"` // the status after the change
	Version string     `json:"version,omitempty"`
	Note    string     `json:"note,omitempty"`
	// IssueURL is the issue linked by a ChangeIssue entry ("": unlinked).
	IssueURL string `json:"issue_url,omitempty"`
}

// Escalation of a muted group. Muting says "this is known noise at this
// level", not "never tell me again": a group that reaches machines it had
// not reached is no longer the noise that was muted, nor is one that
// crashes as often again as it had in all its life before the mute (a
// doubling, however long it took). A group muted after its first crash
// or two would escalate on the next one or two by that rule alone, so the
// crashes since the mute must also be at least escalateMinCrashes.
const escalateMinCrashes = 10

// escalationThreshold is how many crashes since its mute escalate a group
// muted with mutedCount crashes.
func escalationThreshold(mutedCount int) int { return max(mutedCount, escalateMinCrashes) }

// SetStatus moves a group in its lifecycle (resolved takes the version it
// was fixed in) and records the change in its history. Muting records
// what the group is at that moment (its crashes and hosts), which later
// crashes are compared with (escalation).
func (s *Store) SetStatus(ctx context.Context, id string, st Status, version, note string) error {
	switch st {
	case StatusNew, StatusResolved, StatusRegressed, StatusMuted:
	default:
		return fmt.Errorf("%w %q: want new, resolved, regressed or muted", ErrBadStatus, st)
	}
	if st != StatusResolved {
		version = ""
	}
	now := micros(s.now())
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE crash_groups SET status = $1, resolved_in = $2, status_us = $3 WHERE id = $4`,
			string(st), clean(version), now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNoGroup
		}
		if st == StatusMuted {
			err = recordMute(ctx, tx, id, now)
		} else {
			err = forgetMute(ctx, tx, id)
		}
		if err != nil {
			return err
		}
		return addHistory(ctx, tx, id, now, Change{Kind: ChangeStatus, Status: st, Version: version, Note: note})
	})
}

// recordMute records what a group is as it is muted: the time, its
// reports and the hosts it has crashed on. It runs after the UPDATE that
// muted the group, under its row lock, so a crash being filed meanwhile
// is in the record or filed after it (and compared with it when it was
// received after the mute; one received before is in neither).
func recordMute(ctx context.Context, tx *sql.Tx, id string, now int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE crash_groups SET muted_us = $1, mute_crashes = 0,
		muted_count = (SELECT COUNT(*) FROM reports WHERE group_id = $2) WHERE id = $2`, now, id)
	if err == nil {
		err = forgetMute(ctx, tx, id)
	}
	if err == nil {
		_, err = tx.ExecContext(ctx, `INSERT INTO muted_hosts (group_id, host)
			SELECT DISTINCT group_id, sender_host FROM reports WHERE group_id = $1 AND sender_host <> ''`, id)
	}
	return err
}

// forgetMute drops a group's record of the hosts it had when muted (a
// group that is not muted needs none).
func forgetMute(ctx context.Context, tx *sql.Tx, id string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM muted_hosts WHERE group_id = $1`, id)
	return err
}

// maxIssueURL bounds an issue URL (tracker URLs are far shorter; this
// keeps a pasted page out of every group listing).
const maxIssueURL = 500

// CheckIssueURL says whether SetIssue takes u: "" (unlink), or an http or
// https URL with a host, at most maxIssueURL bytes of UTF-8 without
// control characters. Anything else (javascript:, data:, a relative
// path) would be a link no one should be made to follow from the page.
func CheckIssueURL(u string) error {
	switch {
	case u == "":
		return nil
	case len(u) > maxIssueURL:
		return fmt.Errorf("%w: longer than %d bytes", ErrBadIssueURL, maxIssueURL)
	case sanitize.Line(u) != u || strings.ContainsRune(u, '\t'):
		// controls, invalid UTF-8, and the marks that reorder or hide text
		// (U+202E would show ".../fdp.exe" for ".../exe.pdf")
		return fmt.Errorf("%w: control characters, bidi or zero-width marks, or invalid UTF-8", ErrBadIssueURL)
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("%w: want an http:// or https:// URL", ErrBadIssueURL)
	}
	return nil
}

// SetIssue links a group to the issue it is tracked in ("" unlinks) and
// records the change in its history; linking the URL it has already
// changes nothing (a PUT repeated is one change).
func (s *Store) SetIssue(ctx context.Context, id, issueURL string) error {
	if err := CheckIssueURL(issueURL); err != nil {
		return err
	}
	now := micros(s.now())
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var st Status
		var old string
		// read under the row's lock: two links at once are two changes
		// in turn, each with the URL it replaced
		err := tx.QueryRowContext(ctx, `UPDATE crash_groups SET status_us = status_us WHERE id = $1 RETURNING status, issue_url`, id).
			Scan(&st, &old)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNoGroup
		} else if err != nil || old == issueURL {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE crash_groups SET issue_url = $1 WHERE id = $2`, issueURL, id); err != nil {
			return err
		}
		return addHistory(ctx, tx, id, now, Change{Kind: ChangeIssue, Status: st, IssueURL: issueURL})
	})
}

// addHistory writes a history entry of group id at now.
func addHistory(ctx context.Context, tx *sql.Tx, id string, now int64, c Change) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO group_history (group_id, at_us, kind, status, version, note, issue_url)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, now, string(c.Kind), string(c.Status), clean(c.Version), clean(c.Note), c.IssueURL)
	return err
}

// History lists a group's lifecycle changes, oldest first.
func (s *Store) History(ctx context.Context, id string) ([]Change, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT at_us, kind, status, version, note, issue_url FROM group_history WHERE group_id = $1`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Change{}
	for rows.Next() {
		var c Change
		var at int64
		if err := rows.Scan(&at, &c.Kind, &c.Status, &c.Version, &c.Note, &c.IssueURL); err != nil {
			return nil, err
		}
		c.At = since(at)
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, rows.Err()
}

// crash is a report being filed into a group: when it was received, the
// sender host, and whether it is new to the group (a first processing, a
// count-only report, or a reprocess that moved it there), so that a
// report reprocessed into the group it was in is not counted twice.
type crash struct {
	group    string
	received int64
	host     string
	joins    bool
}

// afterCrash is what a crash does to the status of the group it joined,
// in the transaction that files it (the worker's Finish, or a count-only
// report's Ingest): a resolved group regresses when the crash was
// received after the resolution; a muted group escalates (regressed too)
// when escalation says so. The group's row is locked first, so that two
// servers filing crashes of one group at once decide in turn, the second
// seeing the first's crash, and a group changes once.
func afterCrash(ctx context.Context, tx *sql.Tx, c crash, now int64) error {
	var st Status
	var statusUS, mutedUS int64
	var mutedCount, since int
	err := tx.QueryRowContext(ctx, `UPDATE crash_groups SET status_us = status_us WHERE id = $1
		RETURNING status, status_us, muted_us, muted_count, mute_crashes`, c.group).
		Scan(&st, &statusUS, &mutedUS, &mutedCount, &since)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	var why string
	switch st {
	case StatusResolved:
		if statusUS < c.received {
			why = "a crash received after the resolution"
		}
	case StatusMuted:
		if c.received <= mutedUS || !c.joins {
			return nil // part of what was muted, or counted already
		}
		if _, err := tx.ExecContext(ctx, `UPDATE crash_groups SET mute_crashes = mute_crashes + 1 WHERE id = $1`, c.group); err != nil {
			return err
		}
		why, err = escalation(ctx, tx, c, mutedCount, since+1)
	}
	if why == "" || err != nil {
		return err
	}
	return regress(ctx, tx, c.group, now, why)
}

// escalation says why a muted group escalates with crash c, the since-th
// since the mute, with the numbers, or "" when it does not: c comes from
// a host the group had not crashed on when muted, or the crashes since
// the mute reach escalationThreshold. Both are key lookups: a muted crash
// storm costs the same per crash at any size.
func escalation(ctx context.Context, tx *sql.Tx, c crash, mutedCount, since int) (string, error) {
	if c.host != "" {
		var known int
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM muted_hosts WHERE group_id = $1 AND host = $2`, c.group, c.host).Scan(&known)
		if err != nil {
			return "", err
		}
		if known == 0 {
			var hosts int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM muted_hosts WHERE group_id = $1`, c.group).Scan(&hosts); err != nil {
				return "", err
			}
			return fmt.Sprintf("escalated from muted: a crash on host %s, not one of the %d hosts it had crashed on when muted", c.host, hosts), nil
		}
	}
	if limit := escalationThreshold(mutedCount); since >= limit {
		return fmt.Sprintf("escalated from muted: %d crashes since the mute, when it had %d (it escalates at %d: as many as before, at least %d)",
			since, mutedCount, limit, escalateMinCrashes), nil
	}
	return "", nil
}

// regress moves a group to regressed for the reason why.
func regress(ctx context.Context, tx *sql.Tx, group string, now int64, why string) error {
	_, err := tx.ExecContext(ctx, `UPDATE crash_groups SET status = $1, status_us = $2 WHERE id = $3`,
		string(StatusRegressed), now, group)
	if err == nil {
		err = forgetMute(ctx, tx, group)
	}
	if err == nil {
		err = addHistory(ctx, tx, group, now, Change{Kind: ChangeStatus, Status: StatusRegressed, Note: why})
	}
	return err
}

// Mute is what a muted group is compared with, for the people looking at
// it: when it was muted, its crashes and hosts then, its crashes since,
// and how many crashes since the mute escalate it.
type Mute struct {
	At          time.Time `json:"at"`
	Crashes     int       `json:"crashes"` // when muted
	Hosts       int       `json:"hosts"`   // when muted
	Since       int       `json:"crashes_since"`
	EscalatesAt int       `json:"escalates_at"` // crashes since the mute
}

// MuteState is the group's Mute; nil when the group is not muted.
func (s *Store) MuteState(ctx context.Context, id string) (*Mute, error) {
	var st Status
	var mutedUS int64
	m := &Mute{}
	err := s.DB.QueryRowContext(ctx, `SELECT status, muted_us, muted_count, mute_crashes FROM crash_groups WHERE id = $1`, id).
		Scan(&st, &mutedUS, &m.Crashes, &m.Since)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNoGroup
	}
	if err != nil || st != StatusMuted {
		return nil, err
	}
	if err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM muted_hosts WHERE group_id = $1`, id).Scan(&m.Hosts); err != nil {
		return nil, err
	}
	m.At, m.EscalatesAt = since(mutedUS), escalationThreshold(m.Crashes)
	return m, nil
}
