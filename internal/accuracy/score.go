package accuracy

import (
	"sort"
)

// Case is one labelled log with hserr's verdict on it.
type Case struct {
	File       string
	Want       string // the reviewer's class
	Got        string // hserr's verdict class
	Confidence float64
	OS, Arch   string // from the log; "" when it does not say
}

// Agrees reports whether hserr named the reviewer's class.
func (c Case) Agrees() bool { return c.Want == c.Got }

// Tally counts agreement in a group of cases.
type Tally struct{ Agree, Total int }

// Rate is the share of agreement (0 for an empty tally).
func (t Tally) Rate() float64 {
	if t.Total == 0 {
		return 0
	}
	return float64(t.Agree) / float64(t.Total)
}

func (t *Tally) add(c Case) {
	t.Total++
	if c.Agrees() {
		t.Agree++
	}
}

// ClassScore is one class's precision (of hserr's verdicts of that class,
// how many the reviewer agrees with) and recall (of the reviewer's labels of
// that class, how many hserr found).
type ClassScore struct {
	Class      string
	TP, FP, FN int
}

// Precision is TP/(TP+FP); ok is false when hserr never gave the class.
func (s ClassScore) Precision() (float64, bool) {
	if s.TP+s.FP == 0 {
		return 0, false
	}
	return float64(s.TP) / float64(s.TP+s.FP), true
}

// Recall is TP/(TP+FN); ok is false when no label has the class.
func (s ClassScore) Recall() (float64, bool) {
	if s.TP+s.FN == 0 {
		return 0, false
	}
	return float64(s.TP) / float64(s.TP+s.FN), true
}

// Result is the scored set.
type Result struct {
	Cases     []Case
	All       Tally
	ByOS      map[string]*Tally
	ByArch    map[string]*Tally
	Classes   []ClassScore // sorted by class
	Confusion map[[2]string]int
}

// Score tallies the cases.
func Score(cases []Case) Result {
	r := Result{Cases: cases, ByOS: map[string]*Tally{}, ByArch: map[string]*Tally{}, Confusion: map[[2]string]int{}}
	per := map[string]*ClassScore{}
	score := func(class string) *ClassScore {
		if per[class] == nil {
			per[class] = &ClassScore{Class: class}
		}
		return per[class]
	}
	for _, c := range cases {
		r.All.add(c)
		group(r.ByOS, orUnknown(c.OS)).add(c)
		group(r.ByArch, orUnknown(c.Arch)).add(c)
		if c.Agrees() {
			score(c.Want).TP++
			continue
		}
		score(c.Got).FP++
		score(c.Want).FN++
		r.Confusion[[2]string{c.Want, c.Got}]++
	}
	for _, s := range per {
		r.Classes = append(r.Classes, *s)
	}
	sort.Slice(r.Classes, func(i, j int) bool { return r.Classes[i].Class < r.Classes[j].Class })
	return r
}

func group(m map[string]*Tally, k string) *Tally {
	if m[k] == nil {
		m[k] = &Tally{}
	}
	return m[k]
}

func orUnknown(s string) string {
	if s == "" {
		return "not stated"
	}
	return s
}
