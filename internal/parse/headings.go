package parse

import (
	"strconv"
	"strings"
)

// A heading is a line that opens a sub-block (or is a one-line item) of the
// report, recognised by its prefix wherever it appears (hs_err-format.md §9.4).
type heading struct {
	prefix  string
	exact   bool   // the whole line must equal prefix
	section string // the section this heading belongs to
	start   func(p *parser, s string)
	// generic: a heading any text may hold ("Host:", "OS:"), set from
	// genericHeadings; it is no evidence that the input is a crash report.
	generic bool
}

// byFirst indexes headings by their first byte, and second marks the
// second bytes they go on with, so most lines (block data that starts with a
// letter too: frames, events, cpuinfo keys) are rejected with two table
// look-ups. Every prefix has two bytes at least.
var (
	byFirst [256][]heading
	second  [256][256 / 64]uint64
)

func init() {
	for i := range headings {
		headings[i].generic = genericHeadings[headings[i].prefix]
		h := headings[i]
		c, d := h.prefix[0], h.prefix[1]
		byFirst[c] = append(byFirst[c], h)
		second[c][d/64] |= 1 << (d % 64)
	}
}

// mayBeHeading: s starts with the first two bytes of some heading.
func mayBeHeading(s string) bool {
	if len(s) < 2 {
		return false
	}
	c, d := s[0], s[1]
	return second[c][d/64]&(1<<(d%64)) != 0
}

// opaque returns a start function that keeps the block verbatim.
func opaque(name string) func(p *parser, s string) {
	return func(p *parser, s string) {
		p.startOpaque(name, p.section)
		if rest := strings.TrimSpace(strings.TrimPrefix(s, name)); rest != "" && rest != ":" {
			p.keep(s)
		}
	}
}

// begin returns a start function that switches to a structured block.
func begin(k blockKind) func(p *parser, s string) {
	return func(p *parser, s string) { p.block = k }
}

// one returns a start function for a one-line item; fn stores it.
func one(fn func(p *parser, s string)) func(p *parser, s string) {
	return func(p *parser, s string) { fn(p, s) }
}

var headings = []heading{
	// SUMMARY
	{prefix: "Command Line:", section: secSummary, start: one(func(p *parser, s string) { p.log.Summary.CommandLine = p.lineOf(s) })},
	{prefix: "Settings File:", section: secSummary, start: one(func(p *parser, s string) { p.log.Summary.SettingsFile = p.lineOf(s) })},
	{prefix: "Host:", section: secSummary, start: one(func(p *parser, s string) { p.log.Summary.Host = p.lineOf(s) })},
	{prefix: "Time:", section: secSummary, start: one((*parser).summaryTime)},

	// THREAD
	{prefix: "Current thread", section: secThread, start: one((*parser).currentThread)},
	{prefix: "Current CompileTask:", section: secThread, start: begin(bCompileTask)},
	{prefix: "Stack: [", section: secThread, start: one((*parser).stackLine)},
	{prefix: "Native frames:", section: secThread, start: one((*parser).nativeFrames)},
	{prefix: "Java frames:", section: secThread, start: one((*parser).javaFrames)},
	{prefix: "JavaThread 0x", section: secThread, start: one((*parser).processedThread)},
	{prefix: "siginfo:", section: secThread, start: one((*parser).siginfo)},
	{prefix: "Registers:", section: secThread, start: one((*parser).registers)},
	{prefix: "Register to memory mapping:", section: secThread, start: one((*parser).registerMap)},
	{prefix: "Top of Stack: (sp=", section: secThread, start: one((*parser).topOfStack)},
	{prefix: "Instructions: (pc=", section: secThread, start: one((*parser).instructions)},
	{prefix: "Instructions: (", section: secThread, start: one((*parser).instructions)},
	{prefix: "Stack slot to memory mapping:", section: secThread, start: one((*parser).stackSlots)},
	{prefix: "Lock stack of current Java thread", section: secThread, start: begin(bLockStack)},
	{prefix: "VM_Operation (", section: secThread, start: one(func(p *parser, s string) { l := p.lineOf(s); p.log.Thread.VMOperation = &l })},
	{prefix: "The last pc belongs to", section: secThread, start: opaque("The last pc belongs to")},
	{prefix: "Compiled method (", section: secThread, start: opaque("Compiled method")},
	{prefix: "Error accessing class data sharing archive", section: secThread, start: opaque("Error accessing class data sharing archive")},
	{prefix: "VMErrorCallback", section: secThread, start: opaque("VMErrorCallback")},

	// PROCESS
	{prefix: "uid  :", section: secProcess, start: opaque("User info")},
	{prefix: "umask:", section: secProcess, start: opaque("umask")},
	{prefix: "Threads class SMR info:", section: secProcess, start: opaque("Threads class SMR info:")},
	{prefix: "Java Threads:", section: secProcess, start: one(func(p *parser, s string) { p.threadListStart("java") })},
	{prefix: "Other Threads:", section: secProcess, start: one(func(p *parser, s string) { p.threadListStart("other") })},
	{prefix: "Threads with active compile tasks:", section: secProcess, start: one(func(p *parser, s string) { p.threadListStart("compile") })},
	{prefix: "VM state:", section: secProcess, start: one(func(p *parser, s string) { p.log.Process.VMState = p.lineOf(s) })},
	{prefix: "VM Mutex/Monitor currently owned by a thread:", section: secProcess, start: one((*parser).mutexes)},
	{prefix: "VM Mutexes/Monitors currently owned by a thread:", section: secProcess, start: one((*parser).mutexes)},
	{prefix: "OutOfMemory and StackOverflow Exception counts:", section: secProcess, start: begin(bExceptionCounts)},
	{prefix: "heap address:", section: secProcess, start: one((*parser).heapAddress)},
	{prefix: "Heap address:", section: secProcess, start: one((*parser).heapAddress)},
	{prefix: "Narrow klass", section: secProcess, start: opaque("Compressed class pointers")},
	{prefix: "Compressed class space", section: secProcess, start: opaque("Compressed class pointers")},
	{prefix: "CDS archive(s)", section: secProcess, start: opaque("CDS archive(s)")},
	{prefix: "CDS is disabled", section: secProcess, start: opaque("CDS")},
	{prefix: "UseCompressedClassPointers", section: secProcess, start: opaque("Compressed class pointers")},
	{prefix: "GC Precious Log:", section: secProcess, start: opaque("GC Precious Log:")},
	{prefix: "Heap:", exact: true, section: secProcess, start: opaque("Heap:")},
	{prefix: "Heap", exact: true, section: secProcess, start: opaque("Heap:")},
	{prefix: "Heap Regions:", section: secProcess, start: opaque("Heap Regions:")},
	{prefix: "Card table byte_map:", section: secProcess, start: opaque("Card table byte_map:")},
	{prefix: "Marking Bits", section: secProcess, start: opaque("Marking Bits")},
	{prefix: "Polling page:", section: secProcess, start: opaque("Polling page:")},
	{prefix: "Metaspace:", exact: true, section: secProcess, start: opaque("Metaspace:")},
	{prefix: "CodeHeap '", section: secProcess, start: opaque("CodeCache")},
	{prefix: "CodeCache:", section: secProcess, start: opaque("CodeCache")},
	{prefix: "Code Cache  [", section: secProcess, start: opaque("CodeCache")},
	{prefix: "Dynamic libraries:", section: secProcess, start: one((*parser).libraries)},
	{prefix: "Total number of mappings:", section: secProcess, start: one(func(p *parser, s string) {
		p.log.Process.TotalMappings, _ = strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(s, "Total number of mappings:")))
	})},
	{prefix: "JVMTI agents:", section: secProcess, start: begin(bJVMTI)},
	{prefix: "VM Arguments:", section: secProcess, start: one(func(p *parser, s string) { p.log.Process.VMArguments.Present = true; p.block = bVMArgs })},
	{prefix: "jvm_flags:", section: secProcess, start: one((*parser).vmArgLine)},
	{prefix: "jvm_args:", section: secProcess, start: one((*parser).vmArgLine)},
	{prefix: "java_command:", section: secProcess, start: one((*parser).vmArgLine)},
	{prefix: "java_class_path (initial):", section: secProcess, start: one((*parser).vmArgLine)},
	{prefix: "Launcher Type:", section: secProcess, start: one((*parser).vmArgLine)},
	{prefix: "[Global flags]", section: secProcess, start: begin(bFlags)},
	{prefix: "Unsupported internal testing APIs", section: secProcess, start: one(func(p *parser, s string) { p.log.Process.UnsupportedTestingAPI = true })},
	{prefix: "Logging:", section: secProcess, start: begin(bLogging)},
	{prefix: "Release file:", section: secProcess, start: opaque("Release file:")},
	{prefix: "Environment Variables:", section: secProcess, start: begin(bEnv)},
	{prefix: "Active Locale:", section: secProcess, start: begin(bLocale)},
	{prefix: "Signal Handlers:", section: secProcess, start: begin(bSignals)},
	{prefix: "Native Memory Tracking:", section: secProcess, start: opaque("Native Memory Tracking:")},
	{prefix: "Compilation memory statistics", section: secProcess, start: opaque("Compilation memory statistics")},
	{prefix: "Periodic native trim", section: secProcess, start: opaque("Periodic native trim")},
	{prefix: "Decoder state:", section: secProcess, start: opaque("Decoder state:")},
	{prefix: "dbghelp:", section: secProcess, start: opaque("Decoder state:")},
	{prefix: "symbol engine:", section: secProcess, start: opaque("Decoder state:")},

	// SYSTEM
	{prefix: "OS:", section: secSystem, start: one((*parser).osLine)},
	{prefix: "uname:", section: secSystem, start: one(func(p *parser, s string) { p.log.System.Uname = p.lineOf(s); p.block = bUname })},
	{prefix: "OS uptime:", section: secSystem, start: one(func(p *parser, s string) { p.log.System.Uptime = strings.TrimSpace(s[len("OS uptime:"):]) })},
	{prefix: "libc:", section: secSystem, start: one(func(p *parser, s string) {
		p.log.System.Libc = p.lineOf(s)
		p.log.System.Glibc = glibcOf(s)
	})},
	{prefix: "rlimit", section: secSystem, start: one((*parser).rlimits)},
	{prefix: "load average:", section: secSystem, start: one(func(p *parser, s string) { p.log.System.LoadAverage = strings.TrimSpace(s[len("load average:"):]) })},
	{prefix: "/proc/meminfo:", section: secSystem, start: begin(bMeminfo)},
	{prefix: "/sys/kernel/mm/transparent_hugepage/", section: secSystem, start: one((*parser).thpLine)},
	{prefix: "Process Memory:", section: secSystem, start: begin(bProcessMemory)},
	{prefix: "/proc/sys/", section: secSystem, start: one((*parser).procSysLine)},
	{prefix: "/etc/ld.so.preload:", section: secSystem, start: begin(bLdPreload)},
	{prefix: "container (cgroup) information:", section: secSystem, start: begin(bContainer)},
	{prefix: "container information not found", section: secSystem, start: one(func(p *parser, s string) { p.log.System.ContainerNotFound = true })},
	{prefix: "Steal ticks", section: secSystem, start: one((*parser).cpuExtra)},
	{prefix: "CPU:", section: secSystem, start: one((*parser).cpuLine)},
	{prefix: "CPU Model and flags from /proc/cpuinfo:", section: secSystem, start: begin(bCPUInfo)},
	{prefix: "/proc/cpuinfo:", section: secSystem, start: begin(bCPUInfo)},
	{prefix: "Online cpus:", section: secSystem, start: one((*parser).cpuExtra)},
	{prefix: "Offline cpus:", section: secSystem, start: one((*parser).cpuExtra)},
	{prefix: "BIOS frequency limitation:", section: secSystem, start: one((*parser).cpuExtra)},
	{prefix: "Frequency switch latency", section: secSystem, start: one((*parser).cpuExtra)},
	{prefix: "Available cpu frequencies:", section: secSystem, start: one((*parser).cpuExtra)},
	{prefix: "Current governor:", section: secSystem, start: one((*parser).cpuExtra)},
	{prefix: "Available governors:", section: secSystem, start: one((*parser).cpuExtra)},
	{prefix: "Core performance/turbo boost:", section: secSystem, start: one((*parser).cpuExtra)},
	{prefix: "Processor Information for", section: secSystem, start: one((*parser).cpuExtraBlock)},
	{prefix: "machdep.cpu.", section: secSystem, start: one((*parser).cpuExtra)},
	{prefix: "hw.", section: secSystem, start: one((*parser).cpuExtra)},
	{prefix: "Memory:", section: secSystem, start: one((*parser).memoryLine)},
	{prefix: "Page Sizes:", section: secSystem, start: one(func(p *parser, s string) { p.log.System.PageSizes = strings.TrimSpace(s[len("Page Sizes:"):]) })},
	{prefix: "vm_info:", section: secSystem, start: one((*parser).vmInfo)},
	{prefix: "time:", section: secSystem, start: one(func(p *parser, s string) { p.log.System.Time = p.lineOf(s) })},
	{prefix: "timezone:", section: secSystem, start: one(func(p *parser, s string) { p.log.System.Timezone = strings.TrimSpace(s[len("timezone:"):]) })},
	{prefix: "elapsed time:", section: secSystem, start: one((*parser).elapsedLine)},
	{prefix: "END.", exact: true, section: secSystem, start: one(func(p *parser, s string) { p.log.System.End = true })},
	{prefix: "WARNING!! ", section: secSystem, start: one((*parser).cpuExtra)},
}

// heading dispatches s if it is a known heading. Lines that are the data of
// the current block are never taken as headings: block data that starts like
// a heading (a cpuinfo "hw." key, say) is rare and checked first.
func (p *parser) heading(s string) bool {
	c := s[0]
	// Fast path: block data lines start with a space, a digit, a hex
	// address, '|' (G1 regions) or '{'/'}' — never a heading.
	if c == ' ' || c == '\t' || c == '|' || c == '{' || c == '}' || isDigit(c) {
		return false
	}
	if p.block == bEnv && strings.IndexByte(s, '=') > 0 && !strings.Contains(s[:strings.IndexByte(s, '=')], " ") {
		return false
	}
	if mayBeHeading(s) {
		for i := range byFirst[c] {
			h := &byFirst[c][i]
			if h.exact {
				if strings.TrimRight(s, " ") != h.prefix {
					continue
				}
			} else if !strings.HasPrefix(s, h.prefix) {
				continue
			}
			p.take(h, s)
			return true
		}
	}
	if strings.HasSuffix(s, " events):") || strings.HasSuffix(s, " event):") {
		return p.eventLogHeading(s)
	}
	if strings.HasSuffix(s, "virtualization detected") {
		p.enter(secSystem)
		p.endBlock()
		p.log.System.Virtualization = p.lineOf(s)
		return true
	}
	return false
}

func (p *parser) take(h *heading, s string) {
	if !h.generic {
		p.specific++
	}
	p.endBlock()
	p.inHeader = false
	p.enter(h.section)
	h.start(p, s)
}
