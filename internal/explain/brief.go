package explain

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hserr/hserr/internal/fault"
	"github.com/hserr/hserr/internal/model"
)

// TextOptions choose how much the text answer shows.
type TextOptions struct {
	Color bool
	// Verbose adds the decoded listing, the register provenance, every
	// finding's evidence and remedy, caveats and the log's section notes.
	Verbose bool
	// Glossary explains, at the end, each technical term the answer uses.
	Glossary bool
	// Name is the log's name, shown on the verdict line ("" for none).
	Name string
}

// maxBriefEvidence lines are quoted in the brief answer; --verbose quotes all.
const maxBriefEvidence = 5

// crashLines is "what crashed" in two lines: the signal and where, then
// the thread and the platform.
func (c Crash) crashLines() []string {
	var what []string
	if c.Signal != "" {
		what = append(what, strings.TrimSpace(c.Signal+" "+c.SiCode))
	} else if c.Error != "" {
		what = append(what, c.Error)
	}
	if c.FaultAddr != "" {
		what = append(what, "at "+shortAddr(c.FaultAddr))
	}
	if c.Frame != "" {
		what = append(what, "in "+strings.Join(strings.Fields(c.Frame), " "))
	}
	var where []string
	if c.ThreadName != "" || c.ThreadType != "" {
		where = append(where, strings.TrimSpace(fmt.Sprintf("thread %q %s", c.ThreadName, plainState(c.ThreadState))))
	}
	if jdk := strings.TrimSpace(c.JDK + " " + c.Platform); jdk != "" {
		where = append(where, "JDK "+jdk)
	}
	if c.OS != "" {
		where = append(where, c.OS)
	}
	var out []string
	for _, l := range [][]string{what, where} {
		if len(l) > 0 {
			out = append(out, strings.Join(l, ", "))
		}
	}
	return out
}

// shortAddr drops an address's leading zeros (0x0000000000000010 → 0x10):
// the same number, easier to read.
func shortAddr(s string) string {
	h, ok := strings.CutPrefix(s, "0x")
	if !ok {
		return s
	}
	v, err := strconv.ParseUint(h, 16, 64)
	if err != nil {
		return s
	}
	return fmt.Sprintf("0x%x", v)
}

// FaultSummary is the fault analysis in one line, as the brief answer and
// the web pages say it: the instruction and the address it touched, with
// the address's class.
func FaultSummary(a *fault.Analysis) string {
	if a == nil || a.Instruction == "" {
		return ""
	}
	s := a.Instruction
	if len(a.Evidence) > 0 {
		s = strings.TrimSuffix(a.Evidence[0], ".")
	}
	if a.AddressClass != "" && !strings.Contains(s, string(a.AddressClass)) {
		s += " (" + string(a.AddressClass) + ")"
	}
	return s
}

// newLines drops evidence lines already shown above (a finding often
// quotes the verdict's lines): the answer never repeats a block.
func newLines(ev []model.Line, shown map[int]bool) []model.Line {
	var out []model.Line
	for _, l := range ev {
		if !shown[l.N] {
			out = append(out, l)
			shown[l.N] = true
		}
	}
	return out
}

// plainState says a thread state in words (the raw state is in the
// evidence and the JSON).
func plainState(s string) string {
	switch s {
	case "_thread_in_native":
		return "in native code"
	case "_thread_in_Java":
		return "in Java code"
	case "_thread_in_vm":
		return "in the JVM"
	case "_thread_blocked":
		return "blocked"
	case "_thread_new":
		return "starting"
	case "_thread_in_native_trans", "_thread_in_vm_trans", "_thread_blocked_trans":
		return "changing state"
	}
	return s
}
