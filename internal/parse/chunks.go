package parse

// chunks collects items in fixed-size slabs and copies them once into a
// slice of the exact size at the end: appending thousands of large structs
// (thread lists, memory maps) to one growing slice spent a third of the
// parse in re-copying.
type chunks[T any] struct {
	full [][]T
	cur  []T
	n    int
}

// maxReserve bounds what a count ahead may reserve for one list: a fit
// counts lines its grammar may still reject (crafted input), and whatever
// it over-counts stays allocated with the list.
const maxReserve = 1024

// sized is called before an item is appended to list. When list is empty,
// or holds one item and no spare room, it reallocates it with room for the
// items fit counts ahead (in-memory input; at most maxReserve, and max in
// all), so that the list is allocated once instead of growing by doubling.
// Otherwise, or when the count falls short, append grows it as before.
func sized[T any](p *parser, list []T, max int, fit func(string) (item, more bool)) []T {
	if len(list) < cap(list) || len(list) > 1 {
		return list
	}
	if n := p.src.ahead(min(max-len(list)-1, maxReserve), fit); n > 0 {
		grown := make([]T, len(list), len(list)+1+n)
		copy(grown, list)
		return grown
	}
	return list
}

// Fits for sized: the items of most blocks are their non-blank lines.
func nonBlank(s string) (item, more bool) {
	ok := !isBlank(s)
	return ok, ok
}

// Slabs start small (most logs have a few dozen threads) and double up to
// a cap, so small lists cost little and large ones few allocations.
const (
	firstChunk = 16
	maxChunk   = 4096
)

func (c *chunks[T]) add(v T) { *c.next() = v }

// next appends a zero item and returns it to be filled in place: items are
// large, and building one to copy it in cost twice (write barriers too).
func (c *chunks[T]) next() *T {
	if len(c.cur) == cap(c.cur) {
		size := firstChunk
		if c.cur != nil {
			c.full = append(c.full, c.cur)
			size = min(2*cap(c.cur), maxChunk)
		}
		c.cur = make([]T, 0, size)
	}
	c.cur = c.cur[:len(c.cur)+1] // fresh capacity: still zero
	c.n++
	return &c.cur[len(c.cur)-1]
}

// maxSlabReserve bounds one reserved slab (see maxReserve); flatten gives
// back what a reservation over-counted.
const maxSlabReserve = 1 << 16

// reserve makes room for n more items in one slab: a list counted ahead
// (in-memory input) is then one allocation and, alone, no copy at the end.
func (c *chunks[T]) reserve(n int) {
	n = min(n, maxSlabReserve)
	if cap(c.cur)-len(c.cur) >= n {
		return
	}
	if len(c.cur) > 0 {
		c.full = append(c.full, c.cur)
	}
	c.cur = make([]T, 0, n)
}

func (c *chunks[T]) len() int { return c.n }

// flatten appends everything collected to dst.
func (c *chunks[T]) flatten(dst []T) []T {
	if c.n == 0 {
		return dst
	}
	if dst == nil && len(c.full) == 0 && cap(c.cur) <= 2*len(c.cur)+firstChunk {
		return c.cur // one slab that fits: no copy
	}
	if dst == nil {
		dst = make([]T, 0, c.n)
	}
	for _, f := range c.full {
		dst = append(dst, f...)
	}
	return append(dst, c.cur...)
}
