package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// findText returns the first log line containing any of subs, for messages
// HotSpot writes outside a structured field (VM warnings echoed in event
// logs or unknown blocks, header lines, Logging output). It searches every
// place the model keeps text: the header, then the texts of textIndex.
func findText(p *Pass, subs ...string) (model.Line, bool) {
	if hl, ok := headerMatch(p.Log, subs...); ok {
		return hl, true
	}
	x := p.texts()
	best := -1
	for _, sub := range subs {
		if i := x.index(sub); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	if best < 0 {
		return model.Line{}, false
	}
	return x.line(p, x.segment(best)), true
}

// textIndex joins, in findText's order, the event texts, Logging lines,
// unknown lines and block lines into one string, so that a needle costs one
// strings.Index over it rather than a Contains per line; the earliest match
// of any needle is then in the first line that has one. Built once per pass.
type textIndex struct {
	all   string       // the texts joined by NUL bytes
	start []int        // offset of each text in all
	lines []model.Line // the line to quote for each text (events: see ev)
	ev    []*model.Event
}

func newTextIndex(l *model.Log) *textIndex {
	n, size := 0, 0
	eachText(l, func(text string, _ model.Line, _ *model.Event) { n, size = n+1, size+len(text)+1 })
	x := &textIndex{start: make([]int, 0, n), lines: make([]model.Line, 0, n), ev: make([]*model.Event, 0, n)}
	var b strings.Builder
	b.Grow(size)
	eachText(l, func(text string, ln model.Line, e *model.Event) {
		if len(x.start) > 0 {
			b.WriteByte(0)
		}
		x.start = append(x.start, b.Len())
		x.lines = append(x.lines, ln)
		x.ev = append(x.ev, e)
		b.WriteString(text)
	})
	x.all = b.String()
	return x
}

// eachText visits the texts findText searches after the header, in order.
func eachText(l *model.Log, visit func(text string, ln model.Line, e *model.Event)) {
	for i := range l.Process.Events {
		evs := l.Process.Events[i].Events
		for j := range evs {
			visit(evs[j].Text, model.Line{}, &evs[j])
		}
	}
	for _, ln := range l.Process.Logging {
		visit(ln.Text, ln, nil)
	}
	for _, u := range l.Parse.Unknown {
		visit(u.Text, u.Line, nil)
	}
	for _, bl := range l.Blocks {
		for i, s := range bl.Lines {
			visit(s, model.Line{N: bl.First + i, Text: s}, nil)
		}
	}
}

// index is the offset in all of sub's first occurrence inside one text,
// or -1. A match across a separator needs a NUL in sub and is skipped.
func (x *textIndex) index(sub string) int {
	if len(x.start) == 0 {
		return -1
	}
	for off := 0; off <= len(x.all); {
		i := strings.Index(x.all[off:], sub)
		if i < 0 {
			return -1
		}
		i += off
		if k := x.segment(i); i+len(sub) <= x.end(k) {
			return i
		}
		off = i + 1
	}
	return -1
}

// segment is the text that holds offset i.
func (x *textIndex) segment(i int) int {
	return sort.Search(len(x.start), func(k int) bool { return x.start[k] > i }) - 1
}

// end is the offset just past text k.
func (x *textIndex) end(k int) int {
	if k+1 < len(x.start) {
		return x.start[k+1] - 1
	}
	return len(x.all)
}

// line quotes text k.
func (x *textIndex) line(p *Pass, k int) model.Line {
	if e := x.ev[k]; e != nil {
		return eventLine(p, *e)
	}
	return x.lines[k]
}

// event returns the first event of the named event log whose text has any
// of subs.
func event(p *Pass, logName string, subs ...string) (model.Line, bool) {
	for _, el := range p.Log.Process.Events {
		if !strings.HasPrefix(el.Name, logName) {
			continue
		}
		for _, e := range el.Events {
			for _, s := range subs {
				if strings.Contains(e.Text, s) {
					return eventLine(p, e), true
				}
			}
		}
	}
	return model.Line{}, false
}

// eventLine quotes an event's first line as HotSpot printed it.
func eventLine(p *Pass, e model.Event) model.Line {
	if e.Raw != "" {
		return model.Line{N: e.Line, Text: e.Raw}
	}
	text := fmt.Sprintf("Event: %.3f %s", e.Time, e.Text)
	if e.HasThread {
		text = fmt.Sprintf("Event: %.3f Thread 0x%016x %s", e.Time, e.Thread, e.Text)
	}
	first, _, _ := strings.Cut(text, "\n")
	return p.Line(e.Line, first)
}
