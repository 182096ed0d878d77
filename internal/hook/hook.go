package hook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/hserr/hserr/internal/explain"
	"github.com/hserr/hserr/internal/parse"
	"github.com/hserr/hserr/internal/redact"
	"github.com/hserr/hserr/internal/spool"
)

// Options configure one run of the hook.
type Options struct {
	PID      int           // the crashed JVM; 0: find it among the parents
	SpoolDir string        // where logs are kept
	Timeout  time.Duration // the whole run's deadline
	NoRedact bool          // keep the log as it is (default: redacted before spooling)
	MaxBytes int64         // a log larger than this is spooled cut
	Proc     Proc          // nil: /proc
	TmpDir   string        // the JVM's temp directory ("" = /tmp)
}

// Result is what the hook did.
type Result struct {
	PID     int
	Found   string // the hs_err file
	Record  spool.Record
	Verdict explain.Report
}

// Run does the hook's work within opt.Timeout: when the deadline passes it
// returns at once with what it has (the log stays where the JVM wrote it).
func Run(ctx context.Context, opt Options) (Result, error) {
	if opt.Proc == nil {
		opt.Proc = procFS{}
	}
	if opt.TmpDir == "" {
		opt.TmpDir = "/tmp"
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = 64 << 20
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	type out struct {
		r   Result
		err error
	}
	done := make(chan out, 1)
	go func() {
		r, err := run(opt)
		done <- out{r, err}
	}()
	select {
	case o := <-done:
		return o.r, o.err
	case <-ctx.Done():
		return Result{PID: opt.PID}, fmt.Errorf("deadline of %s passed: the log stays where the JVM wrote it", opt.Timeout)
	}
}

func run(opt Options) (Result, error) {
	res := Result{PID: opt.PID}
	if res.PID == 0 {
		pid, err := ParentJVM(opt.Proc, os.Getpid())
		if err != nil {
			return res, err
		}
		res.PID = pid
	}
	path, _, err := Locate(opt.Proc, res.PID, opt.TmpDir)
	if err != nil {
		return res, err
	}
	res.Found = path
	res.Record, res.Verdict, err = Collect(path, res.PID, opt)
	return res, err
}

// Collect reads one hs_err file, redacts it (unless opt.NoRedact),
// explains it and spools it: what hook and watch both do with a log.
func Collect(path string, pid int, opt Options) (spool.Record, explain.Report, error) {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = 64 << 20
	}
	data, err := readCapped(path, opt.MaxBytes)
	if err != nil {
		return spool.Record{}, explain.Report{}, err
	}
	rec := spool.Record{Source: path, PID: pid}
	if host, err := os.Hostname(); err == nil {
		rec.Host = host
	}
	text := string(data)
	if !opt.NoRedact {
		var counts redact.Counts
		text, counts = redact.Text(text, redact.Default)
		rec.Redacted = map[string]int{}
		for k, v := range counts {
			rec.Redacted[string(k)] = v
		}
	}
	rep := explain.Build(parse.ParseString(text))
	rec.Class, rec.Summary = rep.Verdict.Class, rep.Verdict.Summary
	sp, err := spool.Open(opt.SpoolDir, spool.DefaultLimits)
	if err != nil {
		return rec, *rep, err
	}
	rec, err = sp.Put([]byte(text), rec)
	return rec, *rep, err
}

// readCapped reads at most max bytes of a file (a crafted or runaway log
// cannot exhaust the dying host's memory).
func readCapped(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max))
	if err != nil && !errors.Is(err, io.EOF) {
		return b, err
	}
	return b, nil
}
