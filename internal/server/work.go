package server

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Result is what the worker made of a report.
type Result struct {
	// Rejected says why the body is not processed at all (not a crash
	// report); the report is then marked failed with this reason.
	Rejected string

	Class, Cause string
	JDK          string
	OS, Arch     string // the OS family and CPU architecture

	// The other facets a group's page breaks its reports down by:
	// model.Log's JDKVendor, Kernel, GCName, ContainerLimits and
	// UptimeBucket ("" when the log does not say).
	JDKVendor, Kernel, GC, Container, Uptime string

	GroupID          string
	Signature        string // the signature text
	Algorithm        string // the signature algorithm id
	ParserVersion    string
	SignatureVersion string
}

// claimLease is how long a claimed work item is left to the server that
// claimed it before another may take it (the first one may have died).
const claimLease = 5 * time.Minute

// Pending lists up to limit reports waiting for a worker of generation
// gen and not claimed by another (or claimed longer ago than the lease),
// oldest first. Items meant for a newer generation are left to it.
func (s *Store) Pending(ctx context.Context, limit int, gen int64) ([]string, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT sha256 FROM work WHERE (claimed_us IS NULL OR claimed_us < $1)
		AND generation <= $2 ORDER BY created_us, sha256 LIMIT $3`, micros(s.now().Add(-claimLease)), gen, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			return nil, err
		}
		out = append(out, sha)
	}
	return out, rows.Err()
}

// WorkLeft is the number of work items, claimed or not.
func (s *Store) WorkLeft(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM work`).Scan(&n)
	return n, err
}

// Claim takes a work item for a worker of generation gen: false when
// another server holds it or it is meant for a newer generation. One
// UPDATE with the condition in its WHERE, so two servers cannot both win
// (PostgreSQL re-checks the condition after the first commits; SQLite has
// one writer).
func (s *Store) Claim(ctx context.Context, sha string, gen int64) (bool, error) {
	now := s.now()
	res, err := s.DB.ExecContext(ctx, `UPDATE work SET claimed_us = $1
		WHERE sha256 = $2 AND (claimed_us IS NULL OR claimed_us < $3) AND generation <= $4`,
		micros(now), sha, micros(now.Add(-claimLease)), gen)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Body reads a report's body.
func (s *Store) Body(ctx context.Context, sha string) ([]byte, error) {
	var b []byte
	err := s.DB.QueryRowContext(ctx, `SELECT body FROM reports WHERE sha256 = $1`, sha).Scan(&b)
	return b, err
}

// Finish records the result of a worker of generation gen, creates or
// updates the group, lets the crash change the group's status (a resolved
// group regresses, a muted one may escalate: afterCrash), and removes the
// work item, in one transaction. Processing is a function of the body
// alone, so two servers of one generation finishing the same item write
// the same thing; a result of an older generation than the stored one is
// dropped (its server's claim expired and a newer server processed the
// report).
func (s *Store) Finish(ctx context.Context, sha string, r Result, gen int64) error {
	now := micros(s.now())
	return s.inTx(ctx, func(tx *sql.Tx) error {
		// the report first: when a newer generation has it, nothing of
		// this result is written, the group's verdict included
		received, from, host, err := storeResult(ctx, tx, sha, r, gen, now)
		if errors.Is(err, sql.ErrNoRows) {
			return dropWork(ctx, tx, sha, gen)
		} else if err != nil {
			return err
		}
		// A re-processed report locks two groups: its new one (the upsert
		// below) and the one it was in (followSamples). Two servers moving
		// reports between groups A and B in opposite directions would each
		// hold one and wait for the other (PostgreSQL ends such a deadlock
		// by failing one transaction), so the two are locked in the order
		// of their ids.
		if from != "" && from < r.GroupID {
			if err := lockGroup(ctx, tx, from); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO crash_groups (id, signature, algorithm, class, cause, status, status_us, created_us)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (id) DO UPDATE SET class = excluded.class, cause = excluded.cause`,
			r.GroupID, clean(r.Signature), r.Algorithm, clean(r.Class), clean(r.Cause), string(StatusNew), now, now)
		if err != nil {
			return err
		}
		// a report reprocessed into the group it was in joins nothing new
		c := crash{group: r.GroupID, received: received, host: host, joins: from != r.GroupID}
		if err := afterCrash(ctx, tx, c, now); err != nil {
			return err
		}
		if err := dropWork(ctx, tx, sha, gen); err != nil {
			return err
		}
		return followSamples(ctx, tx, from)
	})
}

// storeResult writes a worker's result on its report unless a newer
// generation processed the report (sql.ErrNoRows then), and returns when
// the report was received, the group a reprocess took it from ("" if
// none) and its sender host.
func storeResult(ctx context.Context, tx *sql.Tx, sha string, r Result, gen, now int64) (received int64, from, host string, err error) {
	var regroupFrom sql.NullString
	err = tx.QueryRowContext(ctx, `UPDATE reports SET state = $1, class = $2, cause = $3, jdk = $4, group_id = $5,
		parser_version = $6, signature_version = $7, error = '', processed_us = $8, os = $9, arch = $10, generation = $11,
		jdk_vendor = $12, kernel = $13, gc = $14, container = $15, uptime = $16
		WHERE sha256 = $17 AND generation <= $11 RETURNING received_us, regroup_from, sender_host`,
		string(Processed), clean(r.Class), clean(r.Cause), clean(r.JDK), r.GroupID, r.ParserVersion, r.SignatureVersion, now,
		clean(r.OS), clean(r.Arch), gen, clean(r.JDKVendor), clean(r.Kernel), clean(r.GC), clean(r.Container), clean(r.Uptime), sha).
		Scan(&received, &regroupFrom, &host)
	return received, regroupFrom.String, host, err
}

// lockGroup locks a group's row until the transaction ends (an UPDATE
// that changes nothing: SQLite has no SELECT … FOR UPDATE, and its
// transactions take the one write lock anyway).
func lockGroup(ctx context.Context, tx *sql.Tx, id string) error {
	_, err := tx.ExecContext(ctx, `UPDATE crash_groups SET status_us = status_us WHERE id = $1`, id)
	return err
}

// dropWork removes the work item a worker of generation gen was given: not
// one that was queued meanwhile for a newer generation.
func dropWork(ctx context.Context, tx *sql.Tx, sha string, gen int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM work WHERE sha256 = $1 AND generation <= $2`, sha, gen)
	return err
}

// followSamples moves the count-only reports of group from (they have no
// body to reprocess) to the one group its samples went to, once a
// reprocess has finished all of them. When the samples split into several
// groups, some stayed or one failed, the count-only reports stay: which
// of the new groups each belonged to is not known, and guessing would
// inflate one group's count.
func followSamples(ctx context.Context, tx *sql.Tx, from string) error {
	if from == "" {
		return nil
	}
	// Lock the old group's row: two servers finishing its last two samples
	// at once would each see the other's still pending; this serialises
	// them, and PostgreSQL's next statement sees the first one's commit.
	// (Finish's upsert of their new group locks a row they share too, but
	// only as long as it stays an update; TestRegroupTwoServers fails
	// without both.)
	if err := lockGroup(ctx, tx, from); err != nil {
		return err
	}
	// A sample still pending is not done; a failed one went nowhere known.
	var open int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE regroup_from = $1 AND state IN ($2, $3)`,
		from, string(Pending), string(Failed)).Scan(&open); err != nil || open > 0 {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT group_id FROM reports WHERE regroup_from = $1 AND state = $2`,
		from, string(Processed))
	if err != nil {
		return err
	}
	var to []string
	for rows.Next() {
		var g string
		if err := rows.Scan(&g); err != nil {
			rows.Close()
			return err
		}
		to = append(to, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(to) != 1 || to[0] == from {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE reports SET group_id = $1 WHERE group_id = $2 AND state = $3`,
		to[0], from, string(Counted))
	return err
}

// Fail marks a report failed by a worker of generation gen (its body
// stays; a reprocess or a newer build retries it) and removes its work
// item. Like Finish, it leaves a report a newer generation processed.
func (s *Store) Fail(ctx context.Context, sha string, msg string, gen int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var from sql.NullString
		err := tx.QueryRowContext(ctx, `UPDATE reports SET state = $1, error = $2, processed_us = $3, generation = $4
			WHERE sha256 = $5 AND generation <= $4 RETURNING regroup_from`, string(Failed), clean(msg), micros(s.now()), gen, sha).
			Scan(&from)
		if errors.Is(err, sql.ErrNoRows) {
			return dropWork(ctx, tx, sha, gen)
		} else if err != nil {
			return err
		}
		if err := dropWork(ctx, tx, sha, gen); err != nil {
			return err
		}
		return followSamples(ctx, tx, from.String)
	})
}

// Reprocess queues every report that has a body and is not quarantined
// (after a parser or rule change), asked of a server of generation gen,
// and returns how many, and how many it left because a newer generation
// processed them. Those are not this server's to redo: queued for it,
// their items would wait for a newer server (none may be running after a
// rollback) and their reports would stay pending; a newer server redoes
// them when asked. An item is never meant for a generation older than one
// it was already meant for, so an old server asked during a rolling
// upgrade does not undo a newer one's work.
func (s *Store) Reprocess(ctx context.Context, gen int64) (queued, newer int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO work (sha256, created_us, generation)
			SELECT sha256, received_us, $1
			FROM reports WHERE state IN ($2, $3, $4) AND generation <= $1
			ON CONFLICT (sha256) DO UPDATE SET claimed_us = NULL,
				generation = CASE WHEN work.generation > excluded.generation THEN work.generation ELSE excluded.generation END`,
			gen, string(Processed), string(Failed), string(Pending)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE reports SET state = $1, regroup_from = group_id
			WHERE state IN ($2, $3) AND generation <= $4`,
			string(Pending), string(Processed), string(Failed), gen)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		queued = int(n)
		if err == nil {
			err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE state IN ($1, $2) AND generation > $3`,
				string(Processed), string(Failed), gen).Scan(&newer)
		}
		return err
	})
	return queued, newer, err
}

// since is a stored time.
func since(us int64) time.Time { return time.UnixMicro(us).UTC() }
