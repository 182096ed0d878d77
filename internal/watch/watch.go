// Package watch collects hs_err files from directories, for JVMs that
// cannot run an -XX:OnError command (containers without /bin/sh, sidecars
// sharing a volume, hosts): it notices new logs with fsnotify and, because
// inotify misses writes on network file systems, with a periodic rescan;
// it takes a log once it is complete, and moves it into the spool through
// the same redact-explain-spool step as `hserr hook`.
package watch

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/hserr/hserr/internal/hook"
)

// Options configure a watch.
type Options struct {
	Dirs    []string
	Collect hook.Options // spool directory, redaction
	// Rescan is the period of the full rescan (network file systems send
	// no inotify events).
	Rescan time.Duration
	// Quiet is how long a log without END. must go unchanged, with its
	// process gone or not visible, before it is taken: HotSpot may pause
	// while a reporting step times out (ErrorLogTimeout, 2 minutes).
	Quiet time.Duration
	// Keep leaves the original file in place (default: moved to the spool).
	Keep bool
	// Once sweeps the directories once and returns.
	Once bool
}

// Event is one collected (or failed) log.
type Event struct {
	Path   string
	SHA256 string
	Class  string
	Err    error
}

// hsErrName matches the names HotSpot gives its logs (hs_err_pid<pid>.log,
// and ErrorFile patterns built on it).
var hsErrName = regexp.MustCompile(`^hs_err.*\.log$`)
var pidInName = regexp.MustCompile(`pid(\d+)`)

// Run watches until ctx ends (or after one sweep with Once), calling fn for
// every log it collects.
func Run(ctx context.Context, opt Options, fn func(Event)) error {
	if opt.Rescan <= 0 {
		opt.Rescan = 10 * time.Second
	}
	if opt.Quiet <= 0 {
		opt.Quiet = 2 * time.Minute
	}
	w := &watcher{opt: opt, fn: fn, seen: map[string]time.Time{}}
	w.sweep()
	if opt.Once {
		return nil
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer fw.Close()
	for _, d := range opt.Dirs {
		if err := fw.Add(d); err != nil {
			return err
		}
	}
	tick := time.NewTicker(opt.Rescan)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev := <-fw.Events:
			if ev.Op&(fsnotify.Create|fsnotify.Write) != 0 && hsErrName.MatchString(filepath.Base(ev.Name)) {
				w.consider(ev.Name)
			}
		case err := <-fw.Errors:
			fn(Event{Err: err})
		case <-tick.C:
			w.sweep()
		}
	}
}

type watcher struct {
	opt  Options
	fn   func(Event)
	seen map[string]time.Time // collected (with Keep): path -> mtime taken
}

// sweep considers every log in the directories (at start, and on each
// rescan: logs a missed event left behind are taken then).
func (w *watcher) sweep() {
	for _, d := range w.opt.Dirs {
		ents, err := os.ReadDir(d)
		if err != nil {
			w.fn(Event{Path: d, Err: err})
			continue
		}
		names := make([]string, 0, len(ents))
		for _, e := range ents {
			if e.Type().IsRegular() && hsErrName.MatchString(e.Name()) {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		for _, n := range names {
			w.consider(filepath.Join(d, n))
		}
	}
}

// consider takes path if it is ready.
func (w *watcher) consider(path string) {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return
	}
	if t, ok := w.seen[path]; ok && !st.ModTime().After(t) {
		return // kept in place and taken already
	}
	if !w.ready(path, st) {
		return
	}
	pid := pidOf(path)
	rec, _, err := hook.Collect(path, pid, w.opt.Collect)
	ev := Event{Path: path, SHA256: rec.SHA256, Class: rec.Class, Err: err}
	if err == nil {
		if w.opt.Keep {
			w.seen[path] = st.ModTime()
		} else if rerr := os.Remove(path); rerr != nil {
			ev.Err = rerr
		}
	}
	w.fn(ev)
}

// ready: the report says it is complete (its last line is END.), or it has
// been quiet for Quiet and its JVM is gone (or not visible from here).
func (w *watcher) ready(path string, st os.FileInfo) bool {
	if endsWithEND(path) {
		return true
	}
	if time.Since(st.ModTime()) < w.opt.Quiet {
		return false
	}
	return !alive(pidOf(path))
}

// endsWithEND reads the file's tail: HotSpot's last line is "END.".
func endsWithEND(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return false
	}
	off := max(st.Size()-64, 0)
	buf := make([]byte, 64)
	n, err := f.ReadAt(buf, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return false
	}
	return bytes.HasSuffix(bytes.TrimRight(buf[:n], "\r\n \t"), []byte("END."))
}

func pidOf(path string) int {
	m := pidInName.FindStringSubmatch(filepath.Base(path))
	if m == nil {
		return 0
	}
	pid, _ := strconv.Atoi(m[1])
	return pid
}
