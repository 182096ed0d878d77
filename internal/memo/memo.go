// Package memo is a small bounded, concurrency-safe cache for the results
// of pure functions of a string (pattern matches over frame and library
// names), which repeat heavily across a fleet's crash logs.
package memo

import (
	"strings"
	"sync"
)

// Cache maps strings to values. When full it starts over, so memory stays
// flat whatever the number of inputs.
type Cache[V any] struct {
	mu  sync.RWMutex
	m   map[string]V
	max int
}

// New makes a cache of at most max entries.
func New[V any](max int) *Cache[V] { return &Cache[V]{m: map[string]V{}, max: max} }

// Get returns the value for k.
func (c *Cache[V]) Get(k string) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	return v, ok
}

// MaxKey is the longest key stored: a cache bounded in entries must also be
// bounded in bytes, and frame lines of crafted logs can be a MiB long. Such
// keys are computed every time (Do) or not stored (Put).
const MaxKey = 4 << 10

// Put stores v for k (a copy of k, so k may alias a larger buffer).
func (c *Cache[V]) Put(k string, v V) {
	if len(k) > MaxKey {
		return
	}
	c.mu.Lock()
	if len(c.m) >= c.max {
		c.m = make(map[string]V, c.max/4)
	}
	c.m[strings.Clone(k)] = v
	c.mu.Unlock()
}

// Do returns the cached value for k, computing and storing it on a miss.
func (c *Cache[V]) Do(k string, compute func(string) V) V {
	if v, ok := c.Get(k); ok {
		return v
	}
	v := compute(k)
	c.Put(k, v)
	return v
}

// Len is the number of entries.
func (c *Cache[V]) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

// Reset empties the cache.
func (c *Cache[V]) Reset() {
	c.mu.Lock()
	c.m = map[string]V{}
	c.mu.Unlock()
}
