// Package spool keeps crash logs on the local disk until they are
// delivered: each one written with fsync and an atomic rename under the
// sha256 of its content (so a log spooled twice is one file, and a JVM that
// runs as pid 1 and overwrites hs_err_pid1.log loses nothing), next to a
// small JSON record of where it came from. The spool is bounded in count,
// bytes and age; when the disk is full it keeps the small record of the
// crash rather than nothing.
package spool

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"
)

// Limits bound the spool.
type Limits struct {
	MaxCount int           // logs kept
	MaxBytes int64         // bytes of logs kept
	MaxAge   time.Duration // older logs are dropped
}

// DefaultLimits keep a day's crash storm of a busy host and no more.
var DefaultLimits = Limits{MaxCount: 1000, MaxBytes: 512 << 20, MaxAge: 30 * 24 * time.Hour}

// Record is what the spool knows of a crash besides its log.
type Record struct {
	SHA256   string            `json:"sha256"`
	Source   string            `json:"source"` // where the log was found
	PID      int               `json:"pid,omitempty"`
	Host     string            `json:"host,omitempty"`
	Spooled  time.Time         `json:"spooled"`
	Bytes    int               `json:"bytes"`
	Class    string            `json:"class,omitempty"`
	Summary  string            `json:"summary,omitempty"`
	Redacted map[string]int    `json:"redacted,omitempty"`
	LogKept  bool              `json:"log_kept"` // false: the disk was full, only this record was kept
	Extra    map[string]string `json:"extra,omitempty"`
}

// Spool is a directory of spooled logs.
type Spool struct {
	Dir    string
	Limits Limits
	now    func() time.Time
}

// Open creates the directory if needed.
func Open(dir string, lim Limits) (*Spool, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	return &Spool{Dir: dir, Limits: lim, now: time.Now}, nil
}

// Put spools a log and its record and returns the record. A log already
// spooled (same content) is not written again. On a full disk the record
// alone is kept (LogKept false), and the error says so.
func (s *Spool) Put(data []byte, rec Record) (Record, error) {
	sum := sha256.Sum256(data)
	rec.SHA256 = hex.EncodeToString(sum[:])
	rec.Bytes = len(data)
	rec.Spooled = s.now().UTC()
	logPath := filepath.Join(s.Dir, rec.SHA256+".log")
	if _, err := os.Stat(logPath); err == nil {
		rec.LogKept = true
		return rec, nil // already spooled: the same crash report
	}
	err := writeAtomic(logPath, data)
	rec.LogKept = err == nil
	if err != nil && !errors.Is(err, syscall.ENOSPC) && !errors.Is(err, syscall.EDQUOT) {
		return rec, err
	}
	meta, _ := json.MarshalIndent(rec, "", "  ")
	if merr := writeAtomic(filepath.Join(s.Dir, rec.SHA256+".json"), meta); merr != nil {
		return rec, errors.Join(err, merr)
	}
	if err != nil {
		return rec, fmt.Errorf("disk full: kept the crash's record, not its log: %w", err)
	}
	s.trim()
	return rec, nil
}

// writeAtomic writes data to a temporary file in the same directory, syncs
// it and renames it into place: a reader (or a crash of this process)
// never sees half a file.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp, path)
	}
	if werr != nil {
		os.Remove(tmp)
		return werr
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync() // the rename itself survives a power cut
		d.Close()
	}
	return nil
}

// Entry is one spooled crash.
type Entry struct {
	Record
	LogPath string // "" when only the record was kept
}

// List returns the spooled crashes, oldest first.
func (s *Spool) List() ([]Entry, error) {
	ents, err := os.ReadDir(s.Dir)
	if err != nil {
		return nil, err
	}
	var out []Entry
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, ".json") || strings.HasPrefix(name, ".") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(s.Dir, name))
		if err != nil {
			continue
		}
		var r Record
		if json.Unmarshal(b, &r) != nil {
			continue
		}
		en := Entry{Record: r}
		if p := filepath.Join(s.Dir, r.SHA256+".log"); r.LogKept {
			en.LogPath = p
		}
		out = append(out, en)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Spooled.Before(out[j].Spooled) })
	return out, nil
}

// Remove drops a crash from the spool (after delivery).
func (s *Spool) Remove(sha string) {
	os.Remove(filepath.Join(s.Dir, sha+".log"))
	os.Remove(filepath.Join(s.Dir, sha+".json"))
}

// trim drops the oldest crashes beyond the limits.
func (s *Spool) trim() {
	list, err := s.List()
	if err != nil {
		return
	}
	var total int64
	for _, e := range list {
		total += int64(e.Bytes)
	}
	cutoff := s.now().Add(-s.Limits.MaxAge)
	for i, e := range list {
		over := (s.Limits.MaxCount > 0 && len(list)-i > s.Limits.MaxCount) ||
			(s.Limits.MaxBytes > 0 && total > s.Limits.MaxBytes) ||
			(s.Limits.MaxAge > 0 && e.Spooled.Before(cutoff))
		if !over {
			break
		}
		s.Remove(e.SHA256)
		total -= int64(e.Bytes)
	}
}
