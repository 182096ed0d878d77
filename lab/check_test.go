package lab

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/model"
)

// result is one check of one scenario.
type result struct {
	Name  string // signal, si_code, si_addr, frame, thread, class, finding:X, fault:X
	OK    bool
	Got   string
	Want  string
	Known string // reason when a known miss
}

// verdict is the part of the report's JSON the lab reads: the contract in
// taxonomy.md, not the Go types, so the lab follows the JSON users see.
type verdict struct {
	Verdict struct {
		Class       string   `json:"class"`
		Confidence  float64  `json:"confidence"`
		Summary     string   `json:"summary"`
		Explanation string   `json:"explanation"`
		Caveats     []string `json:"caveats"`
	} `json:"verdict"`
	Findings []struct {
		Class string `json:"class"`
	} `json:"findings"`
	Fault *faultJSON `json:"fault"`
}

// faultJSON is the part of the fault analysis the lab checks.
type faultJSON struct {
	AddressClass string `json:"address_class"`
	Instruction  string `json:"instruction"`
	Registers    []struct {
		Name     string `json:"name"`
		Argument int    `json:"abi_argument"`
		Function string `json:"function"`
	} `json:"registers"`
}

func decode(r *explain.Report) (verdict, error) {
	var v verdict
	b, err := json.Marshal(r)
	if err != nil {
		return v, err
	}
	return v, json.Unmarshal(b, &v)
}

// checkParsed checks what HotSpot wrote, as the parser read it.
func checkParsed(w Want, l *model.Log) []result {
	var rs []result
	add := func(name string, ok bool, got, want string) {
		rs = append(rs, result{Name: name, OK: ok, Got: got, Want: want, Known: w.Known[name]})
	}
	if w.Error != "" {
		add("error", l.Header.ErrorKind == w.Error, l.Header.ErrorKind, w.Error)
	}
	if w.Signal != "" {
		add("signal", l.Header.Signal == w.Signal, l.Header.Signal, w.Signal)
	}
	si := l.Thread.Siginfo
	if w.SiCode != "" {
		got := "no siginfo"
		if si != nil {
			got = si.CodeName
		}
		add("si_code", si != nil && si.CodeName == w.SiCode, got, w.SiCode)
	}
	if w.Addr.ok != nil {
		a, has := l.FaultAddress()
		add("si_addr", has && w.Addr.ok(l, a), fmt.Sprintf("%#x (has=%v)", a, has), w.Addr.desc)
	}
	if w.Frame != (Frame{}) {
		ok, got := w.Frame.check(l)
		add("frame", ok, got, w.Frame.String())
	}
	if w.Message != "" {
		var ms []string
		for _, m := range l.Header.Messages {
			ms = append(ms, m.Text)
		}
		got := strings.Join(ms, " | ")
		add("message", strings.Contains(got, w.Message), got, w.Message)
	}
	if w.Thread != "" {
		got := threadText(l)
		add("thread", strings.Contains(got, w.Thread), got, w.Thread)
	}
	return rs
}

func threadText(l *model.Log) string {
	if l.Thread.NativeThread {
		return "native thread"
	}
	if c := l.Thread.Current; c != nil {
		return fmt.Sprintf("%s %q %s", c.Type, c.Name, c.State)
	}
	return "no current thread"
}

// checkExplained checks hserr's conclusions.
func checkExplained(w Want, v verdict) []result {
	var rs []result
	add := func(name string, ok bool, got, want string) {
		rs = append(rs, result{Name: name, OK: ok, Got: got, Want: want, Known: w.Known[name]})
	}
	add("class", v.Verdict.Class == w.Class, v.Verdict.Class, w.Class)
	var all []string
	for _, f := range v.Findings {
		all = append(all, f.Class)
	}
	for _, c := range w.Findings {
		ok := v.Verdict.Class == c || contains(all, c)
		add("finding:"+c, ok, strings.Join(all, ","), c)
	}
	said := v.Verdict.Summary + "\n" + v.Verdict.Explanation + "\n" + strings.Join(v.Verdict.Caveats, "\n")
	for _, m := range w.Says {
		add("says:"+m, strings.Contains(said, m), clip(said, 200), m)
	}
	for _, c := range faultChecks(w.Fault, v.Fault) {
		c.Known = w.Known[c.Name]
		rs = append(rs, c)
	}
	return rs
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// faultChecks compares the fault analysis; a report without one fails
// every check (explain always runs it).
func faultChecks(w Fault, f *faultJSON) []result {
	var rs []result
	missing := f == nil
	add := func(name string, ok bool, got, want string) {
		if missing {
			ok, got = false, "no fault analysis in the report"
		}
		rs = append(rs, result{Name: name, OK: ok, Got: got, Want: want})
	}
	if f == nil {
		f = &faultJSON{}
	}
	if w.AddrClass != "" {
		add("fault:address_class", f.AddressClass == w.AddrClass, f.AddressClass, w.AddrClass)
	}
	if w.Insn != "" {
		add("fault:instruction", strings.Contains(f.Instruction, w.Insn), f.Instruction, "contains "+w.Insn)
	}
	if a := w.Arg; a != nil {
		want := fmt.Sprintf("%s = argument %d of %s", a.Reg, a.N, a.Func)
		got, ok := "", false
		for _, r := range f.Registers {
			if r.Argument > 0 {
				got += fmt.Sprintf("%s = argument %d of %s; ", r.Name, r.Argument, r.Function)
			}
			ok = ok || (r.Name == a.Reg && r.Argument == a.N && r.Function == a.Func)
		}
		add("fault:argument", ok, got, want)
	}
	return rs
}
