package rules

import (
	"strconv"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// Mem is the memory picture the log gives: meminfo figures in bytes and
// the lines they came from.
type Mem struct {
	KB    map[string]uint64
	Lines map[string]model.Line
}

// Get returns a meminfo figure in bytes.
func (m *Mem) Get(key string) (uint64, bool) {
	v, ok := m.KB[key]
	return v * 1024, ok
}

// MemFact reads /proc/meminfo from the SYSTEM section.
var MemFact = &Fact{
	Name: "memory",
	Doc:  "/proc/meminfo figures (MemTotal, MemAvailable, CommitLimit, Committed_AS, …)",
	Compute: func(p *Pass) any {
		m := &Mem{KB: map[string]uint64{}, Lines: map[string]model.Line{}}
		for _, kv := range p.Log.System.Meminfo {
			f := strings.Fields(kv.Value)
			if len(f) == 0 {
				continue
			}
			if n, err := strconv.ParseUint(f[0], 10, 64); err == nil {
				m.KB[kv.Key] = n
				m.Lines[kv.Key] = p.KVLine(kv)
			}
		}
		return m
	},
}

// headerLines is every '#' line of the header the model kept.
func headerLines(l *model.Log) []model.Line {
	h := l.Header
	out := []model.Line{h.ErrorLine}
	out = append(out, h.Messages...)
	if h.OOM != nil {
		out = append(out, h.OOM.Line)
	}
	return append(out, h.Other...)
}

// headerMatch returns the first header line containing any of subs.
func headerMatch(l *model.Log, subs ...string) (model.Line, bool) {
	for _, hl := range headerLines(l) {
		for _, s := range subs {
			if hl.N > 0 && strings.Contains(hl.Text, s) {
				return hl, true
			}
		}
	}
	return model.Line{}, false
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
