package server

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// The per-sender rate limit holds across every server on one database:
// each sender address has a bucket in the database (rate_limits), taken
// from in one statement, so N servers behind a load balancer allow the
// configured rate, not N times it. Each server keeps a bucket per sender
// in memory too, charged only with the requests the shared bucket let
// through here: never fuller than the sender's real use allows, it
// refuses a sender flooding this server without a database write, and it
// never refuses what the shared bucket would accept.

// rateLimit is a server's per-sender limit.
type rateLimit struct {
	local *limiter
	store *Store
	every time.Duration // one request's worth of refill: 1/rate
	burst int
	log   *slog.Logger
}

// newRateLimit limits each sender to perSecond requests with bursts of
// burst; nil (no limit) when perSecond is not positive.
func newRateLimit(st *Store, perSecond float64, burst int, log *slog.Logger) *rateLimit {
	if perSecond <= 0 {
		return nil
	}
	burst = max(burst, 1)
	return &rateLimit{
		local: newLimiter(perSecond, burst),
		store: st,
		every: max(time.Duration(float64(time.Second)/perSecond), time.Microsecond),
		burst: burst,
		log:   log,
	}
}

// allow takes a request from the sender's buckets, or says how long to
// wait: a refused sender's bucket holds less than one request, so one
// refill interval is the longest wait.
func (l *rateLimit) allow(ctx context.Context, sender string) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	own := l.local.bucket(sender)
	if own.Tokens() < 1 {
		return false, l.every
	}
	ok, err := l.store.takeRate(ctx, sender, l.every, l.burst)
	switch {
	case err != nil:
		// A database that cannot count leaves this server's own limit: a
		// request that needs the database fails on its own anyway.
		if ctx.Err() == nil {
			l.log.Warn("shared rate limit unavailable: this server's own applies", "err", err)
		}
		ok = own.Allow()
	case ok:
		own.Allow() // charged even when a concurrent request took its last token
	}
	if !ok {
		return false, l.every
	}
	return true, 0
}

// takeRate takes one request from the sender's bucket shared by every
// server on the database, which holds burst requests and gains one every
// every: false when it is empty. One statement, so two servers cannot
// both take a bucket's last request (PostgreSQL locks the row for the
// upsert; SQLite has one writer). Each server's clock says what now is:
// they should agree to well within one interval (NTP does).
func (s *Store) takeRate(ctx context.Context, sender string, every time.Duration, burst int) (bool, error) {
	now, step := micros(s.now()), every.Microseconds()
	// full_us moves one step later per request taken, from now when the
	// bucket was full; a request that would move it more than burst
	// steps past now finds the bucket empty and changes nothing.
	res, err := s.DB.ExecContext(ctx, `INSERT INTO rate_limits (sender, full_us) VALUES ($1, $2)
		ON CONFLICT (sender) DO UPDATE
		SET full_us = CASE WHEN rate_limits.full_us > $3 THEN rate_limits.full_us + $4 ELSE $2 END
		WHERE rate_limits.full_us + $4 <= $5`,
		clean(sender), now+step, now, step, now+int64(burst)*step)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// pruneRates deletes the shared buckets that are full again, which count
// the same as none.
func (s *Store) pruneRates(ctx context.Context) error {
	_, err := s.DB.ExecContext(ctx, `DELETE FROM rate_limits WHERE full_us < $1`, micros(s.now()))
	return err
}

// maxSenders bounds the in-process table; past it the table starts afresh
// (a flood of addresses costs bounded memory; the shared buckets still
// hold).
const maxSenders = 10000

// limiter is a server's own token bucket per sender address.
type limiter struct {
	mu    sync.Mutex
	every rate.Limit
	burst int
	m     map[string]*rate.Limiter
}

func newLimiter(perSecond float64, burst int) *limiter {
	return &limiter{every: rate.Limit(perSecond), burst: burst, m: map[string]*rate.Limiter{}}
}

// bucket is the sender's bucket, made full when new.
func (l *limiter) bucket(sender string) *rate.Limiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.m[sender]
	if !ok {
		if len(l.m) >= maxSenders {
			l.m = map[string]*rate.Limiter{}
		}
		b = rate.NewLimiter(l.every, l.burst)
		l.m[sender] = b
	}
	return b
}
