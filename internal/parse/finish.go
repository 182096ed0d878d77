package parse

import (
	"maps"
	"slices"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// finish derives what can only be known at the end: byte order of dumps,
// register family, which sections are present, missing or cut, and the kind
// of input.
func (p *parser) finish(lr *lineReader) {
	p.join.flush()
	l := p.log
	pi := &l.Parse
	pi.Bytes = lr.inputBytes()
	pi.Lines = p.n
	if pi.Encoding = lr.encoding; pi.Encoding != "" {
		p.note("the input is UTF-16 text (%s): it was decoded to UTF-8 before parsing", strings.ToUpper(pi.Encoding))
	}
	pi.CRLF = lr.crlf
	pi.LongLines = lr.longCut
	if pi.LongLines > 0 {
		p.note("%d line(s) longer than %d bytes were cut", pi.LongLines, MaxLine)
	}
	if pi.BinaryLines > 0 {
		p.note("%d line(s) of binary data were skipped", pi.BinaryLines)
	}

	l.Process.Threads = p.threads.flatten(l.Process.Threads)
	l.Process.Libraries = p.mappings.flatten(l.Process.Libraries)
	vmInfoVersion(&l.Header.Version, l.System.VMInfo.Text)
	l.System.RAM = ramOf(l.System.Memory)
	if r := l.Thread.Registers; r != nil {
		r.Arch = registerArch(r.Regs)
	}
	big := bigEndian(l)
	finishHex(p.ins, big)
	finishHex(p.tos, big)

	p.sections()
	p.kind()
	if p.quoted && pi.Kind != kindUnknown {
		p.note("the report was pasted as a quote: the '>' before its lines was removed")
	}
	p.cutNotes()
	p.closeNotes()
}

// cutNotes says, for every cap that left something out, what and how much:
// a model that silently holds less than the log would mislead whoever
// reads it.
func (p *parser) cutNotes() {
	l := p.log
	frames := []struct {
		n    int
		what string
	}{
		{l.Thread.NativeFramesDropped, "native"}, {l.Thread.JavaFramesDropped, "Java"},
		{l.Thread.ProcessedFramesDropped, "processed thread"},
	}
	for _, f := range frames {
		if f.n > 0 {
			p.note("%d %s frame(s) past the first %d were not kept", f.n, f.what, maxFrames)
		}
	}
	if n := l.Process.LibrariesDropped; n > 0 {
		p.note("%d Dynamic libraries line(s) past the first %d were not kept", n, maxMappings)
	}
	if n := l.Parse.UnknownCount; n > maxUnknown {
		p.note("%d unrecognised line(s): the first %d are kept", n, maxUnknown)
	}
	p.droppedItemNotes()
	p.dumpNotes()
	for _, list := range sortedKeys(l.Parse.Cut) {
		p.note("%d %s past the parser's cap were not kept", l.Parse.Cut[list], list)
	}
}

// droppedItemNotes: events past the cap of an event log, lines past the cap
// of a verbatim block.
func (p *parser) droppedItemNotes() {
	events, lines := 0, 0
	for _, el := range p.log.Process.Events {
		events += el.Dropped
	}
	for _, b := range p.log.Blocks {
		lines += b.Dropped
	}
	if events > 0 {
		p.note("%d event(s) past the first %d of an event log were not kept", events, maxEvents)
	}
	if lines > 0 {
		p.note("%d line(s) past the first %d of a verbatim block were not kept", lines, maxBlockLines)
	}
}

// dumpNotes: a hex dump that went on past the byte cap.
func (p *parser) dumpNotes() {
	dumps := []struct {
		d    *model.HexDump
		name string
	}{{p.log.Thread.Instructions, "Instructions"}, {p.log.Thread.TopOfStack, "Top of Stack"}}
	for _, x := range dumps {
		if d := x.d; d != nil && d.Cut {
			p.note("the %s: dump goes on to 0x%x, past the parser's cap of %d bytes: only 0x%x-0x%x is kept",
				x.name, d.PrintedEnd, maxHexBytes, d.Start, d.Start+uint64(len(d.Bytes)))
		}
	}
}

// sortedKeys gives a map's keys in order, so that notes come out the same
// on every run.
func sortedKeys(m map[string]int) []string { return slices.Sorted(maps.Keys(m)) }

// bigEndian: platforms whose dumps print big-endian words.
func bigEndian(l *model.Log) bool {
	switch l.Header.Version.Arch {
	case "ppc64", "ppc", "s390x", "s390", "sparc", "sparcv9":
		return true
	}
	return false
}

func (p *parser) sections() {
	l := p.log
	pi := &l.Parse
	// A section is complete when a later one started after it; the last one
	// when the report reached its end marker.
	type start struct {
		name string
		line int
	}
	var buf [len(sectionLines{})]start
	present := buf[:0]
	for _, name := range sectionOrder {
		if n, ok := p.seen.at(name); ok {
			present = append(present, start{name, n})
		}
	}
	// p.timedOut, not a look at Markers: the marker may be past their cap
	pi.Complete = l.System.End || (l.System.Elapsed.Text != "" && !p.timedOut)
	pi.Sections = make([]model.SectionStatus, 0, len(sectionOrder))
	for _, name := range sectionOrder {
		st := model.SectionStatus{Name: name}
		if n, ok := p.seen.at(name); ok {
			st.Present = true
			st.Line = n
			st.Complete = pi.Complete
			for _, other := range present {
				if other.line > n {
					st.Complete = true
				}
			}
		}
		pi.Sections = append(pi.Sections, st)
	}
}
