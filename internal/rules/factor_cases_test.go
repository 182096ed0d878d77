package rules

// Rows for secondary findings (factors, log quality) and hardware.

var _ = cases(
	rcase{name: "SIGSEGV handler replaced by another library", rule: HandlerOverridden, fire: true,
		log: hs{Process: []string{"Signal Handlers:", "SIGSEGV: [libvendor.so+0x1234], sa_mask[0]=00000000000000000000000000000000, sa_flags=SA_RESTART|SA_SIGINFO",
			"  *** Handler was modified!", "  *** Expected: javaSignalHandler in libjvm.so, mask=11100100010111111101111111111110, flags=SA_RESTART|SA_SIGINFO"}}.log(), want: []string{"libjsig"}},
	rcase{name: "HotSpot's own handlers", rule: HandlerOverridden,
		log: hs{Process: []string{"Signal Handlers:", "   SIGSEGV: javaSignalHandler in libjvm.so, mask=11100100010111111101111111111110, flags=SA_RESTART|SA_SIGINFO"}}.log()},

	rcase{name: "THP enabled [always] on a native OOM", rule: THP, fire: true,
		log: oomLog("mmap", 1<<30, "committing reserved memory.", hs{System: []string{"/sys/kernel/mm/transparent_hugepage/enabled: [always] madvise never"}}).log(), want: []string{"madvise"}},
	rcase{name: "THP [always] on a SIGSEGV: a distribution default every healthy JVM shows", rule: THP,
		log: hs{Frame: libTop, Frames: []string{libTop}, System: []string{"/sys/kernel/mm/transparent_hugepage/enabled: [always] madvise never"}}.log()},
	rcase{name: "THP madvise", rule: THP, log: hs{System: []string{"/sys/kernel/mm/transparent_hugepage/enabled: always [madvise] never"}}.log()},

	rcase{name: "-javaagent and JAVA_TOOL_OPTIONS", rule: AgentsPresent, fire: true,
		log:  hs{Process: []string{"VM Arguments:", "jvm_args: -javaagent:/opt/apm/agent.jar -Xmx1g", "java_command: Main", "", "Environment Variables:", "JAVA_TOOL_OPTIONS=-agentpath:/opt/prof/libasyncProfiler.so=start"}}.log(),
		want: []string{"-javaagent:/opt/apm/agent.jar", "libasyncProfiler.so"}},
	rcase{name: "only the JDWP debugger", rule: AgentsPresent,
		log: hs{Process: []string{"VM Arguments:", "jvm_args: -agentlib:jdwp=transport=dt_socket,server=y -Xmx1g"}}.log()},

	rcase{name: "17.0.2 is many updates behind", rule: JDKOutdated, fire: true, min: 0.6, log: hs{JDK: "17.0.2+8"}.log(), want: []string{"17.0.17", "2022-01", "months"}},
	rcase{name: "JDK 8u202 is years behind", rule: JDKOutdated, fire: true, min: 0.6, log: hs{JDK: "1.8.0_202-b08"}.log(), want: []string{"8u471"}},
	rcase{name: "non-LTS JDK 18", rule: JDKOutdated, fire: true, log: hs{JDK: "18+37"}.log(), want: []string{"not a long-term-support line"}},
	rcase{name: "the latest 21 update", rule: JDKOutdated, log: hs{JDK: "21.0.9+10-LTS"}.log()},

	rcase{name: "heap equal to the container limit", rule: ContainerLimits, fire: true, min: 0.7,
		log: oomLog("mmap", 1<<30, "committing reserved memory.", hs{Process: []string{"VM Arguments:", "jvm_args: -Xmx2g"}, System: []string{"container (cgroup) information:", "container_type: cgroupv2", "active_processor_count: 2",
			"cpu_quota: 200000", "cpu_period: 100000", "memory_limit_in_bytes: 2097152 k"}}).log(), want: []string{"2.0 GiB", "100%", "MaxRAMPercentage"}},
	rcase{name: "container limits on a crash that is not about memory: context every containerised JVM prints", rule: ContainerLimits,
		log: hs{Frame: libTop, Frames: []string{libTop}, Process: []string{"VM Arguments:", "jvm_args: -Xmx2g"}, System: []string{"container (cgroup) information:", "container_type: cgroupv2", "active_processor_count: 2",
			"cpu_quota: 200000", "cpu_period: 100000", "memory_limit_in_bytes: 2097152 k"}}.log()},
	rcase{name: "a container without limits", rule: ContainerLimits,
		log: hs{Process: []string{"VM Arguments:", "jvm_args: -Xmx2g"}, System: []string{"container (cgroup) information:", "container_type: cgroupv1", "active_processor_count: 8",
			"cpu_quota: -1", "cpu_period: 100000", "memory_limit_in_bytes: -1"}}.log()},

	rcase{name: "secondary error while reporting", rule: Truncated, fire: true,
		log: hs{Frame: libTop, Frames: []string{libTop, "[error occurred during error reporting (printing native stack), id 0xb, SIGSEGV (0xb) at pc=0x00007f0000001234]"}}.log()},
	rcase{name: "a complete JDK 8 report (no SUMMARY section in that format)", rule: Truncated, log: hs{JDK: "1.8.0_392-b08", Frame: libTop, Frames: []string{libTop}}.log()},

	rcase{name: "an OpenJ9 crash report", rule: NotHotSpot, fire: true, min: 0.9,
		log:  raw("Unhandled exception\nType=Segmentation error vmState=0x00040000\nJ9Generic_Signal_Number=00000018 Signal_Number=0000000b Error_Value=00000000 Signal_Code=00000001\nHandler1=00007F0A1B2C3D40 Handler2=00007F0A1B2C3E50 InaccessibleAddress=0000000000000000\n"),
		want: []string{"OpenJ9"}},
	rcase{name: "a HotSpot report that mentions OpenJ9 in a path", rule: NotHotSpot,
		log: hs{Frame: libTop, Frames: []string{libTop}, Process: []string{"VM Arguments:", "java_command: /opt/openj9-tools/Main"}}.log()},

	rcase{name: "HardwareCorrupted pages in meminfo", rule: Hardware, fire: true, min: 0.7,
		log: hs{Frame: jvmTop, Frames: []string{jvmTop}, System: meminfo("MemTotal", "16000000", "HardwareCorrupted", "4")}.log(), want: []string{"memtest"}},
	rcase{name: "SI_KERNEL alone stays a weak candidate", rule: Hardware,
		log: hs{Thread: gcThread, Frame: jvmTop, Frames: []string{jvmTop}, Siginfo: si(11, "SIGSEGV", "SI_KERNEL", 0)}.log()},
)
