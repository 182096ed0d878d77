package api

import "github.com/hserr/hserr/internal/model"

// Parse is `hserr parse --json`: a stable summary of what the parser found.
// The whole internal model (`--unstable-model`) is not part of the contract.
type Parse struct {
	Envelope
	Parse  Completeness `json:"parse"`
	Crash  Crash        `json:"crash"`
	Counts Counts       `json:"counts"`
}

// Counts are the numbers of items of each kind the parser read.
type Counts struct {
	NativeFrames      int `json:"native_frames"`
	JavaFrames        int `json:"java_frames"`
	Registers         int `json:"registers"`
	InstructionBytes  int `json:"instruction_bytes"`
	Threads           int `json:"threads"`
	EventLogs         int `json:"event_logs"`
	MappedRegions     int `json:"mapped_regions"`
	Environment       int `json:"environment_variables"`
	SignalHandlers    int `json:"signal_handlers"`
	Flags             int `json:"flags"`
	VerbatimBlocks    int `json:"verbatim_blocks"`
	UnrecognisedLines int `json:"unrecognised_lines"`
}

// ParseSummary summarises a parsed log; nil gives the summary of an empty one.
func ParseSummary(l *model.Log) Parse {
	if l == nil {
		l = &model.Log{}
	}
	return Parse{
		Envelope: envelope(KindParse),
		Parse:    completeness(l),
		Crash:    crashOf(l),
		Counts:   counts(l),
	}
}

func counts(l *model.Log) Counts {
	t, p := l.Thread, l.Process
	c := Counts{
		NativeFrames:      len(t.NativeFrames),
		JavaFrames:        len(t.JavaFrames),
		Threads:           len(p.Threads),
		EventLogs:         len(p.Events),
		MappedRegions:     len(p.Libraries),
		Environment:       len(p.Environment),
		SignalHandlers:    len(p.SignalHandlers),
		Flags:             len(p.Flags),
		VerbatimBlocks:    len(l.Blocks),
		UnrecognisedLines: l.Parse.UnknownCount,
	}
	if t.Registers != nil {
		c.Registers = len(t.Registers.Regs)
	}
	if t.Instructions != nil {
		c.InstructionBytes = len(t.Instructions.Bytes)
	}
	return c
}
