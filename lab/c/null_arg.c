/* A JNI bug seen in the wild: GetDirectBufferAddress returns NULL for a
   heap ByteBuffer, and the result is passed on unchecked. lab_init_header
   then writes through its NULL first argument (si_addr 0). */
#include "lab.h"
#include <stdint.h>

struct header {
    uint32_t magic;
    uint32_t length;
};

NOINLINE void lab_init_header(struct header *h, uint32_t length) {
    h->magic = 0x4c414221;
    h->length = length;
}

JNIEXPORT void JNICALL Java_lab_Native_initHeader(JNIEnv *env, jclass c, jobject buf) {
    void *p = (*env)->GetDirectBufferAddress(env, buf); /* NULL: heap buffer */
    lab_init_header(p, (uint32_t)(*env)->GetDirectBufferCapacity(env, buf));
}
