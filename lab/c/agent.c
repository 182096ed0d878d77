/* A JVMTI agent (-agentpath) whose VMInit callback dereferences a NULL
   configuration pointer, as a buggy profiler or APM agent might. */
#include "lab.h"
#include <jvmti.h>
#include <string.h>

struct agent_config {
    int sample_ms;
};

static struct agent_config *config; /* never set: options were not parsed */

NOINLINE int lab_agent_interval(const struct agent_config *c) {
    return c->sample_ms;
}

static void JNICALL lab_vm_init(jvmtiEnv *jvmti, JNIEnv *env, jthread t) {
    lab_agent_interval(config);
}

JNIEXPORT jint JNICALL Agent_OnLoad(JavaVM *vm, char *options, void *reserved) {
    jvmtiEnv *jvmti;
    if ((*vm)->GetEnv(vm, (void **)&jvmti, JVMTI_VERSION_1_2) != JNI_OK)
        return JNI_ERR;
    jvmtiEventCallbacks cb;
    memset(&cb, 0, sizeof cb);
    cb.VMInit = lab_vm_init;
    (*jvmti)->SetEventCallbacks(jvmti, &cb, sizeof cb);
    (*jvmti)->SetEventNotificationMode(jvmti, JVMTI_ENABLE, JVMTI_EVENT_VM_INIT, NULL);
    return JNI_OK;
}
