/* Shared declarations of the crash lab's native library (liblab.so). */
#ifndef LAB_H
#define LAB_H
#include <jni.h>
#include <stddef.h>
#include <stdint.h>

/* NOINLINE keeps each faulting function a real frame in the hs_err stack,
   so the log shows the function (and its argument registers) by name. */
#define NOINLINE __attribute__((noinline, visibility("default")))

#endif
