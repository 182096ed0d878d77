package parse

import "testing"

// joinNext gives text+"\n"+line, without copying when the input holds it.
func TestJoinNext(t *testing.T) {
	for _, in := range []string{"Event: a\n  b\nc", "Event: a\r\n  b\r\nc"} {
		lr := newStringReader(in)
		first, _ := lr.next()
		text := first[len("Event: "):]
		second, _ := lr.next()
		if got := lr.joinNext(text, second); got != "a\n  b" {
			t.Errorf("%q: joinNext = %q", in, got)
		}
		if got := lr.joinNext("x", second); got != "x\n  b" {
			t.Errorf("%q: joinNext of other text = %q", in, got)
		}
	}
	lr := newStringReader("one\ntwo\n")
	one, _ := lr.next()
	two, _ := lr.next()
	if n := testing.AllocsPerRun(10, func() { lr.joinNext(one, two) }); n != 0 {
		t.Errorf("joinNext of adjacent lines allocates %v times", n)
	}
}

// ahead counts the items of a block in an in-memory input only.
func TestAhead(t *testing.T) {
	in := "head\nx1\nx2\n\nx3\n"
	fit := func(s string) (bool, bool) { return len(s) > 0 && s[0] == 'x', s != "" }
	lr := newStringReader(in)
	lr.next()
	if n := lr.ahead(10, fit); n != 2 {
		t.Errorf("ahead = %d, want 2", n)
	}
	if n := lr.ahead(1, fit); n != 1 {
		t.Errorf("ahead with max 1 = %d", n)
	}
}
