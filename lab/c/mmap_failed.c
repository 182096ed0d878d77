/* mmap's failure value is MAP_FAILED, (void *)-1, not NULL. Code that
   checks for NULL uses -1 as the ring buffer and faults at 0xfff…f. */
#include "lab.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

struct ring {
    uint8_t flag;
    uint8_t data[4095];
};

NOINLINE void lab_ring_reset(struct ring *r) {
    r->flag = 1;
}

JNIEXPORT void JNICALL Java_lab_Native_mapRing(JNIEnv *env, jclass c, jstring path) {
    const char *p = (*env)->GetStringUTFChars(env, path, NULL);
    int fd = open(p, O_RDWR); /* fails: the file does not exist */
    (*env)->ReleaseStringUTFChars(env, path, p);
    struct ring *r = mmap(NULL, sizeof *r, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (r == NULL) /* the bug: MAP_FAILED is not NULL */
        return;
    lab_ring_reset(r);
}
