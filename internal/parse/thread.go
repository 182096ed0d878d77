package parse

import (
	"strconv"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// currentThread parses "Current thread (0x…):  JavaThread "main" [...]" and
// "Current thread is native thread".
func (p *parser) currentThread(s string) {
	t := &p.log.Thread
	if strings.HasPrefix(s, "Current thread is native thread") {
		t.NativeThread = true
		return
	}
	ti := model.ThreadInfo{Line: p.lineOf(s)}
	rest := strings.TrimPrefix(s, "Current thread")
	rest = strings.TrimSpace(rest)
	if strings.HasPrefix(rest, "(") {
		if end := strings.Index(rest, "):"); end > 0 {
			ti.Address, _ = hexVal(rest[1:end])
			rest = strings.TrimSpace(rest[end+2:])
		}
	}
	parseThreadDesc(&ti, rest)
	t.Current = &ti
}

// parseThreadDesc decodes a Thread::print_on_error description (§5.1).
func parseThreadDesc(ti *model.ThreadInfo, s string) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(exited)") {
		ti.Exited = true
		s = strings.TrimSpace(s[len("(exited)"):])
	}
	typ, rest, _ := cut(s, " ")
	ti.Type = typ
	// The bracketed details start at the first " [" that holds a thread
	// state, id or stack; the name (quoted, may hold spaces) comes before.
	b := -1
	for off := 0; b < 0; {
		i := strings.IndexByte(rest[off:], '[')
		if i < 0 {
			break
		}
		i += off
		if t := rest[i:]; strings.HasPrefix(t, "[_thread_") || strings.HasPrefix(t, "[id=") || strings.HasPrefix(t, "[stack") {
			b = i
		}
		off = i + 1
	}
	head, details := rest, ""
	if b >= 0 {
		head, details = rest[:b], rest[b:]
	}
	if i := strings.IndexByte(head, '"'); i >= 0 {
		if j := strings.LastIndexByte(head, '"'); j > i {
			ti.Name = head[i+1 : j]
			head = head[j+1:]
		}
	}
	if strings.Contains(head, "daemon") {
		ti.Daemon = true
	}
	threadDetails(ti, details)
}

// threadDetails reads "[_thread_in_vm, id=31389, stack(0x…,0x…) (1024K)]"
// and the 11/17 form "[stack: 0x…,0x…] [id=N]" without splitting the line
// (thread lists can have thousands of entries).
func threadDetails(ti *model.ThreadInfo, d string) {
	if i := strings.Index(d, "[_thread_"); i >= 0 {
		state := d[i+1:]
		for j := 0; j < len(state); j++ {
			if state[j] == ',' || state[j] == ']' {
				state = state[:j]
				break
			}
		}
		ti.State = state
	}
	for off := 0; ; {
		i := strings.Index(d[off:], "id=")
		if i < 0 {
			break
		}
		i += off
		if i > 0 && (d[i-1] == ' ' || d[i-1] == '[') {
			j := i + 3
			for j < len(d) && isDigit(d[j]) {
				j++
			}
			ti.ID = decimal(d[i+3 : j])
			break
		}
		off = i + 3
	}
	rest := ""
	if i := strings.Index(d, "stack("); i >= 0 {
		rest = d[i+len("stack("):]
	} else if i := strings.Index(d, "stack: "); i >= 0 {
		rest = d[i+len("stack: "):]
	}
	if rest == "" {
		return
	}
	lo, tail, ok := leadingHex(rest)
	if !ok || !strings.HasPrefix(tail, ",") {
		return
	}
	hi, tail, ok := leadingHex(tail[1:])
	if !ok {
		return
	}
	ti.StackBase, ti.StackTop = lo, hi
	if i := strings.Index(tail, ") ("); i >= 0 {
		if j := strings.IndexByte(tail[i+3:], ')'); j >= 0 {
			ti.StackSize = tail[i+3 : i+3+j]
		}
	}
}

// decimal is the value of a run of digits as strconv.ParseInt gives it
// (0 when empty, the int64 limit when too long), without its call per
// thread when the run is short.
func decimal(digits string) int64 {
	if len(digits) > 18 {
		v, _ := strconv.ParseInt(digits, 10, 64)
		return v
	}
	var v int64
	for i := 0; i < len(digits); i++ {
		v = v*10 + int64(digits[i]-'0')
	}
	return v
}

// stackLine parses "Stack: [0x…,0x…],  sp=0x…,  free space=1017k".
func (p *parser) stackLine(s string) {
	sb := &model.StackBounds{Line: p.lineOf(s)}
	inner, _ := afterKey(s, "[", 0)
	rng := inner
	if i := strings.IndexAny(inner, "])"); i >= 0 {
		rng = inner[:i]
	}
	lo, hi, _ := cut(rng, ",")
	sb.Bottom, _ = hexVal(strings.TrimSpace(lo))
	sb.Top, _ = hexVal(strings.TrimSpace(hi))
	if sp, ok := afterKey(s, "sp=", ','); ok {
		sp, _, _ = cut(sp, " ")
		sb.SP, sb.HasSP = hexVal(sp)
	}
	if fs, ok := afterKey(s, "free space=", 0); ok {
		fs = strings.TrimRight(fs, "kK")
		v, err := strconv.ParseInt(fs, 10, 64)
		inside := sb.HasSP && sb.Top > sb.Bottom && sb.SP >= sb.Bottom && sb.SP <= sb.Top
		if err == nil && v >= 0 && inside {
			sb.FreeKB, sb.HasFree = v, true
		}
	}
	sb.Outside = strings.Contains(s, "OUTSIDE STACK")
	p.log.Thread.Stack = sb
}

func (p *parser) nativeFrames(s string) {
	t := &p.log.Thread
	if len(t.NativeFrames) > 0 {
		// a reattempt prints the list again: keep the first, read past the copy
		p.discardFrames()
	} else {
		p.frames, p.framesMore, p.framesDropped = &t.NativeFrames, &t.NativeFramesMore, &t.NativeFramesDropped
	}
	p.block = bNativeFrames
}

func (p *parser) javaFrames(s string) {
	t := &p.log.Thread
	var more bool
	switch {
	case t.ProcessedThread != nil:
		p.frames, p.framesMore, p.framesDropped = &t.ProcessedFrames, &more, &t.ProcessedFramesDropped
		p.block = bProcessedFrames
	case len(t.JavaFrames) > 0:
		p.discardFrames()
		p.block = bJavaFrames
	default:
		p.frames, p.framesMore, p.framesDropped = &t.JavaFrames, &more, &t.JavaFramesDropped
		p.block = bJavaFrames
	}
}

// discardFrames reads a repeated frame list into lists nobody keeps.
func (p *parser) discardFrames() {
	var discard []model.Frame
	var more bool
	var dropped int
	p.frames, p.framesMore, p.framesDropped = &discard, &more, &dropped
}

// processedThread: "JavaThread 0x… (nid = N) was being processed".
func (p *parser) processedThread(s string) {
	l := p.lineOf(s)
	p.log.Thread.ProcessedThread = &l
}

// frameLine adds a frame; past maxFrames it is counted in the list's
// Dropped field (a note says so at the end).
func (p *parser) frameLine(s string) bool {
	if strings.HasPrefix(s, "...<more frames>...") {
		*p.framesMore = true
		return true
	}
	if !isFrameLine(s) {
		return false
	}
	if len(*p.frames) < maxFrames {
		*p.frames = append(sized(p, *p.frames, maxFrames, frameFit), parseFrame(s, p.n))
	} else {
		*p.framesDropped++
	}
	return true
}

func frameFit(s string) (item, more bool) {
	ok := isFrameLine(s)
	return ok, ok
}

// siginfo parses the POSIX, old-Linux and Windows forms (§5.5).
func (p *parser) siginfo(s string) {
	si := &model.Siginfo{Line: p.lineOf(s)}
	body := strings.TrimSpace(strings.TrimPrefix(s, "siginfo:"))
	switch {
	case strings.HasPrefix(body, "si_signo: "):
		posixSiginfo(si, body, ": ")
	case strings.HasPrefix(body, "si_signo="):
		// JDK 6/7: "si_signo=11, si_errno=0, si_code=1 (SEGV_MAPERR), si_addr=0x…"
		posixSiginfo(si, body, "=")
	default:
		// Windows: "EXCEPTION_ACCESS_VIOLATION (0xc0000005), reading address 0x…"
		// or JDK 8 "ExceptionCode=0xc0000005, reading address 0x…".
		name, rest, _ := cut(body, ",")
		if code, ok := afterKey(name, "ExceptionCode=", 0); ok {
			si.ExceptionCode, _ = hexVal(code)
		} else {
			n, code, _ := cut(name, " ")
			si.SigName = n
			si.ExceptionCode, _ = hexVal(strings.Trim(code, "()"))
		}
		rest = strings.TrimSpace(rest)
		for _, acc := range [][2]string{{"reading address ", "reading"}, {"writing address ", "writing"},
			{"data execution prevention violation at address ", "data execution prevention violation"}} {
			if a, ok := afterKey(rest, acc[0], ' '); ok {
				si.Access = acc[1]
				si.Addr, si.HasAddr = hexVal(a)
			}
		}
		if info, ok := afterKey(rest, "ExceptionInformation=", 0); ok {
			for _, w := range strings.Fields(info) {
				if v, ok := hexVal(w); ok {
					si.ExceptionInfo = append(si.ExceptionInfo, v)
				}
			}
		}
	}
	p.log.Thread.Siginfo = si
}

// posixSiginfo reads "si_signo<sep>11 (SIGSEGV), si_code<sep>1 (SEGV_MAPERR),
// si_addr<sep>0x…": sep is ": " (JDK 8u+) or "=" (JDK 6/7, where si_signo may
// be a name followed by ':').
func posixSiginfo(si *model.Siginfo, body, sep string) {
	v, _ := afterKey(body, "si_signo"+sep, ',')
	v, _, _ = cut(v, ":")
	num, name, _ := cut(v, " ")
	if n, err := strconv.Atoi(num); err == nil {
		si.Signo = n
	} else {
		si.SigName = num
	}
	if name != "" {
		si.SigName = strings.Trim(name, "()")
	}
	if c, ok := afterKey(body, "si_code"+sep, ','); ok {
		num, name, _ := cut(c, " ")
		si.Code, _ = strconv.Atoi(num)
		si.CodeName = strings.Trim(name, "()")
		si.HasCode = true
	}
	if e, ok := afterKey(body, "si_errno"+sep, ','); ok {
		si.Errno, _ = strconv.Atoi(e)
	}
	if a, ok := afterKey(body, "si_addr"+sep, ','); ok {
		si.Addr, _, si.HasAddr = leadingHex(a) // pastes may add text after it
	}
	if pid, ok := afterKey(body, "sent from pid: ", ' '); ok {
		si.SenderPID, _ = strconv.ParseInt(pid, 10, 64)
		si.HasSender = true
		if uid, ok := afterKey(body, "(uid: ", ')'); ok {
			si.SenderUID, _ = strconv.ParseInt(uid, 10, 64)
		}
	}
}

// threadListStart opens a thread list. At the first list of an in-memory
// input the entries are counted, with those of the lists that follow it, so
// that one slab holds them all: a log can list thousands of threads. Only
// the first list counts: counting at every heading would make a log of
// many headings quadratic.
func (p *parser) threadListStart(list string) {
	p.threadList = list
	p.block = bThreads
	if !p.threadsCounted {
		p.threadsCounted = true
		p.threads.reserve(p.src.ahead(maxItems-p.threads.len(), threadRegionLine))
	}
}

// threadRegionLine: the thread lists print one after another, entries
// between a heading and "Total: N" and a blank line.
func threadRegionLine(s string) (item, more bool) {
	if len(s) > 4 && (s[:4] == "=>0x" || s[:4] == "  0x") && isHex(s[4]) {
		return true, true
	}
	return false, isBlank(s) || strings.HasPrefix(s, "Total:") ||
		strings.HasPrefix(s, "Other Threads:") || strings.HasPrefix(s, "Threads with active compile tasks:")
}

// threadListLine parses "=>0x… JavaThread …" / "  0x… VMThread …" / "Total: N".
func (p *parser) threadListLine(s string) bool {
	if strings.HasPrefix(s, "Total:") {
		return true
	}
	if p.threadList == "compile" {
		if p.threads.len() < maxItems {
			p.threads.add(model.ThreadInfo{List: "compile", Name: strings.TrimSpace(s), Line: p.lineOf(s)})
		} else {
			p.cut("threads")
		}
		return true
	}
	t := s
	current := false
	switch {
	case strings.HasPrefix(t, "=>"):
		current = true
		t = t[2:]
	case strings.HasPrefix(t, "  "):
		t = t[2:]
	default:
		return false
	}
	addr, rest, ok := leadingHex(t)
	if !ok {
		return false
	}
	if p.threads.len() < maxItems {
		ti := p.threads.next()
		ti.Address, ti.Current, ti.List, ti.Line = addr, current, p.threadList, p.lineOf(s)
		parseThreadDesc(ti, rest)
	} else {
		p.cut("threads")
	}
	return true
}

// mutexes parses the owned-locks heading, which may say "None" inline.
func (p *parser) mutexes(s string) {
	if strings.HasSuffix(strings.TrimSpace(s), "None") {
		p.log.Process.MutexesNone = true
		return
	}
	p.block = bMutexes
}

func (p *parser) mutexLine(s string) bool {
	if !strings.HasPrefix(s, "[") {
		return false
	}
	p.add(&p.log.Process.Mutexes, s)
	return true
}
