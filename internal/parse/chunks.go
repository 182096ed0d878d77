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

// sized gives a list that holds at most its first line room for the items
// counted ahead by fit (in-memory input), up to max in all: it is then
// allocated once at its size instead of growing by doubling. Elsewhere, or
// when the count falls short, append grows it as before.
func sized[T any](p *parser, list []T, max int, fit func(string) (item, more bool)) []T {
	if len(list) < cap(list) || len(list) > 1 {
		return list
	}
	if n := p.src.ahead(max-len(list)-1, fit); n > 0 {
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

// reserve makes room for n more items in one slab: a list counted ahead
// (in-memory input) is then one allocation and, alone, no copy at the end.
func (c *chunks[T]) reserve(n int) {
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
	if dst == nil && len(c.full) == 0 {
		return c.cur // one slab: no copy
	}
	if dst == nil {
		dst = make([]T, 0, c.n)
	}
	for _, f := range c.full {
		dst = append(dst, f...)
	}
	return append(dst, c.cur...)
}
