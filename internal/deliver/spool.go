package deliver

import (
	"context"
	"errors"
	"os"
	"time"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/parse"
	"github.com/hserr/hserr/internal/signature"
	"github.com/hserr/hserr/internal/spool"
)

// Event is one spooled report's delivery (or failure).
type Event struct {
	SHA256  string
	Outcome Outcome
	Err     error
}

// SignatureOf is the group id the server will give the log: sent with the
// check, so that a storm of one crash sends hashes, not logs.
func SignatureOf(text string) string {
	l := parse.ParseString(text)
	return signature.DefaultRules().Compute(l, explain.Build(l).Verdict.Class).Hash()
}

// MetaOf is what the spool's record says of a report.
func MetaOf(rec spool.Record, text string) Meta {
	return Meta{Host: rec.Host, Redacted: rec.Redacted, AppVersion: rec.Extra["app_version"], Signature: SignatureOf(text)}
}

// One delivers one spooled report and removes it from the spool when the
// server has it.
func One(ctx context.Context, sp *spool.Spool, c *Client, e spool.Entry) (Outcome, error) {
	body, err := os.ReadFile(e.LogPath)
	if err != nil {
		return "", err
	}
	out, err := c.Send(ctx, e.SHA256, body, MetaOf(e.Record, string(body)))
	if err == nil {
		sp.Remove(e.SHA256)
	}
	return out, err
}

// Drain delivers what the spool holds, oldest first. It stops at the
// first error worth retrying (the server is down or busy: the rest would
// fail too) and returns it; an entry the server refuses for good stays in
// the spool, reported, and the pass goes on. Records whose log the full
// disk did not keep have nothing to send and stay until the spool's age
// limit drops them.
func Drain(ctx context.Context, sp *spool.Spool, c *Client, fn func(Event)) error {
	list, err := sp.List()
	if err != nil {
		return err
	}
	for _, e := range list {
		if e.LogPath == "" || !validSHA(e.SHA256) {
			continue // nothing to send, or a record that is not the spool's own
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		out, err := One(ctx, sp, c, e)
		if fn != nil {
			fn(Event{SHA256: e.SHA256, Outcome: out, Err: err})
		}
		if err != nil && (Retryable(err) || ctx.Err() != nil) {
			return err
		}
	}
	return nil
}

// Loop drains the spool until ctx ends: at once, whenever poke fires (a
// new log was spooled), every interval, and after a failure with back-off
// (b; nil: DefaultBackoff), during which pokes wait their turn.
func Loop(ctx context.Context, sp *spool.Spool, c *Client, poke <-chan struct{}, interval time.Duration, b *Backoff, fn func(Event)) {
	if b == nil {
		b = DefaultBackoff()
	}
	for {
		err := Drain(ctx, sp, c, fn)
		wait, wake := interval, poke
		if err != nil {
			var e *Error
			var after time.Duration
			if errors.As(err, &e) {
				after = e.RetryAfter
			}
			wait, wake = b.Next(after), nil
		} else {
			b.Reset()
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// validSHA accepts what the spool names files by: 64 lower-case hex digits
// (a record edited by hand could name anything, a path included).
func validSHA(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Short is a report's hash as printed: its first 12 digits.
func Short(sha string) string { return sha[:min(12, len(sha))] }
