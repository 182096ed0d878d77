package parse

import (
	"fmt"
	"strings"
	"testing"
)

// Frames past the cap are counted and said in a note (they were dropped
// without a word).
func TestFramesCutAreNoted(t *testing.T) {
	var b strings.Builder
	b.WriteString(advHeader + threadBanner + "Native frames:\n")
	for i := 0; i < maxFrames+25; i++ {
		fmt.Fprintf(&b, "C  [libc.so.6+0x%x]  f%d+0x1\n", i, i)
	}
	l := ParseString(b.String())
	if len(l.Thread.NativeFrames) != maxFrames || l.Thread.NativeFramesDropped != 25 {
		t.Errorf("kept %d frames, dropped %d", len(l.Thread.NativeFrames), l.Thread.NativeFramesDropped)
	}
	if !hasNote(l.Parse.Notes, "25 native frame(s) past the first 1000 were not kept") {
		t.Errorf("no note on the frames cut: %q", l.Parse.Notes)
	}
}

// An Instructions dump longer than the byte cap says so: the model marks it
// cut and gives how far the log's dump went, and a note says the same (the
// fault analysis said "does not include pc" for a pc past the cap).
func TestInstructionsCutAtCap(t *testing.T) {
	const start = 0x10000
	var b strings.Builder
	pc := start + maxHexBytes + 0x100
	fmt.Fprintf(&b, "%s%sInstructions: (pc=0x%016x)\n", advHeader, threadBanner, pc)
	for a := start; a < start+2*maxHexBytes; a += 16 {
		fmt.Fprintf(&b, "0x%016x:   00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n", a)
	}
	l := ParseString(b.String())
	d := l.Thread.Instructions
	if d == nil || len(d.Bytes) != maxHexBytes {
		t.Fatalf("dump: %+v", d)
	}
	if !d.Cut || d.PrintedEnd != start+2*maxHexBytes {
		t.Errorf("cut=%v printed to 0x%x, want to 0x%x", d.Cut, d.PrintedEnd, start+2*maxHexBytes)
	}
	if !hasNote(l.Parse.Notes, "Instructions: dump goes on to 0x14000, past the parser's cap of 8192 bytes") {
		t.Errorf("no note on the cut dump: %q", l.Parse.Notes)
	}
	// a dump that ends within the cap is not cut
	short := ParseString(advHeader + threadBanner + "Instructions: (pc=0x0000000000010000)\n" +
		"0x0000000000010000:   00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f\n")
	if d := short.Thread.Instructions; d == nil || d.Cut || d.PrintedEnd != 0 {
		t.Errorf("short dump: %+v", d)
	}
}

// Markers are capped and counted; their notes are too: 40,000 markers made
// 40,000 notes (and took seconds to de-duplicate).
func TestMarkersCappedAndNoted(t *testing.T) {
	const n = 5000
	var b strings.Builder
	b.WriteString(advHeader + threadBanner)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "[error occurred during error reporting (step %d), id 0xb]\n", i)
	}
	l := ParseString(b.String())
	pi := l.Parse
	if len(pi.Markers) != maxMarkers || pi.Cut["error-reporting markers"] != n-maxMarkers {
		t.Errorf("markers kept %d, cut %d", len(pi.Markers), pi.Cut["error-reporting markers"])
	}
	if len(pi.Notes) > maxNotes+1 {
		t.Errorf("%d notes", len(pi.Notes))
	}
	if !hasNote(pi.Notes, fmt.Sprintf("%d more error-reporting marker(s)", n-maxMarkerNotes)) {
		t.Errorf("no note sums up the markers: %q", pi.Notes)
	}
}

// The notes are capped, the last one says how many more there were.
func TestNotesCapped(t *testing.T) {
	p := newParser()
	for i := 0; i < maxNotes+7; i++ {
		p.note("note %d", i)
		p.note("note %d", i) // a repeat is given once
	}
	p.closeNotes()
	notes := p.log.Parse.Notes
	if len(notes) != maxNotes+1 || p.log.Parse.NotesDropped != 7 || !strings.Contains(notes[maxNotes], "more note(s)") {
		t.Errorf("%d notes, %d dropped, last %q", len(notes), p.log.Parse.NotesDropped, notes[len(notes)-1])
	}
}

// Continuation lines of events past the cap are dropped with them, not
// added to the last event kept.
func TestDroppedEventContinuations(t *testing.T) {
	var b strings.Builder
	b.WriteString(advHeader + processBanner + "Compilation events (2000 events):\n")
	for i := 0; i < maxEvents+10; i++ {
		fmt.Fprintf(&b, "Event: %d.0 Thread 0x0000000000000001 compiled %d\n  continued %d\n", i, i, i)
	}
	l := ParseString(b.String())
	el := l.Process.Events[0]
	last := el.Events[len(el.Events)-1]
	if el.Dropped != 10 || last.Text != fmt.Sprintf("compiled %d\n  continued %d", maxEvents-1, maxEvents-1) {
		t.Errorf("dropped %d, last kept event %q", el.Dropped, last.Text)
	}
	if !hasNote(l.Parse.Notes, "10 event(s) past the first 1000") {
		t.Errorf("no note on dropped events: %q", l.Parse.Notes)
	}
}

// Verbatim blocks and event logs are capped and counted.
func TestBlocksAndEventLogsCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString(advHeader + processBanner)
	for i := 0; i < maxBlocks+3; i++ {
		fmt.Fprintf(&b, "GC Precious Log:\n CPUs: %d\n", i)
	}
	for i := 0; i < maxEventLogs+4; i++ {
		fmt.Fprintf(&b, "Log %d (1 events):\nEvent: 1.0 x\n\n", i)
	}
	l := ParseString(b.String())
	if len(l.Blocks) != maxBlocks || l.Parse.Cut["verbatim blocks"] != 3 {
		t.Errorf("blocks kept %d, cut %d", len(l.Blocks), l.Parse.Cut["verbatim blocks"])
	}
	if len(l.Process.Events) != maxEventLogs || l.Parse.Cut["event logs"] != 4 {
		t.Errorf("event logs kept %d, cut %d", len(l.Process.Events), l.Parse.Cut["event logs"])
	}
	if !hasNote(l.Parse.Notes, "3 verbatim blocks past the parser's cap") || !hasNote(l.Parse.Notes, "4 event logs past") {
		t.Errorf("notes: %q", l.Parse.Notes)
	}
}

// Every capped list says what its cap left out (environment variables,
// threads, flags, … were dropped without a word).
func TestListCutsNoted(t *testing.T) {
	var b strings.Builder
	b.WriteString(advHeader + processBanner + "Java Threads: ( => current thread )\n")
	for i := 0; i < maxItems+2; i++ {
		fmt.Fprintf(&b, "  0x%016x JavaThread \"t%d\" [_thread_blocked, id=%d]\n", i+1, i, i)
	}
	b.WriteString("\nEnvironment Variables:\n")
	for i := 0; i < maxItems+3; i++ {
		fmt.Fprintf(&b, "V%d=x\n", i)
	}
	l := ParseString(b.String())
	for _, want := range []string{"2 threads past the parser's cap", "3 environment variables past the parser's cap"} {
		if !hasNote(l.Parse.Notes, want) {
			t.Errorf("no note %q: %q", want, l.Parse.Notes)
		}
	}
}

// The continuation lines of a header message past the cap are dropped with
// it, not added to the last message kept.
func TestDroppedMessageContinuations(t *testing.T) {
	var b strings.Builder
	b.WriteString(advHeader)
	for i := 0; i < maxItems+5; i++ {
		fmt.Fprintf(&b, "#  Error: message %d\ncontinued %d\n", i, i)
	}
	l := ParseString(b.String())
	msgs := l.Header.Messages
	if last := msgs[len(msgs)-1].Text; last != fmt.Sprintf("#  Error: message %d\ncontinued %d", maxItems-1, maxItems-1) {
		t.Errorf("last message kept: %q", last[:min(len(last), 200)])
	}
}
