package rules

// All is the rule base in evaluation order (order only breaks ties).
func All() []*Rule { return append([]*Rule(nil), all...) }

// VerdictRules are the rules that can give a root cause, in All's order:
// the FindingOnly ones report context and cannot change the verdict, so a
// caller that keeps only the verdict (triage) need not run them.
func VerdictRules() []*Rule { return verdictRules }

var verdictRules = func() []*Rule {
	var out []*Rule
	for _, r := range all {
		if !r.FindingOnly {
			out = append(out, r)
		}
	}
	return out
}()

var all = registered()

func registered() []*Rule {
	return []*Rule{
		// Seeds and sentinel addresses first: they are the most specific.
		JNAClosure, MmapFailed, ExternalSignal, NotHotSpot, CrashOnOOME, Emulation, MuslMismatch,
		// Native OOM family and start-up resource failures.
		VMReserve, PthreadEPERM, OOMMaxMapCount, OOMThreads, OOMCompilerArena, OOMOvercommit, OOMWindowsCommit, OOMHeapBase, OOMPhysical,
		// JVM internals.
		JITC2, C2Halt, JITC1, Assert, NUMA, AgentInstrumentation, GCCrash, VMOperation, NoVerify, SigillGenerated, CompiledCode,
		// Native code, stacks and memory access.
		SignalForwarded, ABITooNew, DeliberateTrap, SigillCPU, NativeDiv, JavaRecursion, ExecStack, GuardGap32, StackOverflowNative,
		Hsperfdata, CDS, InPageError, SigbusMapped, UnmapUse, UnsafeOffheap,
		AgentLibCrash, JVMTIEvent, CrashAtExit, VersionMismatch, JNIMisuse, BadBufferCopy, HeapCorruption, Profiler, FontTemp,
		GTKWayland, AppKit, MacPlatform, InjectedDLL, LibraryClass, JNINullDeref, JNIHandleUAF, Hardware,
		// The generic native-library class: every specific one above outranks it.
		ThirdPartyNative,
		// Secondary findings and log quality: never the verdict on their own.
		HandlerOverridden, THP, AgentsPresent, JDKOutdated, ContainerLimits, Truncated,
	}
}
