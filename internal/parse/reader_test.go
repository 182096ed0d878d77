package parse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hserr/hserr/internal/model"
)

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

// Counting ahead stays linear in the input whatever its headings: a log of
// many thread-list (or other list) headings once made it quadratic.
func TestAheadIsLinear(t *testing.T) {
	var b strings.Builder
	b.WriteString("Java Threads: ( => current thread )\n=>0x00007f0000001000 JavaThread \"main\" [_thread_in_native, id=1, stack(0x1,0x2)]\n")
	for i := 0; i < 3000; i++ {
		b.WriteString("Other Threads:\n  0x00007f0000002000 VMThread \"VM Thread\" [stack: 0x1,0x2] [id=2]\nTotal: 1\n\n")
		b.WriteString("Threads with active compile tasks:\nTotal: 0\n")
	}
	for i := 0; i < 3000; i++ {
		b.WriteString("Dynamic libraries:\n7f0000000000-7f0000001000 r-xp 00000000 08:01 1 /lib/x.so\n")
		b.WriteString("Native frames: (J=compiled Java code, j=interpreted, Vv=VM code, C=native code)\nC  [libc.so.6+0x1]  memcpy+0x1\n\n")
	}
	lr := newStringReader(b.String())
	l, _ := parseLines(lr)
	if lr.looked > 3*l.Parse.Lines {
		t.Fatalf("looked at %d lines ahead for %d lines", lr.looked, l.Parse.Lines)
	}
	if len(l.Process.Threads) < 2 {
		t.Fatalf("%d threads", len(l.Process.Threads))
	}
}

// Lines a list's count ahead takes but its grammar rejects (crafted input)
// must not leave the list holding room for them.
func TestReservationsFitWhatIsKept(t *testing.T) {
	for _, c := range []struct {
		name, head, item, junk string
		list                   func(l *model.Log) (int, int)
	}{
		{"mappings", "Dynamic libraries:\n", "7f0000000000-7f0000001000 r-xp 00000000 08:01 1 /lib/x.so\n", "0x\n",
			func(l *model.Log) (int, int) { return len(l.Process.Libraries), cap(l.Process.Libraries) }},
		{"mappings, hex junk", "Dynamic libraries:\n", "7f0000000000-7f0000001000 r-xp 00000000 08:01 1 /lib/x.so\n", "0-\n",
			func(l *model.Log) (int, int) { return len(l.Process.Libraries), cap(l.Process.Libraries) }},
		{"flags", "[Global flags]\n", "     bool UseG1GC                      = true            {product} {ergonomic}\n", "a=\n",
			func(l *model.Log) (int, int) { return len(l.Process.Flags), cap(l.Process.Flags) }},
		{"environment", "Environment Variables:\n", "PATH=/usr/bin\n", "a b=c\n",
			func(l *model.Log) (int, int) { return len(l.Process.Environment), cap(l.Process.Environment) }},
	} {
		in := c.head + c.item + strings.Repeat(c.junk, 100000)
		n, room := c.list(ParseString(in))
		if n != 1 || room > 2048 { // kept items, plus a bounded reservation
			t.Errorf("%s: %d kept, room for %d", c.name, n, room)
		}
	}
}

// Lines at the MaxLine edge are cut the same way streamed and in memory,
// with LF or CRLF ends, and with a '\r' that falls just past the cap.
func TestMaxLineEdgeSameAsStreaming(t *testing.T) {
	for _, n := range []int{MaxLine - 1, MaxLine, MaxLine + 1, MaxLine + 2, 3 * MaxLine} {
		// A lone '\r' ends no line: the next text joins it.
		for end, joined := range map[string]int{"\n": 0, "\r\n": 0, "\r": 1 + 15, "": 15} {
			in := "jvm_args: " + strings.Repeat("x", n-len("jvm_args: ")) + end + "java_command: M\n"
			sameAsStreaming(t, fmt.Sprintf("line of %d bytes ending %q", n, end), []byte(in))
			if l := ParseString(in); (n+joined > MaxLine) != (l.Parse.LongLines == 1) {
				t.Errorf("line of %d bytes ending %q: %d long lines", n, end, l.Parse.LongLines)
			}
		}
	}
}
