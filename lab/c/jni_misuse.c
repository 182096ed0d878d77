/* JNI misuse: the array argument is not checked for null before
   GetArrayLength, so the fault lands inside libjvm (jni_GetArrayLength)
   under this library's frame. */
#include "lab.h"

JNIEXPORT jint JNICALL Java_lab_Native_sum(JNIEnv *env, jclass c, jintArray a) {
    jsize n = (*env)->GetArrayLength(env, a);
    jint s = 0;
    jint *v = (*env)->GetIntArrayElements(env, a, NULL);
    for (jsize i = 0; i < n; i++)
        s += v[i];
    (*env)->ReleaseIntArrayElements(env, a, v, JNI_ABORT);
    return s;
}
