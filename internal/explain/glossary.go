package explain

import "strings"

// glossary explains, in plain words for an application developer who has
// never read an hs_err log, the terms hserr's answers use. A term is
// matched as written (case matters: "JNI" is a term, "jni" in a class id
// is not).
var glossary = []struct{ term, meaning string }{
	{"SIGSEGV", "the signal the OS sends when a program touches memory it may not (a segmentation fault)"},
	{"SIGBUS", "the signal for a memory access the hardware cannot complete, e.g. a page of a mapped file that no longer exists"},
	{"SIGILL", "the signal for an instruction the CPU does not know or may not run"},
	{"SIGFPE", "the signal for an arithmetic fault, usually an integer division by zero"},
	{"SEGV_MAPERR", "nothing is mapped at the address that was touched"},
	{"SEGV_ACCERR", "something is mapped there, but not with the needed permission (e.g. a write to read-only memory)"},
	{"EXCEPTION_ACCESS_VIOLATION", "Windows' name for a bad memory access (the SIGSEGV of Windows)"},
	{"si_addr", "the memory address the faulting access tried to use, as the OS reports it"},
	{"near-null", "an address just above 0: a field read or written through a NULL pointer"},
	{"_thread_in_native", "the thread was running native (C/C++) code called from Java"},
	{"_thread_in_Java", "the thread was running Java code (interpreted or compiled)"},
	{"_thread_in_vm", "the thread was inside the JVM's own code"},
	{"JNI", "the Java Native Interface: how Java calls C/C++ libraries and they call back"},
	{"JNA", "Java Native Access: a library that calls C functions from Java without JNI glue code"},
	{"libffi", "the library JNA uses to build calls and callbacks at run time"},
	{"FFM", "the Foreign Function & Memory API (java.lang.foreign), Java's built-in way to call native code"},
	{"SysV", "the System V calling convention of Linux and macOS: arguments travel in RDI, RSI, RDX, RCX, R8, R9"},
	{"ABI", "the calling convention: which registers carry a function's arguments"},
	{"RDI", "the x86-64 register that carries a function's first argument on Linux and macOS"},
	{"nmethod", "a method the JIT compiler has turned into machine code"},
	{"C2", "HotSpot's optimising JIT compiler (the \"server\" compiler)"},
	{"C1", "HotSpot's quick JIT compiler (the \"client\" compiler)"},
	{"JIT", "just-in-time compilation: the JVM turning hot Java methods into machine code"},
	{"safepoint", "a moment when all Java threads are paused so the JVM can do work such as GC"},
	{"MAP_FAILED", "the value (-1) mmap returns when it fails; using it as a pointer crashes at 0xffffffffffffffff"},
	{"mmap", "the system call that maps files or fresh memory into a process"},
	{"errno", "the error code a failed system call leaves behind"},
	{"JVMTI", "the JVM Tool Interface that profilers, debuggers and agents plug into"},
	{"code cache", "the memory where the JVM keeps compiled code"},
	{"guard page", "a page the JVM leaves inaccessible at a stack's end to detect overflow"},
	{"boundary", "where hserr started decoding the machine code before the crash: a symbol, a method start, or a scan"},
	{"CompileCommand", "a JVM option to steer the JIT, e.g. exclude one method from compilation"},
}

// glossaryFor lists the terms text uses, in the order of the table.
func glossaryFor(text string) []string {
	var out []string
	for _, g := range glossary {
		if containsWord(text, g.term) {
			out = append(out, g.term+": "+g.meaning)
		}
	}
	return out
}

// containsWord reports whether term occurs in text not inside a longer
// word (so "C2" is not found in "0xC2F").
func containsWord(text, term string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], term)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(term)
		if !wordByte(text, start-1) && !wordByte(text, end) {
			return true
		}
		i = start + 1
	}
}

func wordByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
