package rules

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/hserr/hserr/internal/model"
)

// Mem is the memory picture the log gives: the /proc/meminfo figures,
// read on demand (rules ask for a handful of the ~50).
type Mem struct {
	p  *Pass
	kv []model.KV
}

// KB returns a meminfo figure in kB and the line it came from. When a key
// repeats, its last readable figure counts.
func (m *Mem) KB(key string) (uint64, model.Line, bool) {
	for i := len(m.kv) - 1; i >= 0; i-- {
		if kv := m.kv[i]; kv.Key == key {
			if n, err := strconv.ParseUint(firstField(kv.Value), 10, 64); err == nil {
				return n, m.p.KVLine(kv), true
			}
		}
	}
	return 0, model.Line{}, false
}

// Get returns a meminfo figure in bytes.
func (m *Mem) Get(key string) (uint64, bool) {
	v, _, ok := m.KB(key)
	return v * 1024, ok
}

// Line returns the line of a meminfo figure (zero if there is none).
func (m *Mem) Line(key string) model.Line {
	_, ln, _ := m.KB(key)
	return ln
}

// MemFact reads /proc/meminfo from the SYSTEM section.
var MemFact = &Fact{
	Name: "memory",
	Doc:  "/proc/meminfo figures (MemTotal, MemAvailable, CommitLimit, Committed_AS, …)",
	Compute: func(p *Pass) any {
		return &Mem{p: p, kv: p.Log.System.Meminfo}
	},
}

// firstField is strings.Fields(s)[0] ("" when s is blank), without the
// slice.
func firstField(s string) string {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return s[:i]
	}
	return s
}

// headerMatch returns the first '#' line of the header the model kept
// that contains any of subs.
func headerMatch(l *model.Log, subs ...string) (model.Line, bool) {
	h := &l.Header
	if lineHas(h.ErrorLine, subs) {
		return h.ErrorLine, true
	}
	for _, hl := range h.Messages {
		if lineHas(hl, subs) {
			return hl, true
		}
	}
	if h.OOM != nil && lineHas(h.OOM.Line, subs) {
		return h.OOM.Line, true
	}
	for _, hl := range h.Other {
		if lineHas(hl, subs) {
			return hl, true
		}
	}
	return model.Line{}, false
}

// lineHas reports whether a numbered line contains any of subs.
func lineHas(hl model.Line, subs []string) bool {
	if hl.N <= 0 {
		return false
	}
	for _, s := range subs {
		if strings.Contains(hl.Text, s) {
			return true
		}
	}
	return false
}

// isNativeOOM reports the "insufficient memory" report family.
func isNativeOOM(l *model.Log) bool {
	if l.Header.OOM != nil || l.Header.ErrorKind == "out-of-memory" {
		return true
	}
	_, ok := headerMatch(l, "There is insufficient memory", "Out of Memory Error", "Out of swap space", "Cannot create GC thread", "Cannot create worker GC thread")
	return ok
}

func gib(b uint64) string {
	switch {
	case b >= 1<<30:
		return strconv.FormatFloat(float64(b)/(1<<30), 'f', 1, 64) + " GiB"
	case b >= 1<<20:
		return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64) + " MiB"
	case b >= 1<<10:
		return strconv.FormatFloat(float64(b)/(1<<10), 'f', 0, 64) + " KiB"
	}
	return strconv.FormatUint(b, 10) + " bytes"
}
