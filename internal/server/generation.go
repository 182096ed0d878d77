package server

import (
	"context"
	"database/sql"
	"regexp"
	"time"

	"github.com/hserr/hserr/internal/buildinfo"
)

// A processing generation orders the builds that process reports, so that
// a server can tell the reports an older build processed (re-queued after
// an upgrade, so that new rules reach them) from those a newer build
// processed (left alone: during a rolling upgrade the old server must not
// undo the new one's work, or the two would take turns). ParserVersion
// names a build but does not order builds; the commit time does, is the
// same for every build of one commit (a dirty tree included, so a
// developer's rebuilds do not re-process everything each time), and needs
// nobody to remember to bump it. 0 is unknown: a build without VCS
// information or a tagged release installed with go install, which
// re-queues nothing (an operator runs the admin reprocess instead).

// BuildGeneration is this build's processing generation.
func BuildGeneration() int64 { return generationOf(buildinfo.Read()) }

// generationOf is the commit time, in Unix seconds, that go build stamped
// or a pseudo-version (go install …@latest of an untagged commit) carries.
func generationOf(in buildinfo.Info) int64 {
	if t, err := time.Parse(time.RFC3339, in.Time); err == nil {
		return t.Unix()
	}
	if m := pseudoVersion.FindStringSubmatch(in.Version); m != nil {
		if t, err := time.Parse("20060102150405", m[1]); err == nil {
			return t.Unix()
		}
	}
	return 0
}

// pseudoVersion matches the commit time in a Go pseudo-version:
// v0.0.0-20261204220000-3199f29e1a2b, v1.2.4-0.20261204220000-3199f29e1a2b,
// v1.3.0-rc.1.0.20261204220000-3199f29e1a2b, each maybe with +dirty.
var pseudoVersion = regexp.MustCompile(`[-.](\d{14})-[0-9a-f]{12}(?:\+[0-9A-Za-z.-]+)?$`)

// RequeueOlder queues again the processed and failed reports that a build
// older than gen processed, and returns how many. Their work items carry
// gen, so no older server takes them. Nothing when gen is 0 (unknown).
func (s *Store) RequeueOlder(ctx context.Context, gen int64) (int, error) {
	if gen <= 0 {
		return 0, nil
	}
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// The UPDATE decides which reports are queued: two servers doing
		// this at once each take only rows the other has not (PostgreSQL
		// re-checks the state once the other commits; SQLite has one
		// writer).
		res, err := tx.ExecContext(ctx, `UPDATE reports SET state = $1, regroup_from = group_id
			WHERE state IN ($2, $3) AND generation < $4`, string(Pending), string(Processed), string(Failed), gen)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		// Every pending report has a work item (Ingest and Reprocess write
		// both in one transaction), so those without one are the rows the
		// UPDATE just set.
		_, err = tx.ExecContext(ctx, `INSERT INTO work (sha256, created_us, generation)
			SELECT r.sha256, r.received_us, $1 FROM reports r
			WHERE r.state = $2 AND NOT EXISTS (SELECT 1 FROM work w WHERE w.sha256 = r.sha256)
			ON CONFLICT (sha256) DO NOTHING`, gen, string(Pending))
		return err
	})
	return int(n), err
}

// requeueOlder re-queues what an older build processed (unless the
// operator wants to do that by hand) and tells the worker.
func (s *Server) requeueOlder(ctx context.Context) {
	if s.cfg.ManualReprocess {
		return
	}
	n, err := s.store.RequeueOlder(ctx, s.cfg.Generation)
	switch {
	case err != nil && ctx.Err() == nil:
		s.cfg.Logger.Error("re-queueing reports an older build processed", "err", err)
	case n > 0:
		s.cfg.Logger.Info("re-queued reports an older build processed", "reports", n, "generation", s.cfg.Generation)
		s.work.poke()
	}
}
