package rules

import "fmt"

// Rows for the native out-of-memory family and start-up failures.

// oomHdr is the header of an insufficient-memory report.
func oomHdr(alloc string, bytes uint64, purpose string) (string, []string) {
	verb := map[string]string{"mmap": "failed to map", "malloc": "failed to allocate", "mprotect": "failed to protect"}[alloc]
	return "# There is insufficient memory for the Java Runtime Environment to continue.",
		[]string{fmt.Sprintf("# Native memory allocation (%s) %s %d bytes for %s", alloc, verb, bytes, purpose),
			"# Possible reasons:", "#   The system is out of physical RAM or swap space",
			"#  Out of Memory Error (os_linux.cpp:2749), pid=100, tid=101"}
}

func oomLog(alloc string, bytes uint64, purpose string, h hs) hs {
	h.Err, h.Header = oomHdr(alloc, bytes, purpose)
	if h.Siginfo == "" {
		h.Siginfo = " "
	}
	return h
}

func meminfo(kv ...string) []string {
	out := []string{"/proc/meminfo:"}
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, fmt.Sprintf("%-16s%s kB", kv[i]+":", kv[i+1]))
	}
	return append(out, "")
}

var _ = cases(
	rcase{name: "8 GiB commit with 1 GiB available", rule: OOMPhysical, fire: true, min: 0.8,
		log: oomLog("mmap", 8<<30, "committing reserved memory.", hs{System: meminfo("MemTotal", "16000000", "MemAvailable", "1000000", "SwapFree", "0")}).log(), want: []string{"-Xmx"}},
	rcase{name: "a SIGSEGV report is no OOM", rule: OOMPhysical, log: hs{System: meminfo("MemTotal", "16000000", "MemAvailable", "1000")}.log()},

	rcase{name: "strict overcommit refuses while RAM is free", rule: OOMOvercommit, fire: true, min: 0.7,
		log: oomLog("mmap", 16<<30, "committing reserved memory.", hs{System: meminfo("MemTotal", "65000000", "MemAvailable", "30000000", "CommitLimit", "40000000", "Committed_AS", "39000000")}).log(), want: []string{"overcommit"}},
	rcase{name: "Committed_AS above CommitLimit: the limit is not enforced", rule: OOMOvercommit,
		log: oomLog("mmap", 16<<30, "committing reserved memory.", hs{System: meminfo("MemTotal", "65000000", "MemAvailable", "1000000", "CommitLimit", "40000000", "Committed_AS", "90000000")}).log()},

	rcase{name: "Cannot create GC thread", rule: OOMThreads, fire: true, min: 0.8,
		log: hs{Err: "# Cannot create GC thread. Out of system resources.", Siginfo: " ", System: []string{"rlimit: STACK 8192k, CORE 0k, NPROC 4096, NOFILE 655360, AS infinity"}}.log(), want: []string{"NPROC 4096"}},
	rcase{name: "a heap commit failure is not a thread limit", rule: OOMThreads, log: oomLog("mmap", 8<<30, "committing reserved memory.", hs{}).log()},

	rcase{name: "huge arena chunk on the C2 thread", rule: OOMCompilerArena, fire: true, min: 0.85,
		log: oomLog("malloc", 536870920, "Chunk::new", hs{Thread: c2Thread, More: compileTask}).log(), want: []string{"MemLimit"}},
	rcase{name: "arena chunk on a Java thread", rule: OOMCompilerArena, log: oomLog("malloc", 536870920, "Chunk::new", hs{}).log()},

	rcase{name: "Windows page file exhausted", rule: OOMWindowsCommit, fire: true, min: 0.7,
		log: oomLog("mmap", 8<<30, "G1 virtual space", hs{Platform: "windows-amd64"}).log(), want: []string{"page file"}},
	rcase{name: "the same failure on Linux", rule: OOMWindowsCommit, log: oomLog("mmap", 8<<30, "G1 virtual space", hs{}).log()},

	rcase{name: "small malloc under an unscaled heap while memory is free", rule: OOMHeapBase, fire: true, min: 0.6,
		log: hs{Err: "# There is insufficient memory for the Java Runtime Environment to continue.", Siginfo: " ",
			Header: heapBaseHeader("# Native memory allocation (malloc) failed to allocate 32744 bytes for ChunkPool::allocate"),
			System: meminfo("MemTotal", "16000000", "MemAvailable", "9000000")}.log(), want: []string{"HeapBaseMinAddress"}},
	rcase{name: "a small commit of reserved memory is an mmap, which the heap base cannot block", rule: OOMHeapBase,
		log: hs{Err: "# There is insufficient memory for the Java Runtime Environment to continue.", Siginfo: " ",
			Header: heapBaseHeader("# Native memory allocation (mmap) failed to map 12288 bytes for committing reserved memory."),
			System: meminfo("MemTotal", "16000000", "MemAvailable", "9000000")}.log()},
	rcase{name: "a large heap commit is not blocked by the heap base", rule: OOMHeapBase,
		log: oomLog("mmap", 8<<30, "committing reserved memory.", hs{System: meminfo("MemTotal", "16000000", "MemAvailable", "9000000")}).log()},

	rcase{name: "mapping count at max_map_count", rule: OOMMaxMapCount, fire: true, min: 0.85,
		log: oomLog("mmap", 16384, "committing reserved memory.", hs{System: []string{"/proc/sys/vm/max_map_count (maximum number of memory map areas a process may have): 60"}, Process: unmappedMap()}).log(), want: []string{"max_map_count"}},
	rcase{name: "few mappings against a high limit", rule: OOMMaxMapCount,
		log: oomLog("mmap", 16384, "committing reserved memory.", hs{System: []string{"/proc/sys/vm/max_map_count (maximum number of memory map areas a process may have): 65530"}, Process: unmappedMap()}).log()},

	rcase{name: "heap reservation under ulimit -v", rule: VMReserve, fire: true, min: 0.85,
		log:  oomLog("mmap", 1<<30, "committing reserved memory.", hs{System: []string{"rlimit (soft/hard): STACK 8192k/infinity , CORE 0k/infinity , NPROC 62502/62502 , NOFILE 1048576/1048576 , AS 2097152k/infinity , CPU infinity/infinity"}}).log(),
		want: []string{"AS 2097152k", "ulimit -v"}},
	rcase{name: "the same failure without an address-space limit", rule: VMReserve,
		log: oomLog("mmap", 1<<30, "committing reserved memory.", hs{System: []string{"rlimit (soft/hard): STACK 8192k/infinity , CORE 0k/infinity , NPROC 62502/62502 , NOFILE 1048576/1048576 , AS infinity/infinity , CPU infinity/infinity"}}).log()},

	rcase{name: "GC thread creation fails at start-up in a glibc 2.35 container", rule: PthreadEPERM, fire: true, min: 0.8,
		log: hs{Err: "# Cannot create worker GC thread. Out of system resources.", Siginfo: " ",
			Process: []string{"Java Threads: ( => current thread )", `=>0x00007f0000010000 JavaThread "main" [_thread_in_vm, id=7, stack(0x00007f0000100000,0x00007f0000200000)]`, "Total: 1"},
			System:  []string{"libc: glibc 2.35 NPTL 2.35", "", "container (cgroup) information:", "container_type: cgroupv2", "active_processor_count: 4", "memory_limit_in_bytes: unlimited"}}.log(),
		want: []string{"clone3", "seccomp"}},
	rcase{name: "the same failure on glibc 2.17 (RHEL 7) is a thread limit", rule: PthreadEPERM,
		log: hs{Err: "# Cannot create worker GC thread. Out of system resources.", Siginfo: " ",
			System: []string{"libc: glibc 2.17 NPTL 2.17", "", "container (cgroup) information:", "container_type: cgroupv1", "active_processor_count: 4"}}.log()},
)

// Review round 2, finding 10: CommitLimit equal to MemTotal reads as strict
// accounting only with Committed_AS within 5% of it.
var _ = cases(
	rcase{name: "CommitLimit = MemTotal, Committed_AS at 97% of it", rule: OOMOvercommit, fire: true, min: 0.6,
		log:  oomLog("mmap", 64<<20, "committing reserved memory.", hs{System: meminfo("MemTotal", "32000000", "MemAvailable", "9000000", "CommitLimit", "32000000", "Committed_AS", "31040000")}).log(),
		want: []string{"overcommit_ratio=100"}},
	rcase{name: "CommitLimit = MemTotal, Committed_AS at 92% of it: no sign of the limit", rule: OOMOvercommit,
		log: oomLog("mmap", 64<<20, "committing reserved memory.", hs{System: meminfo("MemTotal", "32000000", "MemAvailable", "9000000", "CommitLimit", "32000000", "Committed_AS", "29440000")}).log()},
)

// heapBaseHeader is a native-OOM header whose hints name the unscaled
// compressed-oops heap base, after the allocation line given.
func heapBaseHeader(alloc string) []string {
	return []string{alloc, "# Possible reasons:",
		"#   The process is running with CompressedOops enabled, and the Java Heap may be blocking the growth of the native heap",
		"# Possible solutions:",
		"#   JVM is running with Unscaled Compressed Oops mode in which the Java heap is",
		"#     placed in the first 4GB address space. The Java Heap base address is the",
		"#     maximum limit for the native heap growth. Please use -XX:HeapBaseMinAddress",
		"#     to set the Java Heap base and to place the Java Heap above 4GB virtual address.",
		"#  Out of Memory Error (os_linux.cpp:2749), pid=100, tid=101"}
}
