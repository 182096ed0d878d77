/* A library destructor that runs at process exit and touches state that
   was already released: the JVM crashes while shutting down. */
#include "lab.h"

struct registry {
    int count;
};

static struct registry *registry; /* released (NULL) by the time exit runs */
static int armed;

NOINLINE void lab_registry_flush(struct registry *r) {
    r->count = 0;
}

__attribute__((destructor)) static void lab_fini(void) {
    if (armed)
        lab_registry_flush(registry);
}

JNIEXPORT void JNICALL Java_lab_Native_armExitFlush(JNIEnv *env, jclass c) {
    armed = 1;
}
