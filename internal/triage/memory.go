package triage

import (
	"context"

	"golang.org/x/sync/semaphore"
)

// DefaultMemoryBudget is the bytes of logs the workers of one run may hold
// at once, whatever --jobs is: a large log waits for room rather than
// multiplying memory by the number of workers.
const DefaultMemoryBudget = 256 << 20

// memCostFactor: a log in memory costs its bytes plus the parsed model and
// the verdict, which share the bytes' strings and stay within about twice
// their size (measured on 64 MB logs: see docs/performance.md).
const memCostFactor = 3

// memGate is the run's memory budget, shared by the producer and the
// workers.
type memGate struct {
	sem   *semaphore.Weighted
	total int64
}

func newMemGate(total int64) *memGate {
	if total <= 0 {
		total = DefaultMemoryBudget
	}
	return &memGate{sem: semaphore.NewWeighted(total), total: total}
}

// cost is what holding size bytes of log charges the budget; one log never
// costs more than the whole budget, so it can always run (alone).
func (g *memGate) cost(size int64) int64 {
	c := size * memCostFactor
	if c > g.total || c < 0 {
		c = g.total
	}
	if c < 1 {
		c = 1
	}
	return c
}

// acquire waits for room for a log of size bytes and returns what to
// release; it fails only when ctx ends.
func (g *memGate) acquire(ctx context.Context, size int64) (int64, error) {
	c := g.cost(size)
	if err := g.sem.Acquire(ctx, c); err != nil {
		return 0, err
	}
	return c, nil
}

func (g *memGate) release(c int64) {
	if c > 0 {
		g.sem.Release(c)
	}
}
