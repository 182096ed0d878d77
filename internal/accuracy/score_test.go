package accuracy

import (
	"strings"
	"testing"
)

func TestScore(t *testing.T) {
	r := Score([]Case{
		{File: "a", Want: "x", Got: "x", OS: "linux"},
		{File: "b", Want: "x", Got: "y", OS: "linux"},
		{File: "c", Want: "y", Got: "y", OS: "windows"},
		{File: "d", Want: "z", Got: "y"},
	})
	if r.All != (Tally{Agree: 2, Total: 4}) {
		t.Errorf("all: %+v", r.All)
	}
	if *r.ByOS["linux"] != (Tally{1, 2}) || *r.ByOS["not stated"] != (Tally{0, 1}) {
		t.Errorf("by OS: %+v", r.ByOS)
	}
	want := map[string]ClassScore{"x": {"x", 1, 0, 1}, "y": {"y", 1, 2, 0}, "z": {"z", 0, 0, 1}}
	for _, s := range r.Classes {
		if s != want[s.Class] {
			t.Errorf("%s: %+v, want %+v", s.Class, s, want[s.Class])
		}
	}
	if p, _ := (ClassScore{TP: 1, FP: 2}).Precision(); p < 0.333 || p > 0.334 {
		t.Errorf("precision %v", p)
	}
	if _, ok := (ClassScore{FN: 1}).Precision(); ok {
		t.Error("precision of a class never given must be undefined")
	}
	md := r.Markdown(Doc{Title: "T", Intro: "i", Resolutions: map[string]Resolution{"b": {Kind: "limit", Note: "a | b"}}})
	for _, s := range []string{"**2 of 4 logs (50.0%)**", "| `x` | `y` | 1 |", "limit: a \\| b", "| d | `z` | `y` (0.00) | unexplained |"} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
}

func TestReadLabels(t *testing.T) {
	good := "file\tclass\tconfidence\treason\tsource\na.log\tx\thigh\twhy\tblind\n"
	ls, err := ReadLabels(strings.NewReader(good))
	if err != nil || len(ls) != 1 || ls[0].Class != "x" {
		t.Fatalf("%v %+v", err, ls)
	}
	for _, bad := range []string{"f\tc\n", good + "a.log\tx\thigh\twhy\tblind\n", good + "b.log\tx\n"} {
		if _, err := ReadLabels(strings.NewReader(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
	if _, err := ReadResolutions(strings.NewReader("file\tkind\tnote\na\tmaybe\tx\n")); err == nil {
		t.Error("accepted an unknown resolution kind")
	}
}
