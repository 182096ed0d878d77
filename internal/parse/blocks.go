package parse

import (
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// blockKind is the sub-block whose grammar takes the following lines.
type blockKind int

const (
	bNone blockKind = iota
	bOpaque
	bProblematicFrame
	bBugURL
	bReportPath
	bOOMReasons
	bHeaderMessage
	bCompileTask
	bStack
	bNativeFrames
	bJavaFrames
	bProcessedFrames
	bRegisters
	bRegMap
	bTOS
	bInstructions
	bStackSlots
	bLockStack
	bThreads
	bMutexes
	bExceptionCounts
	bEvents
	bLibraries
	bJVMTI
	bVMArgs
	bFlags
	bLogging
	bEnv
	bLocale
	bSignals
	bOS
	bMeminfo
	bTHP
	bProcessMemory
	bLdPreload
	bContainer
	bCPUInfo
	bCPUExtra
	bMemory
	bNextValue // the value of a "name:" line printed on the next line
	bUname
)

var blockNames = map[blockKind]string{
	bOpaque: "verbatim", bCompileTask: "Current CompileTask", bNativeFrames: "Native frames",
	bJavaFrames: "Java frames", bProcessedFrames: "processed thread frames", bRegisters: "Registers",
	bRegMap: "Register to memory mapping", bTOS: "Top of Stack", bInstructions: "Instructions",
	bStackSlots: "Stack slot to memory mapping", bLockStack: "Lock stack", bThreads: "thread list",
	bMutexes: "owned mutexes", bExceptionCounts: "exception counts", bEvents: "event log",
	bLibraries: "Dynamic libraries", bJVMTI: "JVMTI agents", bVMArgs: "VM Arguments",
	bFlags: "Global flags", bLogging: "Logging", bEnv: "Environment Variables", bLocale: "Active Locale",
	bSignals: "Signal Handlers", bOS: "OS", bMeminfo: "/proc/meminfo", bTHP: "transparent hugepages",
	bProcessMemory: "Process Memory", bLdPreload: "/etc/ld.so.preload", bContainer: "container",
	bCPUInfo: "cpuinfo", bCPUExtra: "CPU", bMemory: "Memory", bHeaderMessage: "header message",
}

func (k blockKind) String() string { return blockNames[k] }

// feed gives s to the current block; false means s does not belong to it.
func (p *parser) feed(s string) bool {
	if dst := p.lineList(); dst != nil {
		*dst = sized(p, *dst, maxItems, nonBlank)
		p.add(dst, s)
		return true
	}
	switch p.block {
	case bOpaque:
		p.keep(s)
		return true
	case bHeaderMessage:
		// an error-message detail that spans lines (§2.4)
		h := &p.log.Header
		if p.addDropped {
			return true // the message was past the cap: so are its lines
		}
		if n := len(h.Messages); n > 0 {
			p.joinLine(&h.Messages[n-1].Text, s)
			return true
		}
	case bNativeFrames, bJavaFrames, bProcessedFrames:
		return p.frameLine(s)
	case bRegisters:
		return p.registerLine(s)
	case bRegMap:
		return p.annotatedLine(s, p.regmap, registerToken)
	case bStackSlots:
		return p.annotatedLine(s, &p.log.Thread.StackSlots, slotToken)
	case bTOS, bInstructions:
		return p.hexLine(s)
	case bThreads:
		return p.threadListLine(s)
	case bMutexes:
		return p.mutexLine(s)
	case bEvents:
		return p.eventLine(s)
	case bLibraries:
		return p.libraryLine(s)
	case bVMArgs:
		return false // every VM Arguments line is a heading of its own
	case bFlags:
		return p.flagLine(s)
	case bEnv:
		return p.envLine(s)
	case bLocale:
		if strings.HasPrefix(s, "LC_") {
			p.add(&p.log.Process.Locale, s)
			return true
		}
	case bSignals:
		return p.signalLine(s)
	case bOS:
		return p.osBlockLine(s)
	case bMeminfo:
		return p.kvLine(s, &p.log.System.Meminfo, ':')
	case bContainer:
		return p.kvLine(s, &p.log.System.Container, ':')
	case bCPUInfo:
		return p.cpuinfoLine(s)
	case bNextValue:
		fn := p.valueFor
		p.endBlock()
		fn(s)
		return true
	case bUname:
		// Solaris prints a second, indented uname line: "  (T2 libthread)"
		if strings.HasPrefix(s, " ") {
			p.joinLine(&p.log.System.Uname.Text, s)
			return true
		}
	}
	return false
}

// kvLine appends "key: value" (or key=value) to dst.
func (p *parser) kvLine(s string, dst *[]model.KV, sep byte) bool {
	i := strings.IndexByte(s, sep)
	if i <= 0 {
		return false
	}
	if len(*dst) < maxItems {
		kv := model.KV{Key: strings.TrimSpace(s[:i]), Value: strings.TrimSpace(s[i+1:]), Line: p.n, Text: s}
		*dst = append(sized(p, *dst, maxItems, func(s string) (bool, bool) {
			ok := strings.IndexByte(s, sep) > 0
			return ok, ok
		}), kv)
	} else {
		p.cut("key/value lines")
	}
	return true
}

// lineList is the list of a block whose every line is kept as printed, or
// nil for blocks with a grammar of their own.
func (p *parser) lineList() *[]model.Line {
	switch p.block {
	case bCompileTask:
		return &p.log.Thread.CompileTask
	case bLockStack:
		return &p.log.Thread.LockStack
	case bExceptionCounts:
		return &p.log.Process.ExceptionCounts
	case bJVMTI:
		return &p.log.Process.JVMTIAgents
	case bLogging:
		return &p.log.Process.Logging
	case bProcessMemory:
		return &p.log.System.ProcessMemory
	case bLdPreload:
		return &p.log.System.LdPreload
	case bCPUExtra:
		return &p.log.System.CPUExtra
	case bMemory:
		return &p.log.System.Memory
	}
	return nil
}
