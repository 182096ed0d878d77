package rules

// Rows for the JVMTI event rule and agent libraries named for an agent.

const (
	cmlTop   = "V  [libjvm.so+0x789486]  JvmtiExport::post_compiled_method_load(nmethod*)+0x236"
	agentTop = "C  [libagent.so+0x41c2e]  Sampler::stopEvents()+0x5a"
)

var _ = cases(
	rcase{name: "the VM posting CompiledMethodLoad", rule: JVMTIEvent, fire: true, min: 0.6,
		log:  hs{Frame: cmlTop, Frames: []string{cmlTop, "V  [libjvm.so+0x5a1b2c]  nmethod::post_compiled_method_load_event(JvmtiThreadState*)+0x40"}}.log(),
		want: []string{"JvmtiExport::post_compiled_method_load", "agent"}},
	rcase{name: "a heap walk for an agent with -agentpath", rule: JVMTIEvent, fire: true, min: 0.7,
		log: hs{Frame: "V  [libjvm.so+0x9a1b2c]  JvmtiTagMap::iterate_over_heap(jvmtiHeapObjectFilter, Klass*, jvmtiHeapObjectCallback, void const*)+0x40",
			Process: []string{"VM Arguments:", "jvm_args: -agentpath:/opt/prof/libprof.so -Xmx1g"}}.log(),
		want: []string{"-agentpath:/opt/prof/libprof.so"}},
	rcase{name: "the class-file load hook is redefinition's, not an event crash", rule: JVMTIEvent,
		log: hs{Frame: "V  [libjvm.so+0x789486]  JvmtiExport::post_class_file_load_hook(Symbol*, Handle, unsigned char**, unsigned char**, JvmtiCachedClassFileData**)+0x36"}.log()},
	rcase{name: "JVMTI event code deep in the stack, under a GC crash, is not the crash", rule: JVMTIEvent,
		log: hs{Frame: g1Top, Frames: []string{g1Top, "V  [libjvm.so+0x7f3e10]  G1ParScanThreadState::trim_queue()+0x6c0", "V  [libjvm.so+0x7b2a41]  G1ParEvacuateFollowersClosure::do_void()+0x151", cmlTop}}.log()},

	rcase{name: "a library merely named libagent.so on top is a candidate, not a verdict", rule: LibraryClass, class: "jvmti-agent-or-profiler",
		log: hs{Frame: agentTop, Frames: []string{agentTop}}.log()},
	rcase{name: "libagent.so on top, loaded by -agentpath", rule: AgentLibCrash, fire: true,
		log:  hs{Frame: agentTop, Frames: []string{agentTop}, Process: []string{"VM Arguments:", "jvm_args: -agentpath:/opt/perf/libagent.so=start -Xmx2g", "java_command: Main"}}.log(),
		want: []string{"-agentpath:/opt/perf/libagent.so"}},
	rcase{name: "a raw monitor exit serves an agent's JVMTI call; it posts no event", rule: JVMTIEvent, fire: true,
		log:  hs{Frame: "V  [libjvm.so+0x9c41d2]  JvmtiRawMonitor::raw_exit(Thread*)+0x22", Frames: []string{"V  [libjvm.so+0x9c41d2]  JvmtiRawMonitor::raw_exit(Thread*)+0x22", "V  [libjvm.so+0x9b7e30]  jvmti_RawMonitorExit+0x70"}}.log(),
		want: []string{"serves an agent's JVMTI call"}},
	rcase{name: "the JDK's own libmanagement_agent is not a third-party agent", rule: LibraryClass, class: "jvmti-agent-or-profiler",
		log: hs{Frame: "C  [libmanagement_agent.so+0x1234]", Frames: []string{"C  [libmanagement_agent.so+0x1234]"}}.log()},
)

// LWJGL/GLFW are bindings, not a GPU driver.
const lwjglTop = "C  [lwjgl_opengl.dll+0x1a3f2]"

var _ = cases(
	rcase{name: "lwjgl_opengl.dll on top is the bindings' crash, not a driver's", rule: LibraryClass, class: "gpu-opengl-driver",
		log: hs{Platform: "windows-amd64", Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x00007ffb12345678, pid=100, tid=101", Siginfo: winAV, Frame: lwjglTop, Frames: []string{lwjglTop}}.log()},
	rcase{name: "lwjgl_opengl.dll on top is a named third-party library", rule: ThirdPartyNative, fire: true,
		log:  hs{Platform: "windows-amd64", Err: "EXCEPTION_ACCESS_VIOLATION (0xc0000005) at pc=0x00007ffb12345678, pid=100, tid=101", Siginfo: winAV, Frame: lwjglTop, Frames: []string{lwjglTop}}.log(),
		want: []string{"lwjgl_opengl.dll"}},
)

const unparkTop = "V  [libjvm.so+0xc4a1b2]  os::PlatformEvent::unpark()+0x12"

var _ = cases(
	rcase{name: "a raw monitor released for the debugger agent", rule: JVMTIEvent, fire: true, min: 0.6,
		log:  hs{Frame: unparkTop, Frames: []string{unparkTop, "V  [libjvm.so+0x9b1c2d]  JvmtiRawMonitor::raw_exit(Thread*)+0x40", "C  [libjdwp.so+0x1a2b3]  debugMonitorExit+0x1f"}}.log(),
		want: []string{"JvmtiRawMonitor::raw_exit"}},
	rcase{name: "the same unpark under a Java monitor exit is not JVMTI", rule: JVMTIEvent,
		log: hs{Frame: unparkTop, Frames: []string{unparkTop, "V  [libjvm.so+0x9b1c2d]  ObjectMonitor::exit(bool, JavaThread*)+0x40"}}.log()},
)
