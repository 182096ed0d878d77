package deliver

import (
	"math/rand/v2"
	"time"
)

// Backoff is exponential back-off with jitter: each wait is drawn from
// [d/2, d] where d doubles from Min up to Max, so a fleet whose server
// came back does not retry in lock step.
type Backoff struct {
	Min, Max time.Duration
	n        int
}

// DefaultBackoff: first retry within a second, then at most every five
// minutes.
func DefaultBackoff() *Backoff { return &Backoff{Min: time.Second, Max: 5 * time.Minute} }

// Next is the wait before the next try; a server's Retry-After is a floor
// (capped at Max, so a hostile or broken server cannot park the sender).
func (b *Backoff) Next(retryAfter time.Duration) time.Duration {
	d := b.Min << min(b.n, 30)
	if d > b.Max || d <= 0 {
		d = b.Max
	}
	b.n++
	d = d/2 + rand.N(d/2+1)
	if retryAfter > d {
		d = min(retryAfter, b.Max)
	}
	return d
}

// Reset starts again from Min (after a success).
func (b *Backoff) Reset() { b.n = 0 }
