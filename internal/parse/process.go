package parse

import (
	"strconv"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// eventLogHeading: "<Name> (<count> events):" (events.hpp print_log_impl).
// Past maxEventLogs a log's lines are read and counted, not kept.
func (p *parser) eventLogHeading(s string) bool {
	open := strings.LastIndex(s, " (")
	if open <= 0 {
		return false
	}
	num, _, _ := cut(s[open+2:], " ")
	count, err := strconv.Atoi(num)
	if err != nil {
		return false
	}
	p.endBlock()
	p.enter(secProcess)
	p.block = bEvents
	pr := &p.log.Process
	if len(pr.Events) >= maxEventLogs {
		p.cut("event logs")
		p.blockIdx = discarded
		return true
	}
	pr.Events = append(pr.Events, model.EventLog{Name: s[:open], Count: count, Line: p.n})
	p.blockIdx = len(pr.Events) - 1
	return true
}

// eventLine: "Event: <secs> [Thread 0x…] <text>"; other lines continue the
// previous event (multi-line GC heap prints, "thrown [file, line N]").
func (p *parser) eventLine(s string) bool {
	if p.blockIdx == discarded {
		return p.discardedEventLine(s)
	}
	el := &p.log.Process.Events[p.blockIdx]
	switch {
	case strings.HasPrefix(s, "Event: "):
		p.join.flush() // the previous event is complete; el.Events may grow
		if len(el.Events) >= maxEvents {
			el.Dropped++
			p.eventDropped = true
			return true
		}
		p.eventDropped = false
		el.Events = append(sized(p, el.Events, maxEvents, eventFit), parseEvent(s, p.n))
		return true
	case strings.HasPrefix(s, "No events"):
		el.NoEvents = s
		return true
	case !p.blank && len(el.Events) > 0:
		// The continuation of a dropped event is dropped with it: added to
		// the last event kept, it made that one's text wrong and long.
		if !p.eventDropped {
			p.joinLine(&el.Events[len(el.Events)-1].Text, s)
		}
		return true
	}
	return false
}

// discardedEventLine takes the lines of an event log past maxEventLogs as
// eventLine would, keeping nothing.
func (p *parser) discardedEventLine(s string) bool {
	return strings.HasPrefix(s, "Event: ") || strings.HasPrefix(s, "No events") || !p.blank
}

// parseEvent decodes "Event: <secs> [Thread 0x…] <text>".
func parseEvent(s string, n int) model.Event {
	e := model.Event{Line: n, Raw: s}
	rest := s[len("Event: "):]
	ts, rest, _ := cut(rest, " ")
	e.Time, _ = strconv.ParseFloat(ts, 64)
	if strings.HasPrefix(rest, "Thread 0x") {
		th, tail, _ := cut(rest[len("Thread "):], " ")
		e.Thread, e.HasThread = hexVal(th)
		rest = tail
	}
	e.Text = strings.TrimSpace(rest)
	return e
}

// eventFit counts the "Event:" lines of a log; other lines continue an
// event, a blank line or the next log's heading ends it (the heading form
// heading() knows: JDK 8 heap prints inside events also end in "):").
func eventFit(s string) (item, more bool) {
	if strings.HasPrefix(s, "Event: ") {
		return true, true
	}
	return false, !isBlank(s) && !strings.HasSuffix(s, " events):") && !strings.HasSuffix(s, " event):")
}

// libraries opens "Dynamic libraries:"; an in-memory input has its lines
// counted first (up to the blank line that ends the list), so that one slab
// holds a memory map of thousands of lines.
func (p *parser) libraries(s string) {
	p.block = bLibraries
	p.mappings.reserve(p.src.ahead(maxMappings-p.mappings.len(), mappingFit))
}

// mappingFit: a line that starts like a mapping ("7f…-7f… " or "0x…"
// with a digit).
func mappingFit(s string) (item, more bool) {
	ok := (len(s) > 2 && s[0] == '0' && s[1] == 'x' && isHex(s[2])) ||
		(len(s) > 0 && isHex(s[0]) && strings.IndexByte(s[:min(len(s), 17)], '-') > 0)
	return ok, ok
}

// libraryLine parses one "Dynamic libraries:" line: a Linux /proc/maps line,
// "0x… - 0x… \tpath" (Windows) or "0x… \tpath" (macOS, Solaris).
func (p *parser) libraryLine(s string) bool {
	pr := &p.log.Process
	if strings.HasPrefix(s, "Can not get library information") || strings.HasPrefix(s, "Error: Cannot print dynamic libraries") {
		if !p.noLibraries {
			// once: a note per such line made a crafted log's notes grow with it
			p.noLibraries = true
			p.note("the log has no library list: %s", s)
		}
		return true
	}
	m := model.Mapping{Line: p.n, Text: s}
	if strings.HasPrefix(s, "0x") {
		start, rest, ok := leadingHex(s)
		if !ok {
			return false
		}
		m.Start = start
		rest = strings.TrimLeft(rest, " ")
		if strings.HasPrefix(rest, "- ") {
			end, tail, ok := leadingHex(strings.TrimLeft(rest[2:], " "))
			if !ok {
				return false
			}
			m.End, rest = end, tail
		}
		m.Path = strings.TrimSpace(rest)
	} else {
		dash := strings.IndexByte(s, '-')
		if dash <= 0 || dash > 16 {
			return false
		}
		start, ok1 := hexVal(s[:dash])
		rest := s[dash+1:]
		sp := strings.IndexByte(rest, ' ')
		if sp <= 0 {
			return false
		}
		end, ok2 := hexVal(rest[:sp])
		if !ok1 || !ok2 {
			return false
		}
		m.Start, m.End = start, end
		// "perms offset dev inode path", cut at single spaces as printed
		perms, rest, ok1 := cut(strings.TrimLeft(rest[sp:], " "), " ")
		off, rest, ok2 := cut(rest, " ")
		if !ok1 || !ok2 {
			return false
		}
		dev, rest, ok := cut(rest, " ")
		m.Perms = perms
		m.Offset, _ = hexVal(off)
		m.Dev = dev
		if ok {
			ino, path, _ := cut(rest, " ")
			m.Inode, _ = strconv.ParseUint(ino, 10, 64)
			m.Path = strings.TrimSpace(path)
		}
	}
	if p.mappings.len() < maxMappings {
		p.mappings.add(m)
	} else {
		pr.LibrariesDropped++
	}
	return true
}

// vmArgLine parses the lines of "VM Arguments:".
func (p *parser) vmArgLine(s string) {
	va := &p.log.Process.VMArguments
	va.Present = true
	key, val, _ := cut(s, ":")
	val = strings.TrimSpace(val)
	switch key {
	case "jvm_flags":
		va.JVMFlags = p.lineOf(s)
	case "jvm_args":
		va.JVMArgsLine = p.lineOf(s)
		va.JVMArgs = strings.Fields(val)
	case "java_command":
		va.JavaCommand = p.lineOf(s)
	case "java_class_path (initial)":
		va.ClassPath = p.lineOf(s)
	case "Launcher Type":
		va.LauncherType = val
	}
	p.block = bVMArgs
}

// flagLine parses "     intx CICompilerCount   = 2   {product} {ergonomic}".
func (p *parser) flagLine(s string) bool {
	t := strings.TrimSpace(s)
	typ, rest, ok := cut(t, " ")
	if !ok {
		return false
	}
	rest = strings.TrimSpace(rest)
	name, rest, ok := cut(rest, " ")
	if !ok {
		return false
	}
	rest = strings.TrimSpace(rest)
	if !strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, ":=") {
		return false
	}
	rest = strings.TrimSpace(strings.TrimLeft(rest, ":="))
	f := model.Flag{Type: typ, Name: name, Line: p.n, Text: s}
	// Trailing "{product} {ergonomic}" groups, read right to left: the last
	// is the origin, the ones before it make the kind.
	var last, kind string
	groups := 0
	for strings.HasSuffix(rest, "}") {
		i := strings.LastIndex(rest, "{")
		if i < 0 {
			break
		}
		switch g := rest[i+1 : len(rest)-1]; groups {
		case 0:
			last = g
		case 1:
			kind = g
		default:
			kind = g + " " + kind
		}
		groups++
		rest = strings.TrimSpace(rest[:i])
	}
	f.Value = rest
	switch groups {
	case 0:
	case 1:
		f.Kind = last
	default:
		f.Kind, f.Origin = kind, last
	}
	if len(p.log.Process.Flags) < maxItems {
		p.log.Process.Flags = append(sized(p, p.log.Process.Flags, maxItems, assignFit), f)
	} else {
		p.cut("global flags")
	}
	return true
}

// assignFit: a line with an '=' past its start, as flag lines have.
func assignFit(s string) (item, more bool) {
	ok := strings.IndexByte(s, '=') > 0
	return ok, ok
}

// envFit: what envLine takes, NAME=value with no blank in NAME.
func envFit(s string) (item, more bool) {
	ok := isEnvLine(s)
	return ok, ok
}

func isEnvLine(s string) bool {
	eq := strings.IndexByte(s, '=')
	return eq > 0 && !strings.ContainsAny(s[:eq], " \t")
}

func (p *parser) envLine(s string) bool {
	if !isEnvLine(s) {
		return false
	}
	eq := strings.IndexByte(s, '=')
	if len(p.log.Process.Environment) < maxItems {
		v := model.EnvVar{Name: s[:eq], Value: s[eq+1:], Line: p.n}
		p.log.Process.Environment = append(sized(p, p.log.Process.Environment, maxItems, envFit), v)
	} else {
		p.cut("environment variables")
	}
	return true
}

// signalLine parses both handler formats (§6.20) and the "modified" notes.
func (p *parser) signalLine(s string) bool {
	pr := &p.log.Process
	t := strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(t, "*** Handler was modified"):
		if p.sigHandler != nil {
			p.sigHandler.Modified = true
		}
		return true
	case strings.HasPrefix(t, "*** Expected:"):
		if p.sigHandler != nil {
			p.sigHandler.Expected = strings.TrimSpace(strings.TrimPrefix(t, "*** Expected:"))
		}
		return true
	case strings.HasPrefix(t, "chained to:"):
		if p.sigHandler != nil {
			p.sigHandler.Chained = strings.TrimSpace(strings.TrimPrefix(t, "chained to:"))
		}
		return true
	}
	name, rest, ok := cut(t, ": ")
	if !ok || !strings.HasPrefix(name, "SIG") {
		return false
	}
	h := model.SignalHandler{Signal: name, Line: p.lineOf(s)}
	handler, more, found := cut(rest, ", ")
	h.Handler = strings.TrimSpace(handler)
	if lib, ok := afterKey(h.Handler, " in ", 0); ok {
		h.Library = lib
	} else if strings.HasPrefix(h.Handler, "[") {
		lib := strings.Trim(h.Handler, "[]")
		if i := strings.LastIndex(lib, "+0x"); i >= 0 {
			lib = lib[:i]
		}
		h.Library = lib
	}
	for found {
		var part string
		part, more, found = cut(more, ", ")
		switch {
		case strings.HasPrefix(part, "mask="):
			h.Mask = strings.TrimPrefix(part, "mask=")
		case strings.HasPrefix(part, "sa_mask[0]="):
			h.Mask = strings.TrimPrefix(part, "sa_mask[0]=")
		case strings.HasPrefix(part, "flags="):
			h.Flags = strings.TrimPrefix(part, "flags=")
		case strings.HasPrefix(part, "sa_flags="):
			h.Flags = strings.TrimPrefix(part, "sa_flags=")
		case part == "blocked" || part == "unblocked":
			h.Blocked = part
		case strings.HasPrefix(part, "flags was changed from "):
			h.FlagsChanged = strings.TrimPrefix(part, "flags was changed from ")
		}
	}
	if len(pr.SignalHandlers) < 256 {
		pr.SignalHandlers = append(sized(p, pr.SignalHandlers, 256, nonBlank), h)
		p.sigHandler = &pr.SignalHandlers[len(pr.SignalHandlers)-1]
	} else {
		p.cut("signal handlers")
		p.sigHandler = nil // its "modified" notes are not the last kept one's
	}
	return true
}

func (p *parser) heapAddress(s string) {
	pr := &p.log.Process
	pr.HeapAddress = p.lineOf(s)
	if m, ok := afterKey(s, "Compressed Oops mode: ", 0); ok {
		if i := strings.Index(m, ", Oop shift"); i >= 0 {
			m = m[:i]
		}
		pr.CompressedOops = m
	}
}
