/* A native session used after close(): the Java wrapper keeps the freed
   pointer. The struct is large, so glibc served it with mmap and free()
   unmapped it; the read faults instead of returning stale data. */
#include "lab.h"
#include <stdlib.h>

struct session {
    char buf[256 << 10];
    int fd;
};

NOINLINE int lab_session_fd(const struct session *s) {
    return s->fd;
}

JNIEXPORT jlong JNICALL Java_lab_Native_sessionOpen(JNIEnv *env, jclass c) {
    struct session *s = calloc(1, sizeof *s);
    s->fd = 3;
    return (jlong)(intptr_t)s;
}

JNIEXPORT void JNICALL Java_lab_Native_sessionClose(JNIEnv *env, jclass c, jlong h) {
    free((void *)(intptr_t)h);
}

JNIEXPORT jint JNICALL Java_lab_Native_sessionFd(JNIEnv *env, jclass c, jlong h) {
    return lab_session_fd((const struct session *)(intptr_t)h);
}
