package rules

// Rows for native-OOM readings that must not overreach: plenty of memory
// free, a small compiler chunk, Solaris swap reservation, a commit charge
// at its limit.

var _ = cases(
	rcase{name: "a small commit failing with 9 of 16 GB available is no RAM exhaustion", rule: OOMPhysical,
		log: oomLog("mmap", 450560, "committing reserved memory.", hs{System: meminfo("MemTotal", "16000000", "MemAvailable", "9000000")}).log()},
	rcase{name: "a small commit failing with 0.1 of 16 GB available is", rule: OOMPhysical, fire: true, min: 0.75,
		log: oomLog("mmap", 450560, "committing reserved memory.", hs{System: meminfo("MemTotal", "16000000", "MemAvailable", "100000")}).log()},
	rcase{name: "Solaris out of swap space to map a thread stack, RAM free", rule: OOMPhysical, fire: true, min: 0.6,
		log: hs{Platform: "solaris-sparcv9", Err: "# There is insufficient memory for the Java Runtime Environment to continue.", Siginfo: " ",
			Header: []string{"# Out of swap space to map in thread stack.", "#  Out of Memory Error (os_solaris_sparc.cpp:570), pid=100, tid=101"},
			System: []string{"Memory: 8k page, physical 66584576k(31830072k free)"}}.log(), want: []string{"reserves swap"}},

	rcase{name: "Committed_AS at CommitLimit when a GC thread cannot start", rule: OOMOvercommit, fire: true, min: 0.85,
		log: hs{Err: "# There is insufficient memory for the Java Runtime Environment to continue.", Siginfo: " ",
			Header: []string{"# Cannot create GC thread. Out of system resources.", "#  Out of Memory Error (workgroup.cpp:99), pid=100, tid=101"},
			System: meminfo("MemTotal", "14183432", "MemAvailable", "4812740", "CommitLimit", "13329920", "Committed_AS", "13301540")}.log(),
		want: []string{"at CommitLimit"}},
	rcase{name: "Committed_AS far under CommitLimit is not the limit", rule: OOMOvercommit,
		log: hs{Err: "# There is insufficient memory for the Java Runtime Environment to continue.", Siginfo: " ",
			Header: []string{"# Cannot create GC thread. Out of system resources.", "#  Out of Memory Error (workgroup.cpp:99), pid=100, tid=101"},
			System: meminfo("MemTotal", "14183432", "MemAvailable", "4812740", "CommitLimit", "13329920", "Committed_AS", "9301540")}.log()},

	rcase{name: "a 32 KiB arena chunk on a compiler thread is a bystander's request", rule: OOMCompilerArena,
		log: oomLog("malloc", 32744, "ChunkPool::allocate", hs{Thread: c2Thread}).log()},
)

var _ = cases(
	rcase{name: "a 720 MB commit refused, no memory figures: RAM is the usual cause", rule: OOMPhysical, fire: true, min: 0.5,
		log: oomLog("mmap", 754974720, "committing reserved memory.", hs{}).log()},
	rcase{name: "a 12 KiB commit refused, no memory figures: a candidate only", rule: OOMPhysical,
		log: oomLog("mmap", 12288, "committing reserved memory.", hs{}).log()},
)
