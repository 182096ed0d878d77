/* Executes one instruction from an ISA extension named by the caller. The
   lab picks an extension the CPU does not advertise (/proc/cpuinfo), so
   the SIGILL is a real missing-feature fault, as with a library built for
   a newer CPU. */
#include "lab.h"
#include <string.h>

NOINLINE void lab_use_feature(const char *f) {
#if defined(__x86_64__)
    if (strcmp(f, "amx_tile") == 0)
        __asm__ volatile(".byte 0xc4, 0xe2, 0x78, 0x49, 0xc0"); /* tilerelease */
    else if (strcmp(f, "xop") == 0)
        __asm__ volatile(".byte 0x8f, 0xe8, 0x78, 0xc0, 0xc0, 0x01" ::: "xmm0"); /* vprotb $1,%xmm0,%xmm0 */
    else if (strcmp(f, "clzero") == 0)
        __asm__ volatile("lea -64(%%rsp), %%rax; .byte 0x0f, 0x01, 0xfc" ::: "rax", "memory"); /* clzero */
    else if (strcmp(f, "avx512f") == 0)
        __asm__ volatile(".byte 0x62, 0xf1, 0x7c, 0x48, 0x58, 0xc0" ::: "xmm0"); /* vaddps %zmm0,%zmm0,%zmm0 */
#endif
}

JNIEXPORT void JNICALL Java_lab_Native_useFeature(JNIEnv *env, jclass c, jstring name) {
    const char *f = (*env)->GetStringUTFChars(env, name, NULL);
    lab_use_feature(f);
    (*env)->ReleaseStringUTFChars(env, name, f);
}
