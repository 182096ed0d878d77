package rules

// All is the rule base in evaluation order (order only breaks ties).
func All() []*Rule {
	return []*Rule{
		// Seeds and sentinel addresses first: they are the most specific.
		JNAClosure, MmapFailed, ExternalSignal, NotHotSpot, CrashOnOOME,
		// Native OOM family.
		OOMMaxMapCount, OOMThreads, OOMCompilerArena, OOMOvercommit, OOMWindowsCommit, OOMHeapBase, OOMPhysical,
		// JVM internals.
		JITC2, JITC1, Assert, GCCrash, VMOperation, SigillGenerated, CompiledCode,
		// Native code and memory access.
		DeliberateTrap, SigillCPU, NativeDiv, StackOverflowNative, Hsperfdata, SigbusMapped, UnsafeOffheap,
		JNIMisuse, BadBufferCopy, HeapCorruption, Profiler, FontTemp, LibraryClass, JNINullDeref, Hardware,
		// Factors and log quality.
		HandlerOverridden, THP, AgentPresent, Truncated,
	}
}
