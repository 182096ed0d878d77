package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/hserr/hserr/internal/buildinfo"
	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/parse"
	"github.com/hserr/hserr/internal/signature"
)

const (
	// workBatch is how many work items one pass takes.
	workBatch = 32
	// workPoll is how often the worker looks for work nobody told it of
	// (items another server stored, or left by a crash of this one).
	workPoll = 2 * time.Second
)

// Process parses, explains and signs one report body.
type Process func(body []byte) Result

// ParserVersion names the parser and rules that process reports: hserr's
// own version, so a reprocess after an upgrade can be told apart.
func ParserVersion() string { return buildinfo.Read().Short() }

// DefaultProcess is the worker's processing: explain.Build over the parsed
// log, and the group signature with the built-in rules. A body that is not
// a crash report (a sender can send anything) is rejected: it must not
// join, and count in, a group of real crashes.
func DefaultProcess(body []byte) Result {
	l := parse.ParseString(string(body))
	if why := l.Parse.NotACrash(); why != "" {
		return Result{Rejected: why}
	}
	// the verdict alone: the worker stores its class and cause (a page
	// explains a sample in full when it is asked for)
	v := explain.Verdict(l)
	rules := signature.DefaultRules()
	sig := rules.Compute(l, v.Class)
	return Result{
		Class:            v.Class,
		Cause:            v.Summary,
		JDK:              l.Header.Version.JDK,
		OS:               l.OS(),
		Arch:             l.Arch(),
		JDKVendor:        l.JDKVendor(),
		Kernel:           l.Kernel(),
		GC:               l.GCName(),
		Container:        l.ContainerLimits(),
		Uptime:           l.UptimeBucket(),
		GroupID:          sig.Hash(),
		Signature:        sig.String(),
		Algorithm:        sig.Algorithm,
		ParserVersion:    ParserVersion(),
		SignatureVersion: rules.AlgorithmID(),
	}
}

// worker processes pending reports until ctx ends.
type worker struct {
	store   *Store
	process Process
	gen     int64 // the processing generation its results are stored with
	wake    chan struct{}
	log     *slog.Logger
}

// poke tells the worker there is work, without blocking.
func (w *worker) poke() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *worker) run(ctx context.Context) {
	t := time.NewTicker(workPoll)
	defer t.Stop()
	for {
		for w.pass(ctx) > 0 && ctx.Err() == nil {
		}
		select {
		case <-ctx.Done():
			return
		case <-w.wake:
		case <-t.C:
		}
	}
}

// pass processes one batch and returns how many items it finished (an
// item that fails to store is not counted, so a database that refuses
// every write makes the worker wait for its poll, not spin).
func (w *worker) pass(ctx context.Context) int {
	shas, err := w.store.Pending(ctx, workBatch, w.gen)
	if err != nil {
		if ctx.Err() == nil {
			w.log.Error("reading work", "err", err)
		}
		return 0
	}
	done := 0
	for _, sha := range shas {
		if ok, err := w.store.Claim(ctx, sha, w.gen); err != nil || !ok {
			continue // another server has it
		}
		if err := w.one(ctx, sha); err != nil {
			if ctx.Err() == nil {
				w.log.Error("processing", "sha256", sha, "err", err)
			}
			continue
		}
		done++
	}
	return done
}

// one processes a report; a panic in the parser or rules marks it failed
// (the body stays stored, and a reprocess tries again).
func (w *worker) one(ctx context.Context, sha string) error {
	body, err := w.store.Body(ctx, sha)
	if err != nil {
		return err
	}
	res, perr := safely(w.process, body)
	if perr != nil {
		w.log.Warn("report failed", "sha256", sha, "err", perr)
		return w.store.Fail(ctx, sha, perr.Error(), w.gen)
	}
	return w.store.Finish(ctx, sha, res, w.gen)
}

// safely runs p, turning a panic into an error.
func safely(p Process, body []byte) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, firstLines(debug.Stack(), 12))
		}
	}()
	res = p(body)
	if res.Rejected != "" {
		return res, errors.New(res.Rejected)
	}
	if res.GroupID == "" {
		return res, fmt.Errorf("no signature")
	}
	return res, nil
}

// firstLines keeps the top of a stack trace.
func firstLines(b []byte, n int) string {
	for i, c := range b {
		if c == '\n' {
			n--
			if n == 0 {
				return string(b[:i])
			}
		}
	}
	return string(b)
}
