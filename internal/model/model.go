// Package model is the typed form of a HotSpot fatal error log (hs_err_pid<N>.log).
//
// The parser (package parse) fills it; fault analysis, rules, triage and the CLI
// read it. Every item that a verdict may quote carries the 1-based line number
// and the raw text of the line it came from, so evidence can be shown verbatim.
// Fields are zero when the log does not have them; Parse.Sections says which
// sections were present, missing or cut short.
package model

import "strconv"

// Log is one parsed hs_err report.
type Log struct {
	Parse   ParseInfo `json:"parse"`
	Header  Header    `json:"header"`
	Summary Summary   `json:"summary"`
	Thread  Thread    `json:"thread"`
	Process Process   `json:"process"`
	System  System    `json:"system"`
	// Blocks holds sub-blocks the parser keeps verbatim: opaque ones it knows
	// (Heap, Metaspace, code blobs, …) and any heading it does not know.
	Blocks []Block `json:"blocks,omitempty"`
}

// Line is a log line quoted as evidence.
type Line struct {
	N    int    `json:"line"`
	Text string `json:"text"`
}

// Block is a run of lines kept verbatim under a heading.
type Block struct {
	Section string `json:"section"`
	Heading string `json:"heading"`
	Line    int    `json:"line"`
	// First is the line number of Lines[0]; the lines are consecutive
	// (blank ones included), so Lines[i] is line First+i.
	First int      `json:"first_line,omitempty"`
	Lines []string `json:"lines,omitempty"`
	// Dropped counts lines not kept because the block exceeded its cap.
	Dropped int `json:"dropped,omitempty"`
}

// ParseInfo describes the input and how complete the parse is.
type ParseInfo struct {
	// Kind is "hs_err" (a full report), "console" (only the # header, as pasted
	// from a terminal), "fragment" (sections without the header), "foreign"
	// (another runtime's crash report) or "unknown". A kind other than
	// "unknown" and "foreign" needs positive evidence: a '#' block holding a
	// line only HotSpot's header has, or sections holding an item only a
	// report has; '#' lines or "Host:" lines alone are any text's.
	Kind     string          `json:"kind"`
	Bytes    int64           `json:"bytes"`
	Lines    int             `json:"lines"`
	CRLF     bool            `json:"crlf,omitempty"`
	Sections []SectionStatus `json:"sections"`
	// Complete is true when the report reached its end marker (END. on 9+,
	// the elapsed-time line on JDK <= 8).
	Complete bool `json:"complete"`
	// Truncated is true when the input stops before the report's end.
	Truncated bool     `json:"truncated"`
	Markers   []Marker `json:"markers,omitempty"`
	// Unknown lists lines in structured blocks that no grammar matched
	// (capped; UnknownCount has the total).
	Unknown      []UnknownLine `json:"unknown,omitempty"`
	UnknownCount int           `json:"unknown_count,omitempty"`
	// Notes are human-readable remarks on what is missing or odd.
	Notes []string `json:"notes,omitempty"`
	// BinaryLines counts lines that were mostly non-text bytes.
	BinaryLines int `json:"binary_lines,omitempty"`
	// LongLines counts lines cut at the parser's per-line cap.
	LongLines int `json:"long_lines,omitempty"`
	// Reports counts '# A fatal error' banners; >1 means concatenated reports
	// (only the first is parsed).
	Reports int `json:"reports,omitempty"`
	// Foreign is the first line that marks another runtime's crash report
	// (OpenJ9 javacore, GraalVM native image, Android ART), and ForeignRuntime
	// names it.
	Foreign        *Line  `json:"foreign,omitempty"`
	ForeignRuntime string `json:"foreign_runtime,omitempty"`
	// NotesDropped counts notes past the parser's cap on Notes (the last
	// note kept says so).
	NotesDropped int `json:"notes_dropped,omitempty"`
	// Cut counts, per list the parser caps ("native frames", "verbatim
	// blocks", "event logs", …), the items it read but did not keep; a note
	// says the same in words. Empty when nothing was cut.
	Cut map[string]int `json:"cut,omitempty"`
	// Encoding is "utf-16le" or "utf-16be" when the input was UTF-16 text
	// (decoded before parsing; line texts are the decoded UTF-8); "" for
	// UTF-8 or ASCII input.
	Encoding string `json:"encoding,omitempty"`
}

// Recognised says whether the input is a crash report hserr recognised (a
// HotSpot report, whole or in part, or another runtime's), the one test
// every command applies before it takes a file for a crash: a script, a
// README or random bytes are "unknown".
func (p ParseInfo) Recognised() bool { return p.Kind != "" && p.Kind != "unknown" }

// NotACrash says why the input is not taken for a crash log, "" when it
// is: the one message every command gives.
func (p ParseInfo) NotACrash() string {
	if p.Recognised() {
		return ""
	}
	return "not an hs_err log: no '# A fatal error' header, no section banner and no known heading in " + strconv.Itoa(p.Lines) + " line(s)"
}

// SectionStatus says whether one of the report's sections was seen.
type SectionStatus struct {
	Name    string `json:"name"` // header, summary, thread, process, system
	Present bool   `json:"present"`
	Line    int    `json:"line,omitempty"`
	// Complete is false when the section was cut (by the end of input or by
	// an error-reporting marker that ended the report).
	Complete bool `json:"complete"`
}

// Marker is an error-reporting artefact written into the log.
type Marker struct {
	// Kind: "secondary-error" ([error occurred during error reporting …]),
	// "step-timeout" ([timeout occurred …]), "report-timeout"
	// (------ Timeout during error reporting …), "stop-reattempt", "retry-stack".
	Kind string `json:"kind"`
	Step string `json:"step,omitempty"`
	Line
}

// UnknownLine is a line the parser could not place.
type UnknownLine struct {
	Section string `json:"section"`
	Block   string `json:"block,omitempty"`
	Line
}

// Header is the '#' block at the top of the report.
type Header struct {
	Present bool   `json:"present"`
	Banner  string `json:"banner,omitempty"`
	// ErrorKind: "signal" (POSIX signal), "exception" (Windows exception),
	// "internal-error", "out-of-memory", or "" when the error line is missing.
	ErrorKind string `json:"error_kind,omitempty"`
	ErrorLine Line   `json:"error_line,omitzero"`
	// Signal is the signal or Windows exception name: SIGSEGV,
	// EXCEPTION_ACCESS_VIOLATION, … SignalNumber is the value in parentheses.
	Signal       string `json:"signal,omitempty"`
	SignalNumber uint64 `json:"signal_number,omitempty"`
	PC           uint64 `json:"pc,omitempty"`
	HasPC        bool   `json:"has_pc,omitempty"`
	// SentBy is set when the error line says "(sent by kill)" and similar.
	SentBy string `json:"sent_by,omitempty"`
	// ErrorSource is file:line of an Internal Error / Out of Memory Error.
	ErrorSource string `json:"error_source,omitempty"`
	PID         int64  `json:"pid,omitempty"`
	TID         string `json:"tid,omitempty"`
	// Messages are the "#  assert(...) failed: ..." / "#  Error: ..." lines.
	Messages []Line     `json:"messages,omitempty"`
	OOM      *OOMHeader `json:"oom,omitempty"`

	JREVersion Line `json:"jre_version,omitzero"`
	JavaVM     Line `json:"java_vm,omitzero"`
	// Version is what the JRE/VM lines say, decoded.
	Version Version `json:"version"`

	ProblematicFrame *Frame `json:"problematic_frame,omitempty"`
	CoreDump         Line   `json:"core_dump,omitzero"`
	JFR              []Line `json:"jfr,omitempty"`
	BugURL           string `json:"bug_url,omitempty"`
	// InNative: "The crash happened outside the Java Virtual Machine in native code."
	InNative bool `json:"in_native,omitempty"`
	// Other keeps '#' lines that none of the above took.
	Other []Line `json:"other,omitempty"`
}

// OOMHeader is the native out-of-memory detail in the header.
type OOMHeader struct {
	// Allocator is malloc, mmap or mprotect ("" for the size==0 message form).
	Allocator string   `json:"allocator,omitempty"`
	Bytes     uint64   `json:"bytes,omitempty"`
	Purpose   string   `json:"purpose,omitempty"`
	Line      Line     `json:"line,omitzero"`
	Reasons   []string `json:"reasons,omitempty"`
	Solutions []string `json:"solutions,omitempty"`
	// OopsMode is set when the header says the heap's compressed-oops mode
	// limits native heap growth: "Unscaled" or "Zero Based".
	OopsMode string `json:"oops_mode,omitempty"`
	OopsLine Line   `json:"oops_line,omitzero"`
}

// Version is the JDK/VM identity decoded from the header and vm_info.
type Version struct {
	// JDK is the version token, e.g. "17.0.7+7", "8.0_262-b10", "1.7.0_75-b13".
	JDK string `json:"jdk,omitempty"`
	// Major is the feature release: 6, 7, 8, 11, 17, 21, 25, …
	Major int `json:"major,omitempty"`
	// Update is the update number (1.8.0_262 and 8.0_262 → 262, 17.0.7 →
	// 7, 17 → 0); HasUpdate says the log gave one.
	Update    int  `json:"update,omitempty"`
	HasUpdate bool `json:"has_update,omitempty"`
	// HotSpot is the VM's own release on JDK 6, 7 and 8 ("17.1-b03",
	// "24.80-b11", "25.262-b10"): not a JDK version, though it looks like one.
	HotSpot string `json:"hotspot,omitempty"`
	Runtime string `json:"runtime,omitempty"` // "OpenJDK Runtime Environment"
	Vendor  string `json:"vendor,omitempty"`  // vendor version, e.g. "Temurin-17.0.7+7"
	VM      string `json:"vm,omitempty"`      // "OpenJDK 64-Bit Server VM"
	// Platform is os-arch as HotSpot prints it: linux-amd64, windows-amd64,
	// bsd-aarch64, linux-ppc64le, solaris-sparc, …
	Platform string `json:"platform,omitempty"`
	OS       string `json:"os,omitempty"`   // linux, windows, macos, solaris, aix, bsd
	Arch     string `json:"arch,omitempty"` // amd64, x86, aarch64, ppc64, ppc64le, s390x, sparc, …
	GC       string `json:"gc,omitempty"`
	// Flags are the comma items of the Java VM line (mixed mode, sharing, …).
	Flags []string `json:"flags,omitempty"`
	Debug bool     `json:"debug,omitempty"`
}

// Name names the JDK for a sentence: its version token, else what the
// HotSpot release gives ("8u262 (HotSpot 25.262-b10)", "6 (HotSpot
// 17.1-b03)"), else "".
func (v Version) Name() string {
	switch {
	case v.JDK != "":
		return v.JDK
	case v.HotSpot == "":
		return ""
	case v.HasUpdate:
		return strconv.Itoa(v.Major) + "u" + strconv.Itoa(v.Update) + " (HotSpot " + v.HotSpot + ")"
	}
	return strconv.Itoa(v.Major) + " (HotSpot " + v.HotSpot + ")"
}

// WritesSummary says whether this JDK writes a SUMMARY section: 11 and
// later do, 6, 7 and 8 never do. known is false when the version is not
// known, and for 9 and 10, whose reports hserr has not seen.
func (v Version) WritesSummary() (writes, known bool) {
	switch {
	case v.Major >= 11:
		return true, true
	case v.Major > 0 && v.Major <= 8:
		return false, true
	}
	return false, false
}

// Summary is the SUMMARY section (JDK 11+).
type Summary struct {
	Present      bool `json:"present"`
	CommandLine  Line `json:"command_line,omitzero"`
	SettingsFile Line `json:"settings_file,omitzero"`
	Host         Line `json:"host,omitzero"`
	Time         Line `json:"time,omitzero"`
	// Elapsed is the elapsed time in seconds (also filled from the JDK 8
	// "elapsed time:" line at the end of the file).
	Elapsed    float64 `json:"elapsed_seconds,omitempty"`
	HasElapsed bool    `json:"has_elapsed,omitempty"`
	// When is the time stamp text ("Wed Nov 19 10:58:56 2025 UTC").
	When string `json:"when,omitempty"`
}

// Thread is the THREAD section.
type Thread struct {
	Present bool `json:"present"`
	// Current is the crashing thread; nil when the line is missing.
	Current *ThreadInfo `json:"current,omitempty"`
	// NativeThread is true for "Current thread is native thread".
	NativeThread bool         `json:"native_thread,omitempty"`
	CompileTask  []Line       `json:"compile_task,omitempty"`
	Stack        *StackBounds `json:"stack,omitempty"`
	NativeFrames []Frame      `json:"native_frames,omitempty"`
	// NativeFramesMore: the list ended with "...<more frames>...".
	NativeFramesMore bool `json:"native_frames_more,omitempty"`
	// NativeFramesDropped, JavaFramesDropped and ProcessedFramesDropped
	// count frame lines past the parser's cap (1,000 per list): the log
	// printed them, the model does not hold them.
	NativeFramesDropped    int     `json:"native_frames_dropped,omitempty"`
	JavaFramesDropped      int     `json:"java_frames_dropped,omitempty"`
	ProcessedFramesDropped int     `json:"processed_frames_dropped,omitempty"`
	JavaFrames             []Frame `json:"java_frames,omitempty"`
	// ProcessedThread is "JavaThread 0x… (nid = N) was being processed" and
	// its frames (a GC thread crashed while working on that Java thread).
	ProcessedThread *Line       `json:"processed_thread,omitempty"`
	ProcessedFrames []Frame     `json:"processed_frames,omitempty"`
	Siginfo         *Siginfo    `json:"siginfo,omitempty"`
	Registers       *Registers  `json:"registers,omitempty"`
	RegisterMap     []Annotated `json:"register_map,omitempty"`
	TopOfStack      *HexDump    `json:"top_of_stack,omitempty"`
	Instructions    *HexDump    `json:"instructions,omitempty"`
	StackSlots      []Annotated `json:"stack_slots,omitempty"`
	VMOperation     *Line       `json:"vm_operation,omitempty"`
	LockStack       []Line      `json:"lock_stack,omitempty"`
}

// ThreadInfo is a thread description: the current-thread line or one line
// of the thread lists.
type ThreadInfo struct {
	Address uint64 `json:"address,omitempty"`
	// Type is the C++ class: JavaThread, VMThread, GCTaskThread, WorkerThread,
	// ConcurrentGCThread, WatcherThread, CompilerThread, …
	Type   string `json:"type,omitempty"`
	Name   string `json:"name,omitempty"`
	Daemon bool   `json:"daemon,omitempty"`
	// State is the JavaThreadState: _thread_in_native, _thread_in_vm, …
	State     string `json:"state,omitempty"`
	ID        int64  `json:"id,omitempty"`
	StackBase uint64 `json:"stack_bottom,omitempty"`
	StackTop  uint64 `json:"stack_top,omitempty"`
	StackSize string `json:"stack_size,omitempty"`
	Current   bool   `json:"current,omitempty"` // "=>" marker in a thread list
	Exited    bool   `json:"exited,omitempty"`  // "(exited)" current thread
	List      string `json:"list,omitempty"`    // "java", "other", "compile"
	Line
}

// StackBounds is the "Stack: [bottom,top],  sp=…,  free space=…k" line.
type StackBounds struct {
	Bottom uint64 `json:"bottom"`
	Top    uint64 `json:"top"`
	SP     uint64 `json:"sp,omitempty"`
	HasSP  bool   `json:"has_sp"`
	FreeKB int64  `json:"free_kb,omitempty"`
	// HasFree is true when FreeKB is a reading of the stack: the field
	// parsed and sp lies inside [Bottom, Top]. HotSpot prints (sp-bottom)/K
	// unsigned, so an sp outside the stack prints garbage (a huge number,
	// or one that overflows), which is no "0k".
	HasFree bool `json:"has_free,omitempty"`
	Outside bool `json:"outside_stack,omitempty"` // "**OUTSIDE STACK**"
	Line
}

// Frame is one stack frame line (Native frames, Java frames, Problematic frame).
type Frame struct {
	// Kind is the frame letter: C (native), V (VM), j (interpreted),
	// J (compiled Java), A (AOT), v (VM-generated stub/blob).
	Kind string `json:"kind"`
	// Library and LibOffset: "[libc.so.6+0x749c1]".
	Library      string `json:"library,omitempty"`
	LibOffset    uint64 `json:"lib_offset,omitempty"`
	HasLibOffset bool   `json:"has_lib_offset,omitempty"`
	// Symbol and SymOffset: "memcpy+0x11".
	Symbol       string `json:"symbol,omitempty"`
	SymOffset    uint64 `json:"sym_offset,omitempty"`
	HasSymOffset bool   `json:"has_sym_offset,omitempty"`
	// Address is a bare pc: "C  0x0000000000000002", "v  ~StubRoutines::call_stub 0x…", J's "@ 0x…".
	Address    uint64 `json:"address,omitempty"`
	HasAddress bool   `json:"has_address,omitempty"`
	// Java frames.
	Method     string `json:"method,omitempty"`
	BCI        int    `json:"bci,omitempty"`
	HasBCI     bool   `json:"has_bci,omitempty"`
	Module     string `json:"module,omitempty"` // "java.base@17.0.7"
	CompileID  string `json:"compile_id,omitempty"`
	OSR        bool   `json:"osr,omitempty"`
	Compiler   string `json:"compiler,omitempty"` // c1, c2, C1, C2, jvmci
	CodeSize   int    `json:"code_size,omitempty"`
	CodeBegin  uint64 `json:"code_begin,omitempty"`
	CodeOffset uint64 `json:"code_offset,omitempty"`
	// Stub is the VM-generated code name for v frames: "~StubRoutines::call_stub".
	Stub   string `json:"stub,omitempty"`
	Source string `json:"source,omitempty"` // "(file.cpp:123)"
	Line
}

// Siginfo is the siginfo line (POSIX) or its Windows equivalent.
type Siginfo struct {
	Signo    int    `json:"si_signo,omitempty"`
	SigName  string `json:"signal,omitempty"`
	Code     int    `json:"si_code"`
	CodeName string `json:"si_code_name,omitempty"`
	HasCode  bool   `json:"has_code,omitempty"`
	Errno    int    `json:"si_errno,omitempty"`
	Addr     uint64 `json:"si_addr,omitempty"`
	HasAddr  bool   `json:"has_addr,omitempty"`
	// SenderPID/UID: "sent from pid: N (uid: U)".
	SenderPID int64 `json:"sender_pid,omitempty"`
	SenderUID int64 `json:"sender_uid,omitempty"`
	HasSender bool  `json:"has_sender,omitempty"`
	// Windows: exception name/code and the access ("reading", "writing",
	// "data execution prevention violation").
	ExceptionCode uint64   `json:"exception_code,omitempty"`
	Access        string   `json:"access,omitempty"`
	ExceptionInfo []uint64 `json:"exception_information,omitempty"`
	Line
}

// Registers is the "Registers:" block.
type Registers struct {
	// Arch is the register family recognised: "x86_64", "x86", "aarch64",
	// "ppc64", "s390x", "macos-aarch64", or "" when unrecognised.
	Arch string `json:"arch,omitempty"`
	// Regs holds every NAME=0x… pair in print order, unknown names included.
	Regs  []Register `json:"regs"`
	Lines []Line     `json:"lines,omitempty"`
}

// Register is one register value.
type Register struct {
	Name  string `json:"name"`
	Value uint64 `json:"value"`
	// Wide holds extra words for vector registers (XMM[i]=hi lo).
	Wide []uint64 `json:"wide,omitempty"`
	Line int      `json:"line"`
}

// Annotated is an entry of "Register to memory mapping" or "Stack slot to
// memory mapping": a key, its value and what HotSpot said it points to.
type Annotated struct {
	Key         string `json:"key"` // register name or "sp+N"
	Value       uint64 `json:"value,omitempty"`
	HasValue    bool   `json:"has_value,omitempty"`
	Description string `json:"description"`
	Line        int    `json:"line"`
	// Text is the line as printed, for quoting.
	Text string `json:"text,omitempty"`
	// More holds continuation lines (oop contents, codelet descriptions).
	More []string `json:"more,omitempty"`
}

// HexDump is a hex dump block: Instructions or Top of Stack.
type HexDump struct {
	// PC for Instructions, SP for Top of Stack: the value in the heading.
	Anchor    uint64 `json:"anchor"`
	HasAnchor bool   `json:"has_anchor"`
	// Start is the address of the first unit.
	Start uint64 `json:"start"`
	// Unit is the printed unit size in bytes: 1 (x86 bytes), 4 (aarch64/ppc
	// words), 8 (Top of Stack qwords).
	Unit int `json:"unit"`
	// Bytes are the dumped bytes in memory order (words expanded in the
	// platform's byte order where it is known: little-endian unless the
	// platform is big-endian). Unreadable units ("??") are zero and marked in Unreadable.
	Bytes []byte `json:"bytes"`
	// Unreadable marks, per byte, whether the dump printed "??" there.
	Unreadable    []bool `json:"-"`
	HasUnreadable bool   `json:"has_unreadable,omitempty"`
	// Gaps is true when the lines were not contiguous (bytes are only the
	// first contiguous run).
	Gaps bool `json:"gaps,omitempty"`
	// Cut is true when the dump went on past the parser's cap on dump bytes
	// (8 KiB): Bytes hold only its first part, up to Start+len(Bytes), and
	// PrintedEnd is the address just past the last unit the log printed
	// contiguously. An address in [Start+len(Bytes), PrintedEnd) was in the
	// log but not kept: "not in the dump" would be wrong for it.
	Cut        bool   `json:"cut,omitempty"`
	PrintedEnd uint64 `json:"printed_end,omitempty"`
	Lines      []Line `json:"lines,omitempty"`
}

// Process is the PROCESS section.
type Process struct {
	Present bool         `json:"present"`
	Threads []ThreadInfo `json:"threads,omitempty"`
	VMState Line         `json:"vm_state,omitzero"`
	// Mutexes are the owned-lock lines (empty when "None").
	Mutexes         []Line     `json:"mutexes,omitempty"`
	MutexesNone     bool       `json:"mutexes_none,omitempty"`
	ExceptionCounts []Line     `json:"exception_counts,omitempty"`
	HeapAddress     Line       `json:"heap_address,omitzero"`
	CompressedOops  string     `json:"compressed_oops_mode,omitempty"`
	Events          []EventLog `json:"event_logs,omitempty"`
	Libraries       []Mapping  `json:"dynamic_libraries,omitempty"`
	// LibrariesDropped counts mappings beyond the parser's cap.
	LibrariesDropped      int             `json:"dynamic_libraries_dropped,omitempty"`
	TotalMappings         int             `json:"total_mappings,omitempty"`
	VMArguments           VMArguments     `json:"vm_arguments"`
	Flags                 []Flag          `json:"global_flags,omitempty"`
	Environment           []EnvVar        `json:"environment,omitempty"`
	SignalHandlers        []SignalHandler `json:"signal_handlers,omitempty"`
	JVMTIAgents           []Line          `json:"jvmti_agents,omitempty"`
	Logging               []Line          `json:"logging,omitempty"`
	Locale                []Line          `json:"active_locale,omitempty"`
	UnsupportedTestingAPI bool            `json:"unsupported_testing_api,omitempty"`
}

// EventLog is one ring buffer: "<Name> (<count> events):".
type EventLog struct {
	Name    string  `json:"name"`
	Count   int     `json:"count"`
	Events  []Event `json:"events,omitempty"`
	Dropped int     `json:"dropped,omitempty"`
	// NoEvents: "No events" or "No events printed - crash while holding lock".
	NoEvents string `json:"no_events,omitempty"`
	Line     int    `json:"line"`
}

// Event is one event-log entry; continuation lines are appended to Text.
type Event struct {
	Time      float64 `json:"time"`
	Thread    uint64  `json:"thread,omitempty"`
	HasThread bool    `json:"has_thread,omitempty"`
	Text      string  `json:"text"`
	Line      int     `json:"line"`
	// Raw is the event's first line as printed, for quoting as evidence.
	Raw string `json:"-"`
}

// Mapping is a line of "Dynamic libraries:". On Linux it is a /proc/maps
// line; on Windows "start - end \tpath"; on macOS "base \tpath".
type Mapping struct {
	Start  uint64 `json:"start"`
	End    uint64 `json:"end,omitempty"`
	Perms  string `json:"perms,omitempty"` // r-xp
	Offset uint64 `json:"offset,omitempty"`
	Dev    string `json:"dev,omitempty"`
	Inode  uint64 `json:"inode,omitempty"`
	Path   string `json:"path,omitempty"`
	Line   int    `json:"line"`
	// Text is the raw line, for quoting as evidence.
	Text string `json:"-"`
}

// VMArguments is the "VM Arguments:" block.
type VMArguments struct {
	Present      bool     `json:"present"`
	JVMFlags     Line     `json:"jvm_flags,omitzero"`
	JVMArgsLine  Line     `json:"jvm_args_line,omitzero"`
	JVMArgs      []string `json:"jvm_args,omitempty"`
	JavaCommand  Line     `json:"java_command,omitzero"`
	ClassPath    Line     `json:"java_class_path,omitzero"`
	LauncherType string   `json:"launcher_type,omitempty"`
}

// Flag is a "[Global flags]" line.
type Flag struct {
	Type   string `json:"type"`
	Name   string `json:"name"`
	Value  string `json:"value"`
	Kind   string `json:"kind,omitempty"`
	Origin string `json:"origin,omitempty"`
	Line   int    `json:"line"`
	// Text is the raw line, for quoting as evidence.
	Text string `json:"-"`
}

// EnvVar is a line of "Environment Variables:".
type EnvVar struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	Line  int    `json:"line"`
}

// SignalHandler is one signal's handler line with its "modified" notes.
type SignalHandler struct {
	Signal  string `json:"signal"`
	Handler string `json:"handler"`
	// Library is the library the handler lives in (libjvm.so, libjsig.so, …).
	Library  string `json:"library,omitempty"`
	Mask     string `json:"mask,omitempty"`
	Flags    string `json:"flags,omitempty"`
	Blocked  string `json:"blocked,omitempty"` // "blocked"/"unblocked" (17.0.7+)
	Modified bool   `json:"modified,omitempty"`
	Expected string `json:"expected,omitempty"`
	Chained  string `json:"chained,omitempty"`
	// FlagsChanged: JDK <= 11 "flags was changed from 0x…" suffix.
	FlagsChanged string `json:"flags_changed,omitempty"`
	Line
}

// System is the SYSTEM section.
type System struct {
	Present bool `json:"present"`
	// OS holds the OS: block lines (distro name and release).
	OS     []Line `json:"os,omitempty"`
	Uname  Line   `json:"uname,omitzero"`
	Uptime string `json:"uptime,omitempty"`
	Libc   Line   `json:"libc,omitzero"`
	// Glibc is the glibc version the libc line names ("glibc 2.35 NPTL
	// 2.35" → 2.35); zero when it names none (musl, other OSes).
	Glibc       GlibcVersion `json:"glibc,omitzero"`
	Rlimits     []Rlimit     `json:"rlimits,omitempty"`
	RlimitLine  Line         `json:"rlimit_line,omitzero"`
	LoadAverage string       `json:"load_average,omitempty"`
	Meminfo     []KV         `json:"meminfo,omitempty"`
	// THP holds /sys/kernel/mm/transparent_hugepage/* lines.
	THP []KV `json:"transparent_hugepage,omitempty"`
	// ProcSys holds /proc/sys/* limits (threads-max, max_map_count, …).
	ProcSys           []KV   `json:"proc_sys,omitempty"`
	ProcessMemory     []Line `json:"process_memory,omitempty"`
	LdPreload         []Line `json:"ld_so_preload,omitempty"`
	Container         []KV   `json:"container,omitempty"`
	ContainerNotFound bool   `json:"container_not_found,omitempty"`
	Virtualization    Line   `json:"virtualization,omitzero"`
	CPU               Line   `json:"cpu,omitzero"`
	// CPUFeatures are the comma items of the CPU: line.
	CPUFeatures []string `json:"cpu_features,omitempty"`
	CPUModel    string   `json:"cpu_model,omitempty"`
	// CPUFlags are the /proc/cpuinfo flags of the first processor.
	CPUFlags []string `json:"cpu_flags,omitempty"`
	// CPUInfoARM is the first /proc/cpuinfo line only an ARM kernel
	// prints ("CPU implementer", "CPU architecture"), quoted; under an
	// x86-64 JVM it shows the host is ARM and the JVM is translated.
	CPUInfoARM Line   `json:"cpuinfo_arm,omitzero"`
	CPUExtra   []Line `json:"cpu_extra,omitempty"`
	Memory     []Line `json:"memory,omitempty"`
	// RAM is the physical memory and swap the Memory: line states
	// (decoded by parse); nil when the log has no such line.
	RAM       *RAM   `json:"ram,omitempty"`
	PageSizes string `json:"page_sizes,omitempty"`
	VMInfo    Line   `json:"vm_info,omitzero"`
	// JDK <= 8 puts time:/timezone:/elapsed time: at the end of the file.
	Time     Line   `json:"time,omitzero"`
	Timezone string `json:"timezone,omitempty"`
	Elapsed  Line   `json:"elapsed_time,omitzero"`
	End      bool   `json:"end,omitempty"`
}

// Rlimit is one resource limit item: "NOFILE 262144" or "NOFILE 1024/4096".
type Rlimit struct {
	Name string `json:"name"`
	Soft string `json:"soft"`
	Hard string `json:"hard,omitempty"`
}

// KV is a key/value line of a system block.
type KV struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	Line  int    `json:"line"`
	// Text is the raw line (both lines when the value was printed on the
	// next one), for quoting as evidence.
	Text string `json:"-"`
}

// GlibcVersion is a glibc major.minor version.
type GlibcVersion struct {
	Major int `json:"major"`
	Minor int `json:"minor"`
}

// AtLeast reports whether the version is known and at least major.minor.
func (g GlibcVersion) AtLeast(major, minor int) bool {
	return g.Major > major || g.Major == major && g.Minor >= minor
}

// RAM is the host's memory as the SYSTEM section's Memory: line gives it,
// in bytes: "physical 16318936k(1202412k free), swap 8388604k(8388604k
// free)" on Linux and Solaris, "physical 16271M (2048M free)" on Windows.
type RAM struct {
	PhysTotal uint64 `json:"phys_total"`
	PhysFree  uint64 `json:"phys_free"`
	SwapTotal uint64 `json:"swap_total,omitempty"`
	SwapFree  uint64 `json:"swap_free,omitempty"`
	HasSwap   bool   `json:"has_swap,omitempty"`
	Line      Line   `json:"line"` // the line the figures come from, to quote
}
