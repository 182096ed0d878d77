/* Integer division by zero in native code raises SIGFPE (FPE_INTDIV). */
#include "lab.h"

NOINLINE int lab_average(int sum, int count) {
    return sum / count;
}

JNIEXPORT jint JNICALL Java_lab_Native_average(JNIEnv *env, jclass c, jint sum, jint count) {
    return lab_average(sum, count);
}
