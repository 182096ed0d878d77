package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hserr/hserr/internal/example"
	"github.com/hserr/hserr/internal/hook"
)

func opts(t *testing.T, dir string) Options {
	return Options{Dirs: []string{dir}, Collect: hook.Options{SpoolDir: filepath.Join(t.TempDir(), "spool")}, Rescan: 50 * time.Millisecond, Quiet: time.Hour}
}

func spooled(t *testing.T, o Options) int {
	ents, _ := filepath.Glob(filepath.Join(o.Collect.SpoolDir, "*.log"))
	return len(ents)
}

// At start-up, complete logs are taken (and moved); a log still being
// written by a live JVM is left alone.
func TestSweepTakesCompleteLogs(t *testing.T) {
	dir := t.TempDir()
	done := filepath.Join(dir, "hs_err_pid11.log")
	os.WriteFile(done, example.Log, 0o644)
	writing := filepath.Join(dir, fmt.Sprintf("hs_err_pid%d.log", os.Getpid())) // a live process
	os.WriteFile(writing, example.Log[:len(example.Log)/2], 0o644)
	o := opts(t, dir)
	o.Once = true
	var got []Event
	if err := Run(context.Background(), o, func(e Event) { got = append(got, e) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Path != done || got[0].Err != nil || got[0].Class == "" {
		t.Fatalf("events %+v", got)
	}
	if _, err := os.Stat(done); !os.IsNotExist(err) {
		t.Error("the collected log was not moved")
	}
	if _, err := os.Stat(writing); err != nil {
		t.Error("the log being written was touched")
	}
	if spooled(t, o) != 1 {
		t.Error("not spooled")
	}
}

// A log that will never get its END. (reporting died) is taken once it has
// been quiet and its process is gone.
func TestQuietLogOfADeadProcess(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "hs_err_pid999999.log")
	os.WriteFile(p, example.Log[:len(example.Log)/2], 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(p, old, old)
	o := opts(t, dir)
	o.Once, o.Quiet = true, time.Minute
	n := 0
	Run(context.Background(), o, func(e Event) { n++ })
	if n != 1 {
		t.Errorf("%d events, want the quiet log taken", n)
	}
}

// A log written while watching is taken when HotSpot finishes it.
func TestNotifyThenComplete(t *testing.T) {
	dir := t.TempDir()
	o := opts(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events := make(chan Event, 4)
	go Run(ctx, o, func(e Event) { events <- e })
	time.Sleep(100 * time.Millisecond)
	p := filepath.Join(dir, fmt.Sprintf("hs_err_pid%d.log", os.Getpid()))
	half := len(example.Log) / 2
	os.WriteFile(p, example.Log[:half], 0o644)
	select {
	case e := <-events:
		t.Fatalf("taken before it was complete: %+v", e)
	case <-time.After(300 * time.Millisecond):
	}
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	f.Write(example.Log[half:])
	f.Close()
	select {
	case e := <-events:
		if e.Err != nil || e.Path != p {
			t.Errorf("%+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the completed log was not taken")
	}
}
