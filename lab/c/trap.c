/* A deliberate trap: __builtin_trap() emits ud2 on x86-64 (brk on
   aarch64), as assert-like "cannot happen" paths do. SIGILL, but not a
   missing CPU feature. */
#include "lab.h"

NOINLINE int lab_check_state(int state) {
    if (state != 1)
        __builtin_trap();
    return state;
}

JNIEXPORT jint JNICALL Java_lab_Native_checkState(JNIEnv *env, jclass c, jint state) {
    return lab_check_state(state);
}
