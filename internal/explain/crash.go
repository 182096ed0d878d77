package explain

import (
	"fmt"
	"strings"

	"github.com/hserr/hserr/internal/fault"
	"github.com/hserr/hserr/internal/model"
)

// Crash says what crashed, in a few fields.
type Crash struct {
	Error       string `json:"error,omitempty"` // header error line, without '#'
	Signal      string `json:"signal,omitempty"`
	SiCode      string `json:"si_code,omitempty"`
	FaultAddr   string `json:"fault_address,omitempty"`
	PC          string `json:"pc,omitempty"`
	Frame       string `json:"problematic_frame,omitempty"`
	ThreadName  string `json:"thread_name,omitempty"`
	ThreadType  string `json:"thread_type,omitempty"`
	ThreadState string `json:"thread_state,omitempty"`
	JDK         string `json:"jdk,omitempty"`
	Vendor      string `json:"vendor,omitempty"`
	VM          string `json:"vm,omitempty"`
	Platform    string `json:"platform,omitempty"`
	OS          string `json:"os,omitempty"`
	Host        string `json:"host,omitempty"`
	Time        string `json:"time,omitempty"`
}

func crashSummary(l *model.Log) Crash {
	c := Crash{
		Error:    trimHash(l.Header.ErrorLine.Text),
		Signal:   l.Header.Signal,
		JDK:      l.Header.Version.Name(),
		Vendor:   l.Header.Version.Vendor,
		VM:       l.Header.Version.VM,
		Platform: l.Header.Version.Platform,
		Host:     afterColon(l.Summary.Host.Text),
		Time:     l.Summary.When,
	}
	if si := l.Thread.Siginfo; si != nil {
		c.SiCode = si.CodeName
		if c.Signal == "" {
			c.Signal = si.SigName
		}
	}
	if a, ok := l.FaultAddress(); ok {
		c.FaultAddr = fault.Addr(a).String() // 0x%016x
	}
	if pc, ok := l.PC(); ok {
		c.PC = fault.Addr(pc).String()
	}
	if f, ok := l.TopFrame(); ok {
		c.Frame = strings.TrimSpace(f.Kind + "  " + f.FrameText())
	}
	if t := l.Thread.Current; t != nil {
		c.ThreadName, c.ThreadType, c.ThreadState = t.Name, t.Type, t.State
	}
	if c.OS = l.OSName(); c.OS == "" && l.System.Uname.Text != "" {
		c.OS = afterColon(l.System.Uname.Text)
	}
	if c.Time == "" {
		c.Time = afterColon(l.System.Time.Text)
	}
	return c
}

func trimHash(s string) string { return strings.TrimSpace(strings.TrimLeft(s, "# ")) }

func afterColon(s string) string {
	if i := strings.Index(s, ":"); i >= 0 {
		return strings.TrimSpace(s[i+1:])
	}
	return strings.TrimSpace(s)
}

// ParseSummary says how complete the log is.
type ParseSummary struct {
	Kind       string         `json:"kind"`
	Lines      int            `json:"lines"`
	Complete   bool           `json:"complete"`
	Truncated  bool           `json:"truncated"`
	Present    []string       `json:"sections_present"`
	Missing    []string       `json:"sections_missing"`
	Incomplete []string       `json:"sections_incomplete,omitempty"`
	Markers    []model.Marker `json:"markers,omitempty"`
	Notes      []string       `json:"notes,omitempty"`
}

func parseSummary(l *model.Log) ParseSummary {
	ps := ParseSummary{Kind: l.Parse.Kind, Lines: l.Parse.Lines, Complete: l.Parse.Complete,
		Truncated: l.Parse.Truncated, Markers: l.Parse.Markers, Notes: l.Parse.Notes,
		Present: []string{}, Missing: []string{}}
	for _, s := range l.Parse.Sections {
		switch {
		case !s.Present:
			ps.Missing = append(ps.Missing, s.Name)
		default:
			ps.Present = append(ps.Present, s.Name)
			if !s.Complete {
				ps.Incomplete = append(ps.Incomplete, s.Name)
			}
		}
	}
	return ps
}

// thread describes the crashing thread, or "" when the log does not name it.
func (c Crash) thread() string {
	if c.ThreadType == "" && c.ThreadName == "" {
		return ""
	}
	return strings.TrimSpace(fmt.Sprintf("%s %q %s", c.ThreadType, c.ThreadName, c.ThreadState))
}
