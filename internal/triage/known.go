package triage

import (
	"sync"

	"github.com/bits-and-blooms/bloom/v3"

	"github.com/hserr/hserr/internal/store"
)

// knownCapacity sizes the filter: 2 million hashes at 1% false positives
// is about 2.4 MB, whatever the number of logs; past that it only answers
// "maybe" more often, and the database decides.
const knownCapacity, knownFalsePositives = 2_000_000, 0.01

// known is a Bloom filter of the content hashes stored under this run's
// algorithm. A worker asks the database whether a log is stored only when
// the filter says it may be: on a new log (the common case) no query is made.
type known struct {
	mu sync.RWMutex
	f  *bloom.BloomFilter
}

// loadKnown fills the filter from the database.
func loadKnown(db *store.DB, algorithm string) (*known, error) {
	k := &known{f: bloom.NewWithEstimates(knownCapacity, knownFalsePositives)}
	err := db.EachStored(algorithm, func(sum [32]byte) { k.f.Add(sum[:]) })
	return k, err
}

// mayHave is false when sum is certainly not stored.
func (k *known) mayHave(sum [32]byte) bool {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.f.Test(sum[:])
}

// add records hashes just committed.
func (k *known) add(sums [][32]byte) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, s := range sums {
		k.f.Add(s[:])
	}
}
