package rules

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/hserr/hserr/internal/fault"
	"github.com/hserr/hserr/internal/model"
)

// Fact is a value derived once per log and shared by every rule that
// requires it (the go/analysis "result of a required analyzer").
type Fact struct {
	Name     string
	Doc      string
	Requires []*Fact
	Compute  func(p *Pass) any

	// slot is where a pass keeps this fact's value, given on first use:
	// a pass reads facts hundreds of times per log, and a slice index is
	// cheaper than a map lookup.
	slot atomic.Int32
}

// slots counts the slots given out.
var slots atomic.Int32

// index is the fact's slot, given on its first use by any pass.
func (f *Fact) index() int {
	if s := f.slot.Load(); s > 0 {
		return int(s) - 1
	}
	n := slots.Add(1)
	if !f.slot.CompareAndSwap(0, n) {
		// another goroutine gave it one first; n stays unused
		return int(f.slot.Load()) - 1
	}
	return int(n) - 1
}

// computed is a fact's value in a pass; set says it was computed (a fact
// may be nil).
type computed struct {
	v   any
	set bool
}

// Rule recognises one crash class. Run returns no finding when the class
// does not apply; it must never panic on a partial log (fields are zero).
type Rule struct {
	// Name identifies the rule when several rules report one class (or a
	// table-driven rule reports many); it defaults to Class. Unique.
	Name     string
	Class    string // taxonomy id ("" for a table-driven rule: see Emits)
	Doc      string // what the rule looks for, one line
	Requires []*Fact
	// Emits lists the classes a table-driven rule reports besides Class.
	Emits []string
	// FindingOnly: the rule reports context (factors, log quality) and is
	// never the verdict; Run refuses a root cause from it.
	FindingOnly bool
	// OS is where the rule's reasoning holds (zero: every OS); Run skips
	// the rule on a log from another OS.
	OS  Platforms
	Run func(p *Pass) []Finding
}

// Pass is what a rule sees: the parsed log and the facts computed so far.
// Every line a rule quotes comes from the model, which keeps each quotable
// line's text and number.
type Pass struct {
	Log *model.Log
	// allowed is the set of facts the running rule (or fact) declared;
	// nil means unchecked. Tests turn the check on (strictFacts).
	allowed map[*Fact]bool
	reader  string // the rule or fact whose declarations allowed holds
	// Fault is the fault analysis, a step of the pipeline that runs before
	// the rules (explain.Build hands it over); FaultFact serves it to the
	// rules that declare it, and computes it when a pass was built without.
	Fault *fault.Analysis
	facts []computed // by Fact.index
}

// NewPass prepares a pass.
func NewPass(l *model.Log) *Pass {
	if l == nil {
		l = &model.Log{}
	}
	return &Pass{Log: l, facts: make([]computed, slots.Load())}
}

// strictFacts makes reading an undeclared fact panic instead of quietly
// computing it (the rules' tests set it, as go/analysis's checker refuses
// a result an analyzer did not require).
var strictFacts = false

// Result returns a fact, computing it (and what it requires) on first use.
func (p *Pass) Result(f *Fact) any {
	if p.allowed != nil && !p.allowed[f] {
		panic(fmt.Sprintf("rules: %s reads fact %q without declaring it in Requires", p.reader, f.Name))
	}
	i := f.index()
	if i < len(p.facts) && p.facts[i].set {
		return p.facts[i].v
	}
	saved, reader := p.allowed, p.reader
	if strictFacts {
		p.allowed, p.reader = closure(f.Requires), "fact "+f.Name
	}
	for _, r := range f.Requires {
		p.Result(r)
	}
	v := f.Compute(p)
	p.allowed, p.reader = saved, reader
	if i >= len(p.facts) {
		p.facts = append(p.facts, make([]computed, i+1-len(p.facts))...)
	}
	p.facts[i] = computed{v, true}
	return v
}

// closure is every fact fs require, directly or through each other.
func closure(fs []*Fact) map[*Fact]bool {
	out := map[*Fact]bool{}
	var walk func([]*Fact)
	walk = func(fs []*Fact) {
		for _, f := range fs {
			if f != nil && !out[f] {
				out[f] = true
				walk(f.Requires)
			}
		}
	}
	walk(fs)
	return out
}

// Get is Result with the fact's type.
func Get[T any](p *Pass, f *Fact) T {
	v, _ := p.Result(f).(T)
	return v
}

// Line pairs a line number with text. Callers must pass the line's text as
// the model keeps it (Mapping.Text, KV.Text, Event.Raw, a frame's Line…):
// evidence is quoted, never rebuilt.
func (p *Pass) Line(n int, text string) model.Line { return model.Line{N: n, Text: text} }

// MappingLine quotes a Dynamic libraries entry.
func (p *Pass) MappingLine(m model.Mapping) model.Line {
	if m.Text != "" {
		return model.Line{N: m.Line, Text: m.Text}
	}
	fb := fmt.Sprintf("%x-%x %s %08x %s %d %s", m.Start, m.End, m.Perms, m.Offset, m.Dev, m.Inode, m.Path)
	return p.Line(m.Line, fb)
}

// KVLine quotes a key/value line of the SYSTEM section.
func (p *Pass) KVLine(kv model.KV) model.Line {
	if kv.Text != "" {
		first, _, _ := strings.Cut(kv.Text, "\n")
		return model.Line{N: kv.Line, Text: first}
	}
	return p.Line(kv.Line, kv.Key+": "+kv.Value)
}

// EnvLine quotes an environment variable line.
func (p *Pass) EnvLine(e model.EnvVar) model.Line {
	return p.Line(e.Line, e.Name+"="+e.Value)
}

// RegLine quotes the register dump line that holds register name, or its
// "Register to memory mapping" line when the log has no Registers block.
func (p *Pass) RegLine(name string) (model.Line, bool) {
	r := p.Log.Thread.Registers
	if r == nil {
		for _, a := range p.Log.Thread.RegisterMap {
			if a.Text != "" && strings.EqualFold(strings.TrimSpace(a.Key), name) {
				return model.Line{N: a.Line, Text: a.Text}, true
			}
		}
		return model.Line{}, false
	}
	for _, x := range r.Regs {
		if strings.EqualFold(strings.TrimSpace(x.Name), name) {
			for _, l := range r.Lines {
				if l.N == x.Line {
					return l, true
				}
			}
			return p.Line(x.Line, fmt.Sprintf("%s=0x%016x", x.Name, x.Value)), true
		}
	}
	return model.Line{}, false
}

// Run applies rules to one log and returns every finding, strongest first.
func Run(p *Pass, rules []*Rule) []Finding {
	var out []Finding
	for _, r := range rules {
		if !r.OS.applies(p.Log) {
			continue
		}
		for _, f := range r.Requires {
			p.Result(f)
		}
		fs := runChecked(p, r)
		for _, f := range fs {
			if f.Class == "" {
				f.Class = r.Class
			}
			if r.FindingOnly && f.Role == RootCause {
				panic(fmt.Sprintf("rules: %s is FindingOnly but reported a root cause", r.ID()))
			}
			f.Confidence = clamp(f.Confidence)
			f.Remedy = fitRemedies(p.Log, f.Remedy)
			capHeaderOnly(p.Log, &f)
			if out == nil {
				out = make([]Finding, 0, 8) // a log gets a handful: skip the 1, 2, 4 growth
			}
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		if c := cmp.Compare(rank(a.Role), rank(b.Role)); c != 0 {
			return c
		}
		switch {
		case a.Confidence > b.Confidence:
			return -1
		case a.Confidence < b.Confidence:
			return 1
		}
		return 0
	})
	return out
}

func rank(r Role) int {
	switch r {
	case RootCause:
		return 0
	case Factor:
		return 1
	}
	return 2
}

// headerOnlyCap is the most confidence a root cause gets from a log that is
// only the '#' header (console output): one frame and one error line, with
// no registers, stacks or memory map to confirm or refute the reading.
const headerOnlyCap = 0.5

func capHeaderOnly(l *model.Log, f *Finding) {
	if l.Parse.Kind != "console" || f.Role != RootCause || f.Confidence <= headerOnlyCap {
		return
	}
	f.Confidence = headerOnlyCap
	f.Caveats = append(f.Caveats, "Only the '#' header of the report is here (console output): no registers, stacks or memory map confirm this reading; attach the full hs_err_pid<N>.log.")
}

// ID is the rule's unique name: Name, or Class when the rule has none.
func (r *Rule) ID() string {
	if r.Name != "" {
		return r.Name
	}
	return r.Class
}

// runChecked runs one rule with only its declared facts readable (when
// strictFacts is on).
func runChecked(p *Pass, r *Rule) []Finding {
	if !strictFacts {
		return r.Run(p)
	}
	saved, reader := p.allowed, p.reader
	p.allowed, p.reader = closure(r.Requires), "rule "+r.ID()
	defer func() { p.allowed, p.reader = saved, reader }()
	return r.Run(p)
}
