/* memcpy with a length past the end of the source mapping: libc's copy
   routine faults at the next (inaccessible) page; the caller is to blame. */
#include "lab.h"
#include <string.h>
#include <sys/mman.h>

NOINLINE void lab_copy_record(char *dst, const char *src, size_t len) {
    memcpy(dst, src, len);
    __asm__ volatile("" ::: "memory"); /* no tail call: keep this frame */
}

JNIEXPORT void JNICALL Java_lab_Native_copyRecord(JNIEnv *env, jclass c, jint len) {
    /* One readable page followed by a PROT_NONE page: a deterministic end. */
    char *src = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(src + 4096, 4096, PROT_NONE);
    static char dst[1 << 20];
    lab_copy_record(dst, src + 4096 - 64, (size_t)len);
}
