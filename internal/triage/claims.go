package triage

import "sync"

// claims are the content hashes of logs being analysed or waiting in a batch
// to be committed. A worker claims a log's hash before analysing it: a copy
// met meanwhile is a duplicate, and once the writer has committed the log
// (and released the claim) the database itself says so. Memory is bounded by
// the logs in flight, not by the number of inputs.
type claims struct {
	mu sync.Mutex
	m  map[[32]byte]struct{}
}

func newClaims() *claims { return &claims{m: map[[32]byte]struct{}{}} }

// take claims sum; false if it is claimed already.
func (c *claims) take(sum [32]byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, held := c.m[sum]; held {
		return false
	}
	c.m[sum] = struct{}{}
	return true
}

// release gives sums back.
func (c *claims) release(sums ...[32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range sums {
		delete(c.m, s)
	}
}

// len is the number of claims held.
func (c *claims) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}
