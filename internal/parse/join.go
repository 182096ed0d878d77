package parse

// maxJoined bounds the text of one multi-line item (an event with its
// continuation lines, a header message): past it, lines are read and not
// added. One line may take it past the bound, as before.
const maxJoined = 64 << 10

// joiner gathers the text of the multi-line item being read when it cannot
// be a substring of the input (streamed input, CRLF, lines in between):
// appending to a string at every line re-copied the whole text each time,
// up to 64 KiB per line. The text is stored in its item when the item ends
// (flush: at the end of a block, before a new item of the same list, at the
// end of input), so nothing may read dst, or grow the list holding it, in
// between.
type joiner struct {
	dst *string
	buf []byte
}

// flush stores the gathered text in its item.
func (j *joiner) flush() {
	if j.dst == nil {
		return
	}
	*j.dst = string(j.buf)
	j.dst = nil
	j.buf = j.buf[:0]
}

// joinLine adds line s to the text at dst ("text\ns"), up to maxJoined.
func (p *parser) joinLine(dst *string, s string) {
	j := &p.join
	if j.dst == dst {
		if len(j.buf) < maxJoined {
			j.buf = append(append(j.buf, '\n'), s...)
		}
		return
	}
	if len(*dst) >= maxJoined {
		return
	}
	if t, ok := p.src.joinInPlace(*dst, s); ok {
		*dst = t
		return
	}
	j.flush()
	j.dst = dst
	j.buf = append(append(append(j.buf[:0], *dst...), '\n'), s...)
}
