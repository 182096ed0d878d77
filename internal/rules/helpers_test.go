package rules

import (
	"testing"

	"github.com/hserr/hserr/internal/model"
)

// Hand-built logs for rule unit tests. Corpus tests (corpus_test.go) run
// the same rules on real logs once parsed.

func ln(n int, text string) model.Line { return model.Line{N: n, Text: text} }

func segv(addr uint64) *model.Log {
	l := &model.Log{}
	l.Header.Signal = "SIGSEGV"
	l.Header.ErrorKind = "signal"
	l.Header.ErrorLine = ln(4, "#  SIGSEGV (0xb) at pc=0x00007f8803cfa2ca, pid=65195, tid=0x00007f882a063700")
	l.Header.Version = model.Version{Major: 8, Platform: "linux-amd64", OS: "linux", Arch: "amd64"}
	l.Thread.Siginfo = &model.Siginfo{SigName: "SIGSEGV", CodeName: "SEGV_MAPERR", Addr: addr, HasAddr: true,
		Line: ln(23, "siginfo: si_signo: 11 (SIGSEGV), si_code: 1 (SEGV_MAPERR), si_addr: 0x...")}
	return l
}

func frame(n int, kind, lib, sym, text string) model.Frame {
	return model.Frame{Kind: kind, Library: lib, Symbol: sym, Line: ln(n, text)}
}

func regs(n int, kv ...any) *model.Registers {
	r := &model.Registers{Arch: "x86_64", Lines: []model.Line{ln(n, "registers")}}
	for i := 0; i+1 < len(kv); i += 2 {
		r.Regs = append(r.Regs, model.Register{Name: kv[i].(string), Value: kv[i+1].(uint64), Line: n})
	}
	return r
}

// only runs one rule and returns its findings.
func only(t *testing.T, r *Rule, l *model.Log) []Finding {
	t.Helper()
	return Run(NewPass(l), []*Rule{r})
}

// expect asserts a rule fires (or not) with at least minConf.
func expect(t *testing.T, r *Rule, l *model.Log, fire bool, minConf float64) Finding {
	t.Helper()
	fs := only(t, r, l)
	if !fire {
		if len(fs) > 0 && fs[0].Confidence >= Threshold {
			t.Fatalf("%s fired (%.2f) on a negative case: %s", r.Class, fs[0].Confidence, fs[0].Summary)
		}
		return Finding{}
	}
	if len(fs) == 0 {
		t.Fatalf("%s did not fire", r.Class)
	}
	if fs[0].Confidence < minConf {
		t.Fatalf("%s confidence %.2f < %.2f", r.Class, fs[0].Confidence, minConf)
	}
	if len(fs[0].Evidence) == 0 {
		t.Fatalf("%s finding has no evidence", r.Class)
	}
	return fs[0]
}
