/* A library that takes over signals the way language runtimes and crash
   reporters do: it installs its own handler for SIGSEGV, SIGBUS and
   SIGPIPE, replacing the JVM's. It "chains" to the handler it replaced but
   drops the signal context (ucontext), so the JVM cannot resume the
   thread: a null check the JVM handles through SIGSEGV (an ordinary
   NullPointerException) becomes a fatal crash. */
#include "lab.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>

static const int taken[] = {SIGSEGV, SIGBUS, SIGPIPE};
static struct sigaction replaced[NSIG];

static void lab_signal_handler(int sig, siginfo_t *info, void *uc) {
    static const char msg[] = "liblab: signal seen, forwarding to previous handler\n";
    write(2, msg, sizeof msg - 1);
    struct sigaction *old = &replaced[sig];
    if (old->sa_flags & SA_SIGINFO)
        old->sa_sigaction(sig, info, NULL); /* the bug: context dropped */
    else if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN)
        old->sa_handler(sig);
}

JNIEXPORT void JNICALL Java_lab_Native_installHandler(JNIEnv *env, jclass c) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = lab_signal_handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++)
        sigaction(taken[i], &sa, &replaced[taken[i]]);
}
