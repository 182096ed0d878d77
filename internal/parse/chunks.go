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

const chunkSize = 256

func (c *chunks[T]) add(v T) {
	if c.cur == nil {
		c.cur = make([]T, 0, chunkSize)
	}
	c.cur = append(c.cur, v)
	c.n++
	if len(c.cur) == chunkSize {
		c.full = append(c.full, c.cur)
		c.cur = nil
	}
}

func (c *chunks[T]) len() int { return c.n }

// flatten appends everything collected to dst.
func (c *chunks[T]) flatten(dst []T) []T {
	if c.n == 0 {
		return dst
	}
	if dst == nil {
		dst = make([]T, 0, c.n)
	}
	for _, f := range c.full {
		dst = append(dst, f...)
	}
	return append(dst, c.cur...)
}
