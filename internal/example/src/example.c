#include <jni.h>
#include <stdint.h>
struct header { char name[16]; int len; int flags; };

__attribute__((noinline)) int init_header(struct header *h, int len) {
    if (len < 0) return -1;
    h->len = len;      /* h is NULL: writes address 0x10 */
    h->flags = 1;
    return 0;
}

JNIEXPORT jint JNICALL Java_Example_initHeader(JNIEnv *env, jclass cls, jlong header, jint len) {
    int rc = init_header((struct header *)(intptr_t)header, len);
    return rc + 1;
}
