// Package parse reads a HotSpot fatal error log into a model.Log in one
// streaming pass with bounded memory.
//
// The report is a sequence of independent steps (vmError.cpp's STEP blocks):
// any block may be missing, cut, repeated or reordered between JDK versions.
// So the parser never depends on position: it recognises each sub-block by
// its heading (headings.go), whatever section it appears in, and feeds the
// following lines to that block's grammar (blocks.go) until a line no longer
// fits. Lines no grammar takes are kept as unknown lines; blocks it knows to
// be free-form (Heap, Metaspace, code blobs) or headings it does not know are
// kept verbatim in Log.Blocks.
package parse

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// Limits that keep memory bounded whatever the input size. Every list the
// parser keeps has one; what a cap leaves out is counted (ParseInfo.Cut or
// a list's own Dropped field) and said in a note.
const (
	maxBlockLines = 4000   // lines kept per verbatim block
	maxUnknown    = 200    // unknown lines kept (all are counted)
	maxFrames     = 1000   // frames kept per list
	maxMappings   = 200000 // Dynamic libraries entries
	maxEvents     = 1000   // events kept per event log
	maxItems      = 20000  // other repeated items (threads, env, flags…)
	maxHexBytes   = 8192   // bytes kept per hex dump
	maxMarkers    = 1000   // error-reporting markers kept (all are counted)
	maxNotes      = 100    // notes kept (a last one says how many more)
	maxNoteSet    = 1024   // notes remembered to give each once
	maxBlocks     = 1000   // verbatim blocks kept (real logs have a few dozen)
	maxEventLogs  = 256    // event logs kept (real logs have about 15)
	maxWide       = 16     // extra words of one vector register (ZMM: 8)
)

// Sections in report order.
const (
	secHeader  = "header"
	secSummary = "summary"
	secThread  = "thread"
	secProcess = "process"
	secSystem  = "system"
)

var sectionOrder = []string{secHeader, secSummary, secThread, secProcess, secSystem}

// sectionLines records the first line of each section, in sectionOrder
// (a map here cost a hash per heading).
type sectionLines [5]int

func (s *sectionLines) mark(sec string, n int) {
	for i, name := range sectionOrder {
		if name == sec && s[i] == 0 {
			s[i] = n
		}
	}
}

// at returns the first line of sec and whether it was seen.
func (s *sectionLines) at(sec string) (int, bool) {
	for i, name := range sectionOrder {
		if name == sec {
			return s[i], s[i] > 0
		}
	}
	return 0, false
}

// Parse reads a whole report from r. The error is non-nil only when reading
// failed; a log that is partial or not an hs_err log at all is described by
// Log.Parse (Kind, Truncated, Notes).
func Parse(r io.Reader) (*model.Log, error) {
	lr := newLineReader(r)
	lr.decodeUTF16()
	return parseLines(lr)
}

func parseLines(lr *lineReader) (*model.Log, error) {
	p := newParser()
	p.src = lr
	if lr.mem {
		p.scanWhole(lr.whole)
	}
	for {
		line, ok := lr.next()
		if !ok {
			break
		}
		p.line(line)
	}
	p.finish(lr)
	lr.release()
	if err := lr.readErr(); err != nil {
		return p.log, fmt.Errorf("reading log: %w", err)
	}
	return p.log, nil
}

// ParseBytes parses an in-memory report. The log's strings share one copy
// of b.
func ParseBytes(b []byte) *model.Log {
	return ParseString(string(b))
}

// ParseString parses an in-memory report; the log's strings are substrings
// of s.
func ParseString(s string) *model.Log {
	l, _ := parseLines(newStringReader(s))
	return l
}

// ParseFile parses the report at path ("-" is standard input).
func ParseFile(path string) (*model.Log, error) {
	if path == "-" {
		return Parse(os.Stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, fmt.Errorf("%s is a directory", path)
	}
	return Parse(f)
}

type parser struct {
	log *model.Log
	src *lineReader // to look ahead and join lines of an in-memory input
	n   int         // current line number (1-based)

	section  string
	seen     sectionLines // first line of each section seen
	banners  int          // section banners seen
	specific int          // headings seen that only a crash report has
	block    blockKind
	blockIdx int            // index of the current item (opaque block, event log, …)
	blank    bool           // the previous line was blank
	inHeader bool           // inside the leading '#' block
	hashless bool           // the header was pasted without its '#' prefixes
	quoted   bool           // the report was pasted as a mail quote ("> " before each line)
	prefix   *regexp.Regexp // a decoration before every pasted line (see pastePrefixes)
	mdEscape bool           // the paste went through a Markdown converter (si\_signo)
	// noEscapes: an in-memory input has no backslash at all (one fast
	// search of the whole text), so no line is searched for Markdown's
	// escapes (`\_`, `\#`).
	noEscapes bool
	done      bool // a second report started: ignore the rest

	// per-block state
	sigHandler    *model.SignalHandler
	regmap        *[]model.Annotated
	frames        *[]model.Frame
	framesMore    *bool
	hexCur        *hexState
	tos, ins      *hexState
	threadList    string
	pendingOOM    bool
	cpuFlagsSeen  bool
	cpuLaterBlock bool // past /proc/cpuinfo's first processor
	valueFor      func(string)

	threads        chunks[model.ThreadInfo]
	threadsCounted bool // the thread lists were counted ahead
	mappings       chunks[model.Mapping]

	framesDropped *int // where frames past the cap are counted
	eventDropped  bool // the current event was dropped: so are its continuation lines
	timedOut      bool // a report-timeout marker was seen
	noLibraries   bool // the "no library list" note was given
	addDropped    bool // the last line given to add was past its list's cap
	join          joiner

	noteSet map[string]struct{} // notes already given, to add each once
}

func newParser() *parser {
	return &parser{
		log: &model.Log{},
	}
}

// scanWhole notes what the whole in-memory text lacks. Every line the
// parser sees is a substring of it (prefixes and quotes are only cut off),
// so a string the whole lacks is in no line.
func (p *parser) scanWhole(s string) {
	// a single byte: memchr speed (a string search costs a pass of its own
	// per needle, more than the per-line searches it would spare)
	p.noEscapes = strings.IndexByte(s, '\\') < 0
}

// line handles one input line.
func (p *parser) line(s string) {
	p.n++
	if p.done {
		return
	}
	if len(s) > 0 && s[0] == '>' {
		s = p.unquote(s)
	}
	if p.prefix != nil || len(s) > 0 && p.section == "" && !p.log.Header.Present && mayBePrefixed(s[0]) {
		s = p.unprefix(s)
	}
	if p.mdEscape || !p.noEscapes && (strings.Contains(s, `\_`) && markdownEscaped(s) || strings.HasPrefix(s, `\#`) && isBannerText(strings.TrimPrefix(s, `\#`))) {
		p.mdEscape = true
		s = mdUnescaper.Replace(s)
	}
	if len(s) == 0 || isBlank(s) {
		p.blankLine(s)
		return
	}
	if p.marker(s) {
		p.blank = false
		return
	}
	if s[0] == '#' && p.headerLine(s) {
		p.blank = false
		return
	}
	if s[0] != '#' && p.section == "" || p.hashless && p.section == secHeader {
		if p.hashlessHeader(s) {
			p.blank = false
			return
		}
	}
	if s[0] == '-' && p.banner(s) {
		p.blank = false
		return
	}
	if p.heading(s) {
		p.blank = false
		return
	}
	if p.block != bNone && p.feed(s) {
		p.blank = false
		return
	}
	p.stray(s)
	p.blank = false
}

// unquote removes the mail-quote prefix ("> ", ">> ", "> > ") of a line
// when the report was pasted as a quote: that is decided at its first
// quoted line, which must be a '#' line (or the banner's text) before
// anything else was read. Other inputs keep their '>' lines as they are;
// whether a quoted input is a crash log is then decided as for any other.
func (p *parser) unquote(s string) string {
	t := trimQuote(s)
	if !p.quoted && p.section == "" && (strings.HasPrefix(t, "#") || isBannerText(t)) {
		p.quoted = true
	}
	if p.quoted {
		return t
	}
	return s
}

// pastePrefixes are decorations that tools put before every line of a log
// they pass on: the timestamps of container logs (docker --timestamps, the
// CRI format's "stdout F"), of build logs ("09:34:10  BOOT JDK: "), and
// MacPorts' ":info:build ".
var pastePrefixes = []*regexp.Regexp{
	regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\s+(?:(?:stdout|stderr) [FP] )?`),
	regexp.MustCompile(`^\[?\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\]?\s+(?:[A-Z][A-Za-z ]{0,24}:\s+)?`),
	regexp.MustCompile(`^:[a-z]+:[a-z]+ `),
}

// mayBePrefixed: only a line that starts like a decoration is tried.
func mayBePrefixed(c byte) bool { return c >= '0' && c <= '9' || c == '[' || c == ':' }

// unprefix removes a paste decoration. It is decided, like the mail quote,
// at the first line that becomes the report's header ('#' or the banner's
// text) once a known decoration is removed; from then on that decoration
// is removed wherever a line has it. The line numbers stay the input's.
func (p *parser) unprefix(s string) string {
	if p.prefix == nil {
		for _, re := range pastePrefixes {
			if m := re.FindString(s); m != "" {
				if rest := s[len(m):]; strings.HasPrefix(rest, "#") || isBannerText(strings.TrimSpace(rest)) {
					p.prefix = re
					break
				}
			}
		}
		if p.prefix == nil {
			return s
		}
	}
	if m := p.prefix.FindString(s); m != "" {
		return s[len(m):]
	}
	return s
}

// markdownEscaped: a line of HotSpot's own vocabulary with its underscores
// escaped (si\_signo, \_thread\_in\_native, hs\_err): the paste went
// through a Markdown converter, whose escapes are undone from then on.
func markdownEscaped(s string) bool {
	return strings.Contains(s, `si\_signo`) || strings.Contains(s, `\_thread\_`) || strings.Contains(s, `hs\_err`) || strings.Contains(s, `si\_addr`)
}

// mdUnescaper undoes a Markdown converter's backslash escapes of the
// characters an hs_err log is full of.
var mdUnescaper = strings.NewReplacer(`\_`, "_", `\*`, "*", `\#`, "#", `\[`, "[", `\]`, "]", `\<`, "<", `\>`, ">", `\-`, "-", `\+`, "+", `\.`, ".", `\(`, "(", `\)`, ")", `\|`, "|", `\!`, "!")

// trimQuote strips leading '>' marks, each with one optional space.
func trimQuote(s string) string {
	for len(s) > 0 && s[0] == '>' {
		s = strings.TrimPrefix(s[1:], " ")
	}
	return s
}

func isBlank(s string) bool {
	for _, c := range []byte(s) {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

func (p *parser) blankLine(b string) {
	p.blank = true
	if p.inHeader {
		p.inHeader = false
	}
	// Verbatim blocks keep their blank lines, so their line numbers stay
	// exact; blocks whose grammar cannot include a blank line end here.
	switch p.block {
	case bOpaque:
		p.keep(b)
	case bHeaderMessage, bCompileTask, bVMArgs, bLocale, bLogging,
		bMutexes, bExceptionCounts, bJVMTI, bLibraries, bSignals, bFlags, bUname,
		bProcessMemory, bTHP, bCPUExtra, bMemory, bStack, bTOS, bInstructions, bOS, bLdPreload:
		p.endBlock()
	case bNativeFrames, bJavaFrames, bProcessedFrames:
		p.endBlock()
	}
}

func (p *parser) endBlock() {
	p.block = bNone
	p.sigHandler = nil
	p.regmap = nil
	p.frames = nil
	p.framesMore = nil
	p.hexCur = nil
	p.valueFor = nil
	p.framesDropped = nil
	p.eventDropped = false
	p.join.flush()
}

// enter marks section sec as present from line n on (banner or a heading that
// belongs to it).
func (p *parser) enter(sec string) {
	if sec == "" {
		return
	}
	p.section = sec
	p.seen.mark(sec, p.n)
	switch sec {
	case secSummary:
		p.log.Summary.Present = true
	case secThread:
		p.log.Thread.Present = true
	case secProcess:
		p.log.Process.Present = true
	case secSystem:
		p.log.System.Present = true
	}
}

// banner recognises the section banners ("---------------  T H R E A D  ---…").
func (p *parser) banner(s string) bool {
	if !strings.HasPrefix(s, "---------------") {
		return false
	}
	t := strings.Trim(s, "- ")
	var sec string
	switch t {
	case "S U M M A R Y":
		sec = secSummary
	case "T H R E A D":
		sec = secThread
	case "P R O C E S S":
		sec = secProcess
	case "S Y S T E M":
		sec = secSystem
	case "A S A N":
		sec = "asan"
	default:
		return false
	}
	p.endBlock()
	p.inHeader = false
	p.banners++
	p.enter(sec)
	if sec == "asan" {
		p.startOpaque("A S A N", "asan")
	}
	return true
}

// stray handles a line that no heading or block took.
func (p *parser) stray(s string) {
	// Binary garbage is only checked for here, off the hot path: a line that
	// some grammar took was text enough.
	if binary(s) {
		p.log.Parse.BinaryLines++
		p.endBlock()
		return
	}
	// A heading we do not know ("Something:" after a blank line or at the
	// start) opens a verbatim block so nothing is lost.
	// Pasted excerpts often drop the "Registers:" heading: a bare register
	// line outside any block starts the block.
	if p.block == bNone && looksLikeRegisters(s) {
		p.enter(secThread)
		p.registers(s)
		p.registerLine(s)
		return
	}
	if (p.blank || p.block == bNone) && looksLikeHeading(s) {
		if p.log.Parse.Foreign == nil {
			p.foreign(s) // another runtime's report may open with a heading ("Binary Images:")
		}
		p.startOpaque(strings.TrimSpace(s), p.section)
		return
	}
	p.endBlock()
	p.unknown(s)
}

// looksLikeRegisters: the first line of a register block of some platform.
func looksLikeRegisters(s string) bool {
	for _, pre := range []string{"RAX=0x", "EAX=0x", "R0=0x", "R0 =0x", "x0 =0x", " x0=0x", "pc =0x"} {
		if strings.HasPrefix(s, pre) {
			return true
		}
	}
	return false
}

// looksLikeHeading: a short line ending in ':' that starts with a letter.
func looksLikeHeading(s string) bool {
	if len(s) > 80 || !strings.HasSuffix(s, ":") {
		return false
	}
	c := s[0]
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
}

func (p *parser) unknown(s string) {
	pi := &p.log.Parse
	if pi.Foreign == nil {
		p.foreign(s)
	}
	pi.UnknownCount++
	if len(pi.Unknown) < maxUnknown {
		pi.Unknown = append(pi.Unknown, model.UnknownLine{
			Section: p.section, Block: p.block.String(), Line: p.lineOf(s),
		})
	}
}

func (p *parser) lineOf(s string) model.Line { return model.Line{N: p.n, Text: s} }

// add appends the current line to a list, up to maxItems lines: every list
// is capped so that memory stays bounded whatever the input.
func (p *parser) add(dst *[]model.Line, s string) {
	p.addDropped = len(*dst) >= maxItems
	if !p.addDropped {
		*dst = append(*dst, p.lineOf(s))
		return
	}
	p.cut(p.lineListName(dst))
}

// cut counts an item of the named list that its cap left out; finish turns
// the counts into notes.
func (p *parser) cut(list string) {
	pi := &p.log.Parse
	if pi.Cut == nil {
		pi.Cut = map[string]int{}
	}
	pi.Cut[list]++
}

// lineListName names a list p.add fills, for the note on what its cap left
// out. Only called past a cap, so the comparisons cost nothing in practice.
func (p *parser) lineListName(dst *[]model.Line) string {
	l := p.log
	names := []struct {
		list *[]model.Line
		name string
	}{
		{&l.Header.Messages, "header message lines"}, {&l.Header.Other, "other header lines"},
		{&l.Header.JFR, "JFR header lines"}, {&l.Thread.CompileTask, "compile task lines"},
		{&l.Thread.LockStack, "lock stack lines"}, {&l.Process.Mutexes, "owned mutex lines"},
		{&l.Process.ExceptionCounts, "exception count lines"}, {&l.Process.JVMTIAgents, "JVMTI agent lines"},
		{&l.Process.Logging, "logging lines"}, {&l.Process.Locale, "locale lines"},
		{&l.System.OS, "OS lines"}, {&l.System.ProcessMemory, "process memory lines"},
		{&l.System.LdPreload, "ld.so.preload lines"}, {&l.System.CPUExtra, "CPU detail lines"},
		{&l.System.Memory, "memory lines"},
	}
	for _, n := range names {
		if n.list == dst {
			return n.name
		}
	}
	return "lines"
}

// discarded is the block index of a verbatim block past maxBlocks: its
// lines are read and counted, not kept.
const discarded = -1

// startOpaque opens a verbatim block.
func (p *parser) startOpaque(heading, section string) {
	p.endBlock()
	p.block = bOpaque
	if len(p.log.Blocks) >= maxBlocks {
		p.cut("verbatim blocks")
		p.blockIdx = discarded
		return
	}
	p.log.Blocks = append(p.log.Blocks, model.Block{Section: section, Heading: heading, Line: p.n})
	p.blockIdx = len(p.log.Blocks) - 1
}

// keep appends a line to the current verbatim block.
func (p *parser) keep(s string) {
	if p.blockIdx == discarded {
		return
	}
	b := &p.log.Blocks[p.blockIdx]
	if len(b.Lines) == 0 {
		b.First = p.n
	}
	if len(b.Lines) < maxBlockLines {
		b.Lines = append(b.Lines, s)
	} else {
		b.Dropped++
	}
}

// note adds a parse note once. Notes are de-duplicated through a set (a
// scan of the earlier notes made 40,000 markers take seconds) and capped:
// the last note kept says how many more there were.
func (p *parser) note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if _, seen := p.noteSet[msg]; seen {
		return
	}
	if p.noteSet == nil {
		p.noteSet = map[string]struct{}{}
	}
	// The set is bounded too: past maxNoteSet distinct notes, repeats are
	// counted as dropped (the notes' sources keep that from happening).
	if len(p.noteSet) < maxNoteSet {
		p.noteSet[msg] = struct{}{}
	}
	pi := &p.log.Parse
	if len(pi.Notes) < maxNotes {
		pi.Notes = append(pi.Notes, msg)
		return
	}
	pi.NotesDropped++
}

// closeNotes says how many notes the cap left out, as the last note.
func (p *parser) closeNotes() {
	pi := &p.log.Parse
	if pi.NotesDropped > 0 {
		pi.Notes = append(pi.Notes, fmt.Sprintf("%d more note(s) were not kept (the parser keeps %d)", pi.NotesDropped, maxNotes))
	}
}
