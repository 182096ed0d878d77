/* A closed handle: Java keeps a native pointer in a long, close() set it
   to 0, and a later call reads a field at offset 0x18 of NULL. */
#include "lab.h"

struct conn {
    char name[24];
    int fd; /* offset 0x18 */
};

NOINLINE int lab_conn_fd(const struct conn *c) {
    return c->fd;
}

JNIEXPORT jint JNICALL Java_lab_Native_connFd(JNIEnv *env, jclass c, jlong handle) {
    return lab_conn_fd((const struct conn *)(intptr_t)handle);
}
