/* Deep native recursion with large frames runs a thread's stack into its
   guard zone; the JVM cannot throw StackOverflowError in native code. */
#include "lab.h"
#include <string.h>

NOINLINE long lab_walk(int depth, const char *seed) {
    char frame[4096];
    memcpy(frame, seed, 16);
    frame[depth & 4095] ^= (char)depth;
    /* Using the callee's result after the call prevents a tail call. */
    return lab_walk(depth + 1, frame) + frame[depth & 15];
}

JNIEXPORT jlong JNICALL Java_lab_Native_walk(JNIEnv *env, jclass c) {
    char seed[16] = "hserr-crash-lab";
    return lab_walk(0, seed);
}
