package lab

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/parse"
)

var (
	tool     *jdk
	out      *built
	noLab    string                   // why the lab cannot run here
	slots    = make(chan struct{}, 2) // two JVMs at a time: CI has 2 cores
	board    scoreboard
	buildDur time.Duration
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hserr-lab-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start := time.Now()
	if tool, err = findJDK(); err != nil {
		noLab = "crash lab needs a JDK and gcc (Debian: openjdk-17-jdk-headless gcc libc6-dev): " + err.Error()
	} else if out, err = build(tool, dir); err != nil {
		noLab = "crash lab build failed: " + err.Error()
	}
	buildDur = time.Since(start)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// need skips (or, in CI, fails) when there is no JDK to crash.
func need(t *testing.T) {
	t.Helper()
	if noLab == "" {
		return
	}
	if os.Getenv("CI") != "" || strings.Contains(noLab, "build failed") {
		t.Fatal(noLab)
	}
	t.Skip(noLab)
}

// TestLab crashes one JVM per scenario and checks the parsed log and
// hserr's explanation against what really happened.
func TestLab(t *testing.T) {
	need(t)
	start := time.Now()
	t.Cleanup(func() { board.print(t, buildDur, time.Since(start)) })
	for i := range scenarios {
		s := scenarios[i]
		t.Run(s.Name, func(t *testing.T) {
			t.Parallel()
			r := &row{Scenario: s}
			defer func() { board.add(*r) }() // also when skipped or failed
			runScenario(t, s, r)
		})
	}
}

func runScenario(t *testing.T, s Scenario, r *row) {
	if s.Prepare != nil {
		if why := s.Prepare(&s); why != "" {
			r.Skipped = why
			r.Scenario = s
			t.Skip(why)
		}
		r.Scenario = s
	}
	if why, missing := out.Missing[s.Needs]; s.Needs != "" && missing {
		r.Skipped = why
		t.Skip(why)
	}
	slots <- struct{}{}
	o, err := crash(tool, out, s, t.TempDir())
	<-slots
	r.Took = o.Took
	if err != nil {
		t.Fatal(err)
	}
	if o.Log == "" {
		if s.NoLog != "" && o.Exit == "killed by segmentation fault" {
			r.NoLog = s.NoLog
			t.Logf("no hs_err, as expected on this JDK: %s (%s)", s.NoLog, o.Exit)
			return
		}
		t.Fatalf("no hs_err log written (%s); output:\n%s", o.Exit, clip(o.Output, 3000))
	}
	keep(t, s.Name, o.Log)
	l, err := parse.ParseFile(o.Log)
	if err != nil {
		t.Fatalf("parse %s: %v", o.Log, err)
	}
	v, err := decode(explain.Build(l))
	if err != nil {
		t.Fatal(err)
	}
	r.Class, r.Confidence = v.Verdict.Class, v.Verdict.Confidence
	r.Results = append(checkParsed(s.Want, l), checkExplained(s.Want, v)...)
	log := o.Log
	if failed(r.Results) {
		log = preserve(s.Name, o.Log)
	}
	for _, c := range r.Results {
		switch {
		case !c.OK && c.Known != "":
			t.Logf("KNOWN MISS %s: got %q, want %q (%s)", c.Name, c.Got, c.Want, c.Known)
		case !c.OK:
			t.Errorf("%s: got %q, want %s\nlog: %s", c.Name, c.Got, c.Want, log)
		case c.Known != "":
			// a mark that is no longer true hides the next regression
			t.Errorf("FIXED %s: passes now; remove its known-miss mark (%s)", c.Name, c.Known)
		}
	}
}

func failed(rs []result) bool {
	for _, c := range rs {
		if !c.OK && c.Known == "" {
			return true
		}
	}
	return false
}

// preserve copies the log of a failed scenario out of the test's temporary
// directory, which is removed when the test ends.
func preserve(name, log string) string {
	dst := filepath.Join(os.TempDir(), "hserr-lab-failed", name+".log")
	b, err := os.ReadFile(log)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(dst), 0o755)
	}
	if err == nil {
		err = os.WriteFile(dst, b, 0o644)
	}
	if err != nil {
		return log + " (removed after the test)"
	}
	return dst
}

// keep copies a log to $HSERR_LAB_KEEP/<scenario>.log.
func keep(t *testing.T, name, log string) {
	d := keepDir()
	if d == "" {
		return
	}
	b, err := os.ReadFile(log)
	if err == nil {
		err = os.WriteFile(filepath.Join(d, name+".log"), b, 0o644)
	}
	if err != nil {
		t.Logf("keep %s: %v", name, err)
	}
}

// row is one scenario's outcome on the scoreboard.
type row struct {
	Scenario
	Took       time.Duration
	Class      string
	Confidence float64
	Results    []result
	Skipped    string
	NoLog      string
}

type scoreboard struct {
	mu   sync.Mutex
	rows []row
}

func (b *scoreboard) add(r row) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.rows = append(b.rows, r)
}
