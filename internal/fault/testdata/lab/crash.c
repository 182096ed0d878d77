/* Small JNI library whose functions crash the JVM in known ways, so the
 * fault analysis can be checked against real hs_err logs. The helpers are
 * noipa so gcc keeps them as real calls with their arguments in the ABI's
 * registers, like the libffi/JNA case of the first seed. */
#include <jni.h>
#include <stdint.h>
#include <sys/mman.h>

/* prepare is called before each store so that the storing functions open
 * a frame (push rbp; mov rbp, rsp) before they store, and HotSpot's
 * frame-pointer walk finds their caller. The pointer argument then lives
 * in a callee-saved register across the call: a copy of RDI. */
__attribute__((noipa)) void prepare(void) {}

/* store_through writes through its first argument. */
__attribute__((noipa)) void store_through(int *p, int v) { prepare(); *p = v; }

/* fill writes the first byte of a buffer. */
__attribute__((noipa)) void fill(char *p, char v) { prepare(); p[0] = v; }

/* divide divides by its second argument. */
__attribute__((noipa)) int divide(int a, int b) { return a / b; }

/* trap_here is a deliberate trap (ud2 on x86, brk on aarch64). */
__attribute__((noipa)) void trap_here(void) { __builtin_trap(); }

JNIEXPORT void JNICALL Java_Crash_store(JNIEnv *env, jclass c, jlong addr, jint v) {
    store_through((int *)(intptr_t)addr, v);
}

/* mapFailed uses mmap's result unchecked: mmap of fd -1 fails with
 * MAP_FAILED, (void *)-1. */
JNIEXPORT void JNICALL Java_Crash_mapFailed(JNIEnv *env, jclass c) {
    char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, -1, 0);
    fill(p, 1);
}

JNIEXPORT jint JNICALL Java_Crash_divide(JNIEnv *env, jclass c, jint a, jint b) {
    return divide(a, b);
}

JNIEXPORT void JNICALL Java_Crash_trap(JNIEnv *env, jclass c) { trap_here(); }
