package explain

// The labelled table's second half: logs that are not in the shared
// corpus, each with the class that really caused it. testdata/README.md
// says where each comes from. Lab labels are what the lab program did
// (ground truth), not what hserr says.
var fixtureLabels = []struct {
	file, class, why string
}{
	{"seed-000-jna-elasticsearch.log", "jna-libffi-closure-alloc", "seed 000: Elasticsearch/JNA ffi_prep_closure_loc+0x1a, RDI=0 (JDK 7 excerpt)"},
	{"seed-004-memfd-secret.log", "unchecked-mmap-failed", "seed 004: memfd_secret -1 → mmap MAP_FAILED → MemorySegment.copyFrom at 0xffffffffffffffff"},
	{"lab/crash-at-exit.log.gz", "crash-at-exit", "library destructor writes through a released registry during System.exit"},
	{"lab/crash-on-oome.log.gz", "crash-on-oome", "16 MB heap filled with -XX:+CrashOnOutOfMemoryError"},
	{"lab/external-kill-segv.log.gz", "external-signal", "SIGSEGV sent with kill"},
	{"lab/ffm-segment-minus-one.log.gz", "unchecked-mmap-failed", "FFM segment at address -1"},
	{"lab/gc-heap-corruption.log.gz", "gc-crash-heap-corruption", "Unsafe writes a bogus reference; Parallel GC follows it"},
	{"lab/jna-callback-near-null.log.gz", "jni-null-deref", "JNA callback given pointer 0x8"},
	{"lab/jna-direct-null.log.gz", "jni-null-deref", "JNA direct mapping passes NULL"},
	{"lab/jni-misuse-null-array.log.gz", "jni-misuse", "JNI call with a NULL array"},
	{"lab/jni-near-null-field.log.gz", "jni-null-deref", "field read through a NULL struct pointer"},
	{"lab/jni-null-arg-write.log.gz", "jni-null-deref", "write through a NULL argument"},
	{"lab/jvmti-agent-null.log.gz", "jvmti-agent-or-profiler", "-agentpath agent reads a NULL config"},
	{"lab/mmap-failed-minus-one.log.gz", "unchecked-mmap-failed", "native code uses mmap's MAP_FAILED"},
	{"lab/mmap-use-after-unmap.log.gz", "mmap-use-after-unmap", "MappedByteBuffer force-unmapped then read (only DirectByteBuffer.get on the stack)"},
	{"lab/native-memcpy-overread.log.gz", "native-bad-buffer-copy", "memcpy over-read into a PROT_NONE page (libc frame has no symbol)"},
	{"lab/native-trap-ud2.log.gz", "native-deliberate-trap", "__builtin_trap"},
	{"lab/native-use-after-close.log.gz", "jni-handle-use-after-free", "session freed by close() then read through the stale handle"},
	{"lab/sigbus-truncated-mapping.log.gz", "sigbus-mapped-file", "mapped file truncated under the reader"},
	{"lab/sigfpe-native-div.log.gz", "sigfpe-native-div", "integer division by zero"},
	{"lab/sigill-missing-cpu-feature.log.gz", "sigill-cpu-feature", "instruction the CPU lacks"},
	{"lab/signal-handler-overridden.log.gz", "signal-handler-overridden", "library took SIGSEGV and forwards without the context"},
	{"lab/unsafe-freed-c2.log.gz", "unsafe-offheap-misuse", "Unsafe.getLong after freeMemory, C2-compiled"},
	{"lab/unsafe-freed-interpreted.log.gz", "unsafe-offheap-misuse", "Unsafe.getLong after freeMemory, interpreted"},
}
