// Package triage groups many hs_err logs into crash groups: every log is
// parsed, explained and given a signature (package signature) on a bounded
// pool of workers; one writer goroutine stores the results in batches in the
// triage database (package store); the report ranks the groups.
//
// Inputs are directories (walked recursively), files, archives (.tar,
// .tar.gz/.tgz, .gz, .zip; recognised by their first bytes) and standard
// input. Archives are streamed, never extracted. Bad input (unreadable,
// corrupt, unsafe or not an hs_err log) is reported and skipped; the run
// goes on.
package triage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hserr/hserr/internal/input"
	"github.com/hserr/hserr/internal/model"
	"github.com/hserr/hserr/internal/signature"
	"github.com/hserr/hserr/internal/store"
)

// Limits bound what one input may cost (the input layer's).
type Limits = input.Limits

// DefaultLimits are the input layer's defaults.
var DefaultLimits = input.DefaultLimits

// Classifier returns the verdict class of a parsed log and its confidence.
type Classifier func(l *model.Log) (class string, confidence float64)

// Options configure a run.
type Options struct {
	// Jobs is the number of workers (DefaultJobs when <= 0).
	Jobs int
	// Classify replaces explain's verdict (DefaultVerdict) by a class and
	// confidence alone (tests, benchmarks); groups then have no cause or
	// remedy.
	Classify Classifier
	// Rules are the signature lists (the built-in ones when nil).
	Rules  *signature.Rules
	Limits Limits
	// Stdin is read for the input "-".
	Stdin io.Reader
	// Progress is called after each input (log, duplicate or skip) with
	// the running totals; it must be cheap and safe for concurrent use.
	Progress func(Totals)
	// OnSkip is called for each skipped input as it happens.
	OnSkip func(store.Skip)
	// MemoryBudget caps the bytes of logs held at once by the whole run
	// (DefaultMemoryBudget when <= 0), independent of Jobs.
	MemoryBudget int64
}

// batchSize is the number of logs per database transaction.
const batchSize = 500

// Totals count what a run saw.
type Totals struct {
	// Seen counts every input item: logs, duplicates and skips.
	Seen       int `json:"seen"`
	Added      int `json:"added"`
	Duplicates int `json:"duplicates"`
	Skipped    int `json:"skipped"`
	// Problems counts the skips that lose something: an input named on the
	// command line, or anything that could not be read. A file found in a
	// directory or an archive that simply is not a crash log is no problem.
	Problems int   `json:"problems"`
	Bytes    int64 `json:"bytes"`
}

// Result is the outcome of a run.
type Result struct {
	RunID     int64         `json:"run_id"`
	Algorithm string        `json:"algorithm"`
	Totals    Totals        `json:"totals"`
	Skips     []store.Skip  `json:"skipped"`
	Elapsed   time.Duration `json:"-"`
}

// item is one unit of work: a log's bytes, or a file for the worker to open.
type item struct {
	name string
	path string // open and read this file when data is nil
	data []byte
	cost int64 // memory budget held for data, released once it is processed
}

// outcome is what a worker sends the writer.
type outcome struct {
	log    *store.Log
	dup    bool
	skip   *store.Skip
	bytes  int64
	notLog bool // a skip of something read that is not a crash log
	// claimed: the worker holds a claim on sum (see claims), which the
	// writer releases once the outcome is committed.
	claimed bool
	sum     [32]byte
}

// Run triages inputs into db. It returns an error only when the run as a
// whole failed (database errors) or ctx ended it; bad inputs are in
// Result.Skips.
func Run(parent context.Context, db *store.DB, inputs []string, opt Options) (*Result, error) {
	start := time.Now()
	opt = opt.withDefaults()
	alg := opt.Rules.AlgorithmID()
	stored, err := loadKnown(db, alg)
	if err != nil {
		return nil, err
	}
	runID, err := db.BeginRun(alg, inputs)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(parent)
	defer cancel()

	items := make(chan item, opt.Jobs*2)
	// Room for a whole batch: workers keep going while the writer is inside a
	// database transaction.
	outs := make(chan outcome, batchSize)
	mem := newMemGate(opt.MemoryBudget)
	w := &worker{opt: opt, alg: alg, db: db, known: stored, claims: newClaims(), out: outs, ctx: ctx, mem: mem}
	go produce(&producer{opt: opt, items: items, out: outs, ctx: ctx, mem: mem}, inputs)
	go work(w, items, opt.Jobs, outs)

	wr := &writer{db: db, w: w, cancel: cancel, opt: opt, res: &Result{RunID: runID, Algorithm: alg}, named: namedInputs(inputs)}
	wr.loop(parent, outs)
	res := wr.res
	if wr.err != nil {
		return res, fmt.Errorf("writing the database %s: %w", db.Path, wr.err)
	}
	// An interrupted run is not finished: it stays unfinished in the runs
	// table, and the logs stored so far are kept.
	if err := parent.Err(); err != nil {
		return res, err
	}
	sort.SliceStable(res.Skips, func(i, j int) bool { return res.Skips[i].Path < res.Skips[j].Path })
	res.Elapsed = time.Since(start)
	if err := db.FinishRun(store.Run{ID: runID, Seen: res.Totals.Seen, Added: res.Totals.Added,
		Duplicates: res.Totals.Duplicates, Skipped: res.Totals.Skipped}); err != nil {
		return res, err
	}
	return res, nil
}

func (opt Options) withDefaults() Options {
	if opt.Jobs <= 0 {
		opt.Jobs = DefaultJobs()
	}
	if opt.Rules == nil {
		opt.Rules = signature.DefaultRules()
	}
	if opt.Limits == (Limits{}) {
		opt.Limits = DefaultLimits
	}
	return opt
}

// DefaultJobs is one worker more than the cores Go runs on: a worker that
// waits (a file's bytes, the writer, the memory budget) leaves a core idle
// otherwise. On 2 cores, 3 workers keep them 3% busier and triage 10,000
// logs 7% faster than 2 (benchstat, n=8, p=0.02; docs/performance.md).
func DefaultJobs() int { return runtime.GOMAXPROCS(0) + 1 }

// produce enumerates the inputs into items, then closes it.
func produce(p *producer, inputs []string) {
	defer close(p.items)
	for _, in := range inputs {
		if p.ctx.Err() != nil {
			return
		}
		p.input(in)
	}
}

// work runs jobs workers over items and closes outs when they are done.
func work(w *worker, items <-chan item, jobs int, outs chan<- outcome) {
	var wg sync.WaitGroup
	for i := 0; i < jobs; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte // this goroutine's read buffer, reused from log to log
			for it := range items {
				if w.ctx.Err() != nil {
					w.mem.release(it.cost)
					continue // cancelled: drain without work
				}
				buf = w.process(it, buf)
			}
		}()
	}
	wg.Wait()
	close(outs)
}

// writer is the one goroutine that counts outcomes and stores them in
// batches.
type writer struct {
	db     *store.DB
	w      *worker
	cancel context.CancelFunc
	opt    Options
	res    *Result
	err    error
	batch  []store.Log
	skips  []store.Skip
	held   [][32]byte // claims of the logs in batch
	named  map[string]bool
}

// namedInputs are the names under which the inputs given on the command
// line are reported (standard input as <stdin>).
func namedInputs(inputs []string) map[string]bool {
	m := make(map[string]bool, len(inputs))
	for _, in := range inputs {
		if in == "-" {
			in = "<stdin>"
		}
		m[in] = true
	}
	return m
}

// loop takes outcomes until the workers are done, or at once when the
// caller cancels, even if an input is stuck (a stalled pipe on stdin): what
// arrived so far is still stored.
func (wr *writer) loop(parent context.Context, outs <-chan outcome) {
	for {
		var o outcome
		var more bool
		select {
		case o, more = <-outs:
		case <-parent.Done():
		}
		if !more {
			break
		}
		wr.take(o)
		if len(wr.batch) >= batchSize || len(wr.skips) >= batchSize {
			wr.flush()
		}
		if wr.opt.Progress != nil {
			wr.opt.Progress(wr.res.Totals)
		}
	}
	wr.flush()
}

// take counts one outcome and queues what must be stored.
func (wr *writer) take(o outcome) {
	t := &wr.res.Totals
	t.Seen++
	t.Bytes += o.bytes
	switch {
	case o.skip != nil:
		t.Skipped++
		if wr.named[o.skip.Path] || !o.notLog {
			t.Problems++
		}
		wr.res.Skips = append(wr.res.Skips, *o.skip)
		wr.skips = append(wr.skips, *o.skip)
		if wr.opt.OnSkip != nil {
			wr.opt.OnSkip(*o.skip)
		}
	case o.dup:
		t.Duplicates++
	case o.log != nil:
		t.Added++
		wr.batch = append(wr.batch, *o.log)
		if o.claimed {
			wr.held = append(wr.held, o.sum)
			o.claimed = false
		}
	}
	if o.claimed { // skips and duplicates: nothing to wait for
		wr.w.claims.release(o.sum)
	}
}

// flush stores the queued logs and skips in one transaction.
func (wr *writer) flush() {
	if wr.err == nil && (len(wr.batch) > 0 || len(wr.skips) > 0) {
		written, err := wr.db.WriteBatch(wr.res.RunID, wr.batch, wr.skips)
		if err != nil {
			wr.err = err
			wr.cancel()
		}
		// Another run sharing the database stored some of these since we
		// looked: they are its logs, duplicates here.
		wr.res.Totals.Added -= written.Existing
		wr.res.Totals.Duplicates += written.Existing
	}
	// Committed: from now on the database answers for these logs (the
	// filter first, so that whoever claims them next asks it).
	if wr.err == nil {
		wr.w.known.add(wr.held)
	}
	wr.w.claims.release(wr.held...)
	wr.batch, wr.skips, wr.held = wr.batch[:0], wr.skips[:0], wr.held[:0]
}

// producer enumerates inputs into items (and skips into the writer).
type producer struct {
	opt   Options
	mem   *memGate
	items chan<- item
	out   chan<- outcome
	ctx   context.Context
}

func (p *producer) send(it item) {
	select {
	case p.items <- it:
	case <-p.ctx.Done():
		p.mem.release(it.cost)
	}
}

func (p *producer) skip(name, reason string) {
	select {
	case p.out <- skipped(name, reason):
	case <-p.ctx.Done():
	}
}

// entry and skip make the producer an entrySink for archives.
// Entry and Skip make the producer an input.Sink for archives and stdin.
func (p *producer) Entry(name string, data []byte) { p.entry(name, data) }

// Skip reports an entry the input layer did not read.
func (p *producer) Skip(name, reason string) { p.skip(name, reason) }

// entry hands a log read by the producer (an archive entry, standard
// input) to the workers once the memory budget has room for it.
func (p *producer) entry(name string, data []byte) {
	c, err := p.mem.acquire(p.ctx, int64(len(data)))
	if err != nil {
		return // cancelled
	}
	p.send(item{name: name, data: data, cost: c})
}

func (p *producer) input(in string) {
	if in == "-" {
		p.stdin()
		return
	}
	st, err := os.Stat(in)
	if err != nil {
		p.skip(in, "cannot read: "+errText(err))
		return
	}
	if !st.IsDir() {
		p.file(in, st)
		return
	}
	// Sorted, deterministic walk; unreadable directories are reported.
	err = filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
		if p.ctx.Err() != nil {
			return filepath.SkipAll
		}
		if err != nil {
			p.skip(path, "cannot read: "+errText(err))
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			st, err := os.Stat(path)
			if err != nil {
				p.skip(path, "broken symbolic link: "+errText(err))
				return nil
			}
			if st.IsDir() {
				p.skip(path, "symbolic link to a directory not followed")
				return nil
			}
			p.file(path, st)
			return nil
		}
		if !d.Type().IsRegular() {
			p.skip(path, "not a regular file")
			return nil
		}
		p.file(path, nil)
		return nil
	})
	if err != nil {
		p.skip(in, "cannot read: "+errText(err))
	}
}

// file handles one file: archives (by name) are streamed here, everything
// else goes to the workers, which sniff the content again.
func (p *producer) file(path string, st fs.FileInfo) {
	if st != nil && !st.Mode().IsRegular() {
		p.skip(path, "not a regular file")
		return
	}
	if input.ArchiveLike(path) {
		p.archiveFile(path)
		return
	}
	p.send(item{name: path, path: path})
}

func (p *producer) archiveFile(path string) {
	f, err := os.Open(path)
	if err != nil {
		p.skip(path, "cannot read: "+errText(err))
		return
	}
	defer f.Close()
	if err := input.WalkFile(path, f, p.opt.Limits, p); err != nil {
		p.skip(path, err.Error())
	}
}

func (p *producer) stdin() {
	const name = "<stdin>"
	if p.opt.Stdin == nil {
		p.skip(name, "no standard input")
		return
	}
	if err := input.WalkStream(name, p.opt.Stdin, p.opt.Limits, p); err != nil {
		p.skip(name, err.Error())
	}
}

// worker turns items into outcomes.
type worker struct {
	opt    Options
	alg    string
	db     *store.DB
	known  *known
	claims *claims
	out    chan<- outcome
	ctx    context.Context
	mem    *memGate
}

func (w *worker) emit(o outcome) {
	select {
	case w.out <- o:
	case <-w.ctx.Done():
	}
}

func (w *worker) skip(name, reason string) {
	w.emit(skipped(name, reason))
}

// Entry and Skip make the worker an input.Sink for archives found by
// content.
func (w *worker) Entry(name string, data []byte) { w.log(name, data) }

// Skip reports an entry the input layer did not read.
func (w *worker) Skip(name, reason string) { w.skip(name, reason) }

// process analyses one item. A file is read into buf's storage, which it
// returns for the next file: nothing a log's outcome keeps shares the
// log's bytes (analyse copies what it stores), so they may be overwritten
// once it returns.
func (w *worker) process(it item, buf []byte) []byte {
	if it.data != nil {
		w.log(it.name, it.data)
		w.mem.release(it.cost)
		return buf
	}
	f, err := os.Open(it.path)
	if err != nil {
		w.skip(it.name, "cannot read: "+errText(err))
		return buf
	}
	defer f.Close()
	// Room for the file before its bytes are read: the run's memory does
	// not grow with the number of workers.
	size := int64(-1) // unknown: WalkFileInto asks
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	c, err := w.mem.acquire(w.ctx, min(max(size, 0), w.opt.Limits.MaxLogBytes))
	if err != nil {
		return buf // cancelled
	}
	defer w.mem.release(c)
	buf, err = input.WalkFileInto(it.name, f, size, w.opt.Limits, w, buf)
	if err != nil {
		w.skip(it.name, err.Error())
	}
	if cap(buf) > maxReusedBuffer {
		return nil // a large log's buffer is not kept outside the memory budget
	}
	return buf
}

// maxReusedBuffer is the largest read buffer a worker keeps between logs:
// nearly every log fits, and a worker never holds more than this when idle.
const maxReusedBuffer = 1 << 20

// log processes one log's bytes: it claims the content's hash, and every
// outcome after that carries the claim for the writer to release.
func (w *worker) log(name string, data []byte) {
	sum := sha256.Sum256(data)
	size := int64(len(data))
	if !w.claims.take(sum) {
		// The same content is being analysed, or waits to be committed.
		w.emit(outcome{dup: true, bytes: size})
		return
	}
	o := w.analyse(name, sum, data)
	o.bytes, o.claimed, o.sum = size, true, sum
	w.emit(o)
}

// analyse turns one log into a record, a duplicate or a skip. A panic in
// parsing or classification becomes a skip (and is a bug to report), never a
// crash of the run.
func (w *worker) analyse(name string, sum [32]byte, data []byte) (o outcome) {
	defer func() {
		if r := recover(); r != nil {
			o = skipped(name, fmt.Sprintf("internal error while analysing (please report): %v\n%s", r, firstLines(debug.Stack(), 12)))
		}
	}()
	sha := hex.EncodeToString(sum[:])
	if w.known.mayHave(sum) {
		switch alg, ok, err := w.db.Stored(sha); {
		case err != nil:
			return skipped(name, "cannot look the log up in the database: "+err.Error())
		case ok && alg == w.alg:
			return outcome{dup: true}
		}
	}
	if k := input.Sniff(data); k != input.Plain {
		return notALog(name, "archive inside an archive: not opened (extract the outer one first)")
	}
	if why := binaryReason(data); why != "" {
		return notALog(name, why)
	}
	l := parseInPlace(data)
	if why := l.Parse.NotACrash(); why != "" {
		return notALog(name, why)
	}
	v := w.verdict(l)
	sig := w.opt.Rules.Compute(l, v.Class)
	rec := facts(l)
	rec.SHA256 = sha
	rec.Path = name
	rec.Size = int64(len(data))
	rec.Class = strings.Clone(sig.Class) // a custom classifier may return log text
	rec.Confidence = v.Confidence
	rec.Cause, rec.Remedy = v.Cause, v.Remedy
	rec.Algorithm = w.alg
	// copies: the log's bytes are the worker's read buffer, reused for
	// the next log (a one-part signature is its class, notes quote frames)
	rec.Signature = strings.Clone(sig.String())
	rec.GroupID = signature.GroupID(w.alg, rec.Signature)
	for _, n := range sig.Notes {
		rec.Notes = append(rec.Notes, strings.Clone(n))
	}
	return outcome{log: &rec}
}

// verdict is explain's verdict, or the class of a custom classifier.
func (w *worker) verdict(l *model.Log) Verdict {
	if w.opt.Classify != nil {
		c, f := w.opt.Classify(l)
		return Verdict{Class: c, Confidence: f}
	}
	return DefaultVerdict(l)
}

func skipped(name, reason string) outcome {
	return outcome{skip: &store.Skip{Path: name, Reason: reason}}
}

// notALog is a skip of content that was read and is not a crash log.
func notALog(name, reason string) outcome {
	o := skipped(name, reason)
	o.notLog = true
	return o
}

// binaryReason rejects content that is clearly not text (core dumps, images,
// executables) before parsing it.
func binaryReason(data []byte) string {
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	if len(head) == 0 {
		return "empty file"
	}
	nul := bytes.Count(head, []byte{0})
	if nul > len(head)/100+1 {
		if bytes.HasPrefix(data, []byte("\x7fELF")) {
			return "binary file (ELF: a core dump or executable, not an hs_err log)"
		}
		return "binary file (not an hs_err log)"
	}
	return ""
}

// facts extracts the stored facts of a log. The strings are copies: the
// log's own strings share its whole text, which must not stay alive while the
// record waits in a batch.
func facts(l *model.Log) store.Log {
	r := store.Log{
		Kind:     l.Parse.Kind,
		JDK:      l.Header.Version.JDK,
		JDKMajor: l.Header.Version.Major,
		Platform: l.Header.Version.Platform,
		Signal:   l.Header.Signal,
		Host:     host(l),
	}
	if r.Signal == "" {
		r.Signal = l.Header.ErrorKind
	}
	if f := l.Header.ProblematicFrame; f != nil {
		r.Problematic = strings.TrimSpace(f.FrameText())
	}
	r.CrashTime, r.CrashUnix = crashTime(l)
	r.Facets = store.LogFacets{JDKVendor: l.JDKVendor(), Kernel: l.Kernel(), GC: l.GCName(), Container: l.ContainerLimits(), Uptime: l.UptimeBucket()}
	f := &r.Facets
	for _, s := range []*string{&r.Kind, &r.JDK, &r.Platform, &r.Signal, &r.Host, &r.Problematic, &r.CrashTime,
		&f.JDKVendor, &f.Kernel, &f.GC, &f.Container, &f.Uptime} {
		*s = strings.Clone(*s)
	}
	return r
}

// host identifies the machine: the HOSTNAME environment variable when the
// log has it, else the SUMMARY "Host:" line (CPU, cores, memory, OS).
func host(l *model.Log) string {
	if e, ok := l.Env("HOSTNAME"); ok && strings.TrimSpace(e.Value) != "" {
		return strings.TrimSpace(e.Value)
	}
	h := strings.TrimSpace(l.Summary.Host.Text)
	h = strings.TrimSpace(strings.TrimPrefix(h, "Host:"))
	if len(h) > 120 {
		h = h[:120]
	}
	return h
}

// crashTime returns the time stamp text and its Unix time (0 if unparsable).
func crashTime(l *model.Log) (string, int64) {
	t, tm, ok := l.CrashTime()
	if !ok {
		return t, 0
	}
	return t, tm.Unix()
}

func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
