package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hserr/hserr/internal/model"
)

// The native out-of-memory family (§C): the header says the JVM could not
// get memory; the sub-class comes from comparing the failed request with
// what the host had. Each rule below is one sub-class; their confidences
// encode the precedence (a specific cause beats the generic "out of RAM").

// OOM is the shared reading of an insufficient-memory report.
type OOM struct {
	Bytes   uint64 // failed request, 0 when not stated
	Purpose string
	Line    model.Line // the "Native memory allocation … failed" line
	Heading model.Line // "There is insufficient memory …"
	// PhysFree/SwapFree from the "Memory: … physical …k(…k free), swap …" line.
	PhysTotal, PhysFree, SwapTotal, SwapFree uint64
	HasMemLine                               bool
	MemLine                                  model.Line
	// Initial is the initial heap (-Xms or InitialHeapSize), read once
	// here for every native-OOM rule that compares the request with it.
	Initial initialHeapSize
}

// OOMFact reads the native-OOM header; nil when the log is not one.
var OOMFact = &Fact{
	Name: "oom",
	Doc:  "failed native allocation: size, purpose, host memory line",
	Compute: func(p *Pass) any {
		l := p.Log
		if !isNativeOOM(l) {
			return (*OOM)(nil)
		}
		o := &OOM{}
		o.Heading, _ = headerMatch(l, "There is insufficient memory")
		if h := l.Header.OOM; h != nil {
			o.Bytes, o.Purpose, o.Line = h.Bytes, h.Purpose, h.Line
		}
		if o.Line.N == 0 {
			o.Line, _ = headerMatch(l, "Native memory allocation", "Cannot create", "Out of swap space")
		}
		if r := l.System.RAM; r != nil {
			o.PhysTotal, o.PhysFree, o.SwapTotal, o.SwapFree = r.PhysTotal, r.PhysFree, r.SwapTotal, r.SwapFree
			o.HasMemLine, o.MemLine = true, r.Line
		}
		o.Initial = initialHeap(l)
		return o
	},
}

func (o *OOM) evidence() *Ev {
	var ev Ev
	ev.Add(o.Heading, o.Line)
	return &ev
}

func (o *OOM) request() string {
	if o.Bytes == 0 {
		return "an allocation"
	}
	return fmt.Sprintf("%s (%d bytes)", gib(o.Bytes), o.Bytes)
}

func oomRule(class, doc string, run func(p *Pass, o *OOM) []Finding) *Rule {
	return &Rule{Class: class, Doc: doc, Requires: []*Fact{OOMFact, MemFact, ThreadFact},
		Run: func(p *Pass) []Finding {
			o := Get[*OOM](p, OOMFact)
			if o == nil {
				return nil
			}
			fs := run(p, o)
			// whichever limit refused it, a request that is the JVM's own
			// -Xms at start-up is fixed first where the heap is set
			if why, ev, rem, ok := heapAtStartup(p, o); ok {
				for i := range fs {
					if fs[i].Role == RootCause {
						fs[i].Explanation += "\n" + strings.Join(why, "\n")
						fs[i].Evidence = (&Ev{lines: fs[i].Evidence}).Add(ev...).Lines()
						fs[i].Remedy = append(append([]string{}, rem...), fs[i].Remedy...)
					}
				}
			}
			return fs
		}}
}

// Linux-only native OOM readings: strict overcommit accounting and the
// mapping-count limit are Linux sysctls.
func init() {
	OOMOvercommit.OS = OnLinux
	OOMMaxMapCount.OS = OnLinux
}

// OOMPhysical: the host had less memory available than the JVM asked for.
var OOMPhysical = oomRule("native-oom-physical", "failed request larger than the memory the host had available", func(p *Pass, o *OOM) []Finding {
	m := Get[*Mem](p, MemFact)
	ev := o.evidence()
	conf := 0.45
	why := []string{"The JVM could not get " + o.request() + " of native memory from the OS" + purpose(o) + "."}
	avail, hasAvail := m.Get("MemAvailable")
	total, _ := m.Get("MemTotal")
	switch {
	case hasAvail && o.Bytes > 0 && o.Bytes > avail:
		conf = 0.8
		ev.Add(m.Line("MemAvailable"))
		why = append(why, fmt.Sprintf("The host had only %s available (MemAvailable, line %d): less than the request.", gib(avail), m.Line("MemAvailable").N))
	case hasAvail && total > 0 && avail < total/50:
		conf = 0.75
		ev.Add(m.Line("MemAvailable"), m.Line("MemTotal"))
		why = append(why, fmt.Sprintf("MemAvailable is %s of %s (line %d): the host was out of memory.", gib(avail), gib(total), m.Line("MemAvailable").N))
	case !hasAvail && o.HasMemLine && o.Bytes > 0 && o.Bytes > o.PhysFree+o.SwapFree:
		conf = 0.7
		ev.Add(o.MemLine)
		why = append(why, fmt.Sprintf("Free physical memory plus free swap was %s (line %d), less than the request.", gib(o.PhysFree+o.SwapFree), o.MemLine.N))
	case p.Log.OS() == "solaris" && solarisSwapOut(p.Log):
		// Solaris reserves swap for every anonymous mapping: free RAM does
		// not help once the reservation is exhausted
		conf = 0.6
		why = append(why, "HotSpot reports it ran out of swap space: Solaris reserves swap for every anonymous mapping (a thread stack, a heap commit), so the reservation runs out while RAM is still free.")
	case hasAvail && total > 0 && avail >= total/10 && (o.Bytes == 0 || avail > 16*o.Bytes):
		// plenty was available: RAM is not what ran out, so the class is
		// a candidate, not a verdict
		conf = 0.35
		ev.Add(m.Line("MemAvailable"))
		why = append(why, fmt.Sprintf("But the host had %s available (MemAvailable, line %d), far more than the request: RAM was not what ran out. %s", gib(avail), m.Line("MemAvailable").N, byOS(p.Log,
			"A per-process limit the log does not show (RLIMIT_AS/DATA, vm.max_map_count, a cgroup) is more likely.",
			"A per-process limit the log does not show (ulimit -v/-d) is more likely.",
			"The commit charge (page file) is more likely the limit.",
			"A per-process limit the log does not show is more likely.")))
	case !hasAvail && o.HasMemLine && o.PhysTotal > 0 && o.PhysFree >= o.PhysTotal/10 && (o.Bytes == 0 || o.PhysFree > 16*o.Bytes):
		conf = 0.35
		ev.Add(o.MemLine)
		why = append(why, fmt.Sprintf("But %s of physical memory was free (line %d), far more than the request: RAM was not what ran out (on Solaris, swap reservation is the usual limit).", gib(o.PhysFree), o.MemLine.N))
	case o.Bytes > 0 && o.Bytes < 64<<20:
		// a few pages refused with nothing to show the host's memory: map
		// counts and thread limits refuse small requests as often as RAM
		why = append(why, "The log does not show the host's memory, and the request is small: a per-process limit (mappings, threads) refuses small requests as often as exhausted RAM does, so this stays a candidate.")
	default:
		conf = 0.5
		why = append(why, "The log does not show which limit was hit; exhausted RAM+swap is HotSpot's first listed reason for a request this size, and nothing more specific fits.")
	}
	if sf, ok := m.Get("SwapFree"); ok && sf < 64<<20 {
		ev.Add(m.Line("SwapFree"))
		why = append(why, fmt.Sprintf("Swap is exhausted or absent (SwapFree %s, line %d).", gib(sf), m.Line("SwapFree").N))
	}
	return []Finding{{Role: RootCause, Confidence: conf,
		Summary:     "Native memory exhausted: the host could not back the JVM's request with RAM or swap.",
		Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
		Remedy: []string{"Lower the JVM's footprint: -Xmx/-Xms, -XX:MaxMetaspaceSize, -XX:ReservedCodeCacheSize, -XX:MaxDirectMemorySize, thread count × -Xss.",
			"Add RAM or swap, or move co-located memory consumers off the host.",
			"Find native growth with -XX:NativeMemoryTracking=summary and `jcmd <pid> VM.native_memory summary`."}}}
})

// solarisSwapOut: the header's own reason is "Out of swap space".
func solarisSwapOut(l *model.Log) bool {
	_, ok := headerMatch(l, "Out of swap space")
	return ok
}

// OOMOvercommit: strict overcommit accounting refused the commit although
// memory was available.
var OOMOvercommit = oomRule("native-oom-overcommit-limit", "commit refused by vm.overcommit_memory=2 accounting while RAM was free", func(p *Pass, o *OOM) []Finding {
	m := Get[*Mem](p, MemFact)
	limit, ok1 := m.Get("CommitLimit")
	used, ok2 := m.Get("Committed_AS")
	total, _ := m.Get("MemTotal")
	avail, hasAvail := m.Get("MemAvailable")
	if !ok1 || !ok2 || used > limit {
		// Committed_AS above CommitLimit means the limit is not enforced
		// (overcommit mode 0/1), so it cannot be what refused the request.
		return nil
	}
	ev := o.evidence()
	ev.Add(m.Line("CommitLimit"), m.Line("Committed_AS"))
	headroom := limit - used
	conf := 0.0
	var why []string
	if o.Bytes > headroom && (!hasAvail || avail > o.Bytes) {
		conf = 0.75
		why = append(why, fmt.Sprintf("The request was %s but only %s remained under CommitLimit (CommitLimit %s − Committed_AS %s, lines %d–%d).", gib(o.Bytes), gib(headroom), gib(limit), gib(used), m.Line("CommitLimit").N, m.Line("Committed_AS").N))
		if hasAvail {
			ev.Add(m.Line("MemAvailable"))
			why = append(why, fmt.Sprintf("Yet MemAvailable was %s (line %d): memory was there, the accounting refused it.", gib(avail), m.Line("MemAvailable").N))
		}
	} else if headroom < limit/100 && (!hasAvail || avail > 1<<30) {
		// at the limit to within 1%: any commit (a thread's stack, a GC
		// worker, a heap region) is refused, whatever its size
		conf = 0.85
		why = append(why, fmt.Sprintf("Committed_AS (%s, line %d) is at CommitLimit (%s, line %d), %s short of it: under strict accounting every further commit, a new thread's stack included, is refused.", gib(used), m.Line("Committed_AS").N, gib(limit), m.Line("CommitLimit").N, gib(headroom)))
		if hasAvail {
			ev.Add(m.Line("MemAvailable"))
			why = append(why, fmt.Sprintf("Yet MemAvailable was %s (line %d): memory was there, the accounting refused it.", gib(avail), m.Line("MemAvailable").N))
		}
	} else if total > 0 && limit == total && used >= limit/100*95 {
		conf = 0.6
		why = append(why, fmt.Sprintf("CommitLimit equals MemTotal (%s), the signature of vm.overcommit_memory=2 with overcommit_ratio=100, and Committed_AS (%s) is within %s of it.", gib(limit), gib(used), gib(headroom)))
	}
	if conf == 0 {
		return nil
	}
	why = append(why, "Committed_AS staying below CommitLimit is itself a sign that strict accounting (vm.overcommit_memory=2) is in force: in the default mode it routinely exceeds the limit. The log does not print the sysctl, so check it on the host.")
	return []Finding{{Role: RootCause, Confidence: conf,
		Summary:     "Strict overcommit accounting (vm.overcommit_memory=2) refused the JVM's commit although memory was available.",
		Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
		Remedy: []string{"Check `sysctl vm.overcommit_memory vm.overcommit_ratio` on the host; use vm.overcommit_memory=0, or raise vm.overcommit_ratio / vm.overcommit_kbytes or swap.",
			"Or shrink what the JVM commits (-Xmx, thread count, -Xss) so it fits under CommitLimit."}}}
})

// OOMThreads: a thread could not be created.
var OOMThreads = oomRule("native-oom-thread-limit", "the report says a (GC) thread could not be created", func(p *Pass, o *OOM) []Finding {
	hl, ok := headerMatch(p.Log, "Cannot create GC thread", "Cannot create worker GC thread", "unable to create native thread", "memory to guard stack pages", "pthread_create failed")
	if !ok {
		return nil
	}
	ev := o.evidence()
	ev.Add(hl)
	why := []string{"The report itself says a thread could not be created (line " + strconv.Itoa(hl.N) + "): pthread_create failed, which is a task-limit problem (EAGAIN) far more often than a memory one."}
	for _, r := range p.Log.System.Rlimits {
		if r.Name == "NPROC" {
			ev.Add(p.Log.System.RlimitLine)
			why = append(why, fmt.Sprintf("The per-user process/thread limit is NPROC %s (line %d); every thread of every process of that user counts.", r.Soft, p.Log.System.RlimitLine.N))
		}
	}
	return []Finding{{Role: RootCause, Confidence: 0.8,
		Summary: byOS(p.Log, "Thread creation failed: a task limit (ulimit -u, pids cgroup, threads-max) or a thread leak.",
			"Thread creation failed: the per-user process limit (ulimit -u, kern.maxprocperuid) or a thread leak.",
			"Thread creation failed: the commit limit or address space for the new thread's stack, or a thread leak.",
			"Thread creation failed: a task limit or a thread leak."),
		Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
		Remedy: []string{threadLimitRemedy(p.Log),
			"Look for a thread leak (many threads of one pool name in a thread dump) and bound the pools.",
			byOS(p.Log, "In a container, a pthread_create EPERM instead of EAGAIN at startup is the seccomp/clone3 problem (pthread-eperm-seccomp): upgrade Docker ≥ 20.10.10 / libseccomp ≥ 2.5.2.",
				"Lower -Xss or the number of threads if the address space is the limit.", "Lower -Xss or the number of threads; on a 32-bit JVM move to a 64-bit JDK.", "Lower -Xss or the number of threads.")}}}
})

// threadLimitRemedy names the limits of the log's OS that bound threads.
func threadLimitRemedy(l *model.Log) string {
	return byOS(l,
		"Check the user's thread count against `ulimit -u` (NPROC), kernel.threads-max, kernel.pid_max and the container's pids.max / systemd TasksMax; raise the one that is hit.",
		"Check the user's process/thread count against `ulimit -u` and `sysctl kern.maxprocperuid kern.num_taskthreads`; raise the one that is hit.",
		"Check the page file and the commit charge (Task Manager → Performance → Memory, \"Committed\"): every thread commits its stack; enlarge the page file or lower -Xss.",
		"Check the OS's per-user process and thread limits; raise the one that is hit.")
}

var arenaRe = regexp.MustCompile(`Chunk|Arena|ChunkPool`)

// OOMCompilerArena: the JIT compiler's arena could not grow.
var OOMCompilerArena = oomRule("native-oom-compiler-arena", "arena/Chunk allocation failed on a compiler thread", func(p *Pass, o *OOM) []Finding {
	th := Get[*ThreadKind](p, ThreadFact)
	if th.Kind != ThreadCompiler || !arenaRe.MatchString(o.Purpose+o.Line.Text) {
		return nil
	}
	ev := o.evidence()
	ev.Add(th.Line)
	ev.Add(p.Log.Thread.CompileTask...)
	conf := 0.6
	why := []string{fmt.Sprintf("The failed allocation is an arena chunk%s, requested by the %s compiler thread (line %d): the JIT's scratch memory for one compilation.", purpose(o), orDash(string(th.Compiler)), th.Line.N)}
	if o.Bytes >= 32<<20 {
		conf = 0.85
		why = append(why, fmt.Sprintf("A single %s chunk means one compilation's node graph blew up.", gib(o.Bytes)))
	} else {
		// a small chunk says nothing about the compilation: the thread
		// that happened to allocate when memory ran out is a bystander
		conf = 0.45
		why = append(why, "The chunk is small, so the host may simply have been short of memory at that moment; the compiler was the thread that noticed.")
	}
	method := compileTaskMethod(p.Log)
	rem := []string{"Upgrade to the latest update of this JDK line (compiler memory blow-ups are JIT bugs fixed in updates)."}
	if method != "" {
		why = append(why, "The method being compiled: "+method+".")
		rem = append(rem, "Exclude that method from compilation: -XX:CompileCommand=exclude,"+method)
	}
	rem = append(rem, "On JDK 22+ (and updates that backport it) cap compiler memory: -XX:CompileCommand=MemLimit,*.*,1g")
	return []Finding{{Role: RootCause, Confidence: conf,
		Summary:     "The JIT compiler ran out of native memory while compiling one method.",
		Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(), Remedy: rem}}
})

// OOMWindowsCommit: Windows has no overcommit; the commit charge (RAM +
// page file) was exhausted.
var OOMWindowsCommit = oomRule("native-oom-windows-commit", "native OOM on Windows (commit limit = RAM + page file) or a 32-bit VM", func(p *Pass, o *OOM) []Finding {
	l := p.Log
	is32 := l.CPU() == model.ArchX86 || strings.HasSuffix(l.Header.Version.Platform, "-x86")
	if l.OS() != "windows" && !is32 {
		return nil
	}
	ev := o.evidence()
	conf := 0.7
	why := []string{"The JVM could not commit " + o.request() + purpose(o) + "."}
	if l.OS() == "windows" {
		why = append(why, "Windows does not overcommit: every commit is charged against RAM plus the page file, and the charge was full.")
		if o.HasMemLine {
			ev.Add(o.MemLine)
			if o.SwapTotal > 0 && o.SwapFree < o.SwapTotal/100 {
				conf = 0.85
				why = append(why, fmt.Sprintf("The Memory line (line %d) shows %s of page file/commit free.", o.MemLine.N, gib(o.SwapFree)))
			}
		}
	}
	if is32 {
		why = append(why, "This is a 32-bit VM: heap, code cache, thread stacks and DLLs share 2–4 GB of address space.")
	}
	return []Finding{{Role: RootCause, Confidence: conf,
		Summary:     "The Windows commit limit (RAM + page file) or the 32-bit address space was exhausted.",
		Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
		Remedy: []string{"Enlarge the page file (or let Windows manage it) and/or lower -Xmx.",
			"Reduce other commit consumers on the host; count threads (each reserves -Xss).",
			"On a 32-bit JVM: move to a 64-bit JDK."}}}
})

// OOMHeapBase: with zero-based/unscaled compressed oops the Java heap sits
// low and blocks the native heap, while the host has memory to spare.
var OOMHeapBase = oomRule("native-oom-compressed-oops-heap-base", "small native request failing with a low-placed compressed-oops heap while memory is free", func(p *Pass, o *OOM) []Finding {
	l := p.Log
	m := Get[*Mem](p, MemFact)
	mode := l.Process.CompressedOops
	reason, hasReason := headerMatch(l, "Compressed Oops mode in which the Java heap is")
	if h := l.Header.OOM; h != nil && h.OopsMode != "" {
		// The parser read HotSpot's own reason block: the mode it names is
		// the one the heap was placed with.
		reason, hasReason = h.OopsLine, true
		if mode == "" {
			mode = h.OopsMode
		}
	}
	low := hasReason || strings.Contains(mode, "Zero") || strings.Contains(mode, "32-bit") || strings.Contains(mode, "Unscaled")
	if !low || (o.Bytes != 0 && o.Bytes > 64<<20) || l.OS() == "windows" || commitsReserved(l) {
		return nil
	}
	ev := o.evidence()
	ev.Add(reason, l.Process.HeapAddress)
	conf := 0.55
	why := []string{"The failed request is small (" + o.request() + ") and the Java heap is placed low for compressed oops" + modeText(mode) + ": the native heap (brk/malloc) grows upward and cannot pass the Java heap's base."}
	if avail, ok := m.Get("MemAvailable"); ok && avail > 1<<30 {
		conf = 0.65
		ev.Add(m.Line("MemAvailable"))
		why = append(why, fmt.Sprintf("The host still had %s available (line %d), so memory itself was not exhausted.", gib(avail), m.Line("MemAvailable").N))
	} else if o.HasMemLine && o.PhysFree > 1<<30 {
		conf = 0.65
		ev.Add(o.MemLine)
		why = append(why, fmt.Sprintf("The host still had %s of free physical memory (line %d).", gib(o.PhysFree), o.MemLine.N))
	}
	return []Finding{{Role: RootCause, Confidence: conf,
		Summary:     "The low-placed Java heap (compressed oops) blocks native heap growth.",
		Explanation: strings.Join(why, "\n"), Evidence: ev.Lines(),
		Remedy: []string{"Place the heap higher: -XX:HeapBaseMinAddress=32g (or any address above the native heap's reach).",
			"Or turn compressed oops off (-XX:-UseCompressedOops), at the cost of a larger heap footprint."}}}
})

// commitsReserved: the failed step is an mmap ("(mmap) failed to map N
// bytes for committing reserved memory", Solaris' "Out of swap space to map
// in thread stack"): a mapping, which the Java heap's base cannot block. Only the
// native heap (malloc/brk) grows into the Java heap.
func commitsReserved(l *model.Log) bool {
	h := l.Header.OOM
	if h == nil {
		return false
	}
	return h.Allocator == "mmap" || strings.Contains(h.Line.Text, "committing reserved memory") ||
		(h.Allocator == "" && strings.Contains(h.Line.Text, " map")) // "Out of swap space to map in thread stack"
}

// OOMMaxMapCount: the process reached vm.max_map_count.
var OOMMaxMapCount = oomRule("native-oom-max-map-count", "mapping count at vm.max_map_count", func(p *Pass, o *OOM) []Finding {
	l := p.Log
	var limit uint64
	var line model.Line
	for _, kv := range l.System.ProcSys {
		if strings.Contains(kv.Key, "max_map_count") {
			limit, _ = strconv.ParseUint(strings.Fields(kv.Value + " 0")[0], 10, 64)
			line = p.KVLine(kv)
		}
	}
	n := uint64(l.Process.TotalMappings)
	if n == 0 {
		n = uint64(len(l.Process.Libraries) + l.Process.LibrariesDropped)
	}
	hint, hasHint := headerMatch(l, "maximum number of memory mappings")
	if !hasHint && (limit == 0 || n < limit*95/100) {
		return nil
	}
	ev := o.evidence()
	ev.Add(line, hint)
	return []Finding{{Role: RootCause, Confidence: 0.85,
		Summary:     "The process hit vm.max_map_count: mmap/mprotect fail with ENOMEM although memory is free.",
		Explanation: fmt.Sprintf("The process has %d memory mappings against a limit of %d (vm.max_map_count). Each thread costs at least two mappings, mmapped files one each.", n, limit),
		Evidence:    ev.Lines(),
		Remedy: []string{"sysctl -w vm.max_map_count=262144 (persist in /etc/sysctl.d); size it for threads×2 + mapped files.",
			"Fix thread or mapped-file leaks."}}}
})

func purpose(o *OOM) string {
	if o.Purpose == "" {
		return ""
	}
	return " for " + strings.TrimSuffix(o.Purpose, ".")
}

func modeText(mode string) string {
	if mode == "" {
		return ""
	}
	return " (Compressed Oops mode: " + mode + ")"
}

var compileTaskRe = regexp.MustCompile(`([\w$.]+::[\w$<>]+)`)

// compileTaskMethod extracts Class::method from the Current CompileTask.
func compileTaskMethod(l *model.Log) string {
	for _, ct := range l.Thread.CompileTask {
		if m := compileTaskRe.FindString(ct.Text); m != "" {
			return m
		}
	}
	return ""
}
