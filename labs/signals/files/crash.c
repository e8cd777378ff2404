/* crash: turns a CPU exception into a signal.
 *
 *   ./crash div      integer division by zero: the CPU raises a divide error
 *                    (#DE, vector 0); the kernel sends SIGFPE
 *   ./crash null     read through a NULL pointer: a page fault (#PF, vector
 *                    14) on an unmapped address; the kernel sends SIGSEGV
 *   ./crash float    floating-point 1.0/0.0: no exception (masked by default),
 *                    the result is just inf
 *   ./crash catch    like null, but with a SIGSEGV handler that prints what
 *                    the kernel reported (si_addr, si_code), then exits
 *
 *   gcc -o crash crash.c
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    char buf[200];
    int n = snprintf(buf, sizeof buf,
                     "caught %s: faulting address %p, si_code %d (%s)\n",
                     sigabbrev_np(sig), si->si_addr, si->si_code,
                     si->si_code == SEGV_MAPERR ? "SEGV_MAPERR: nothing mapped there" :
                     si->si_code == SEGV_ACCERR ? "SEGV_ACCERR: mapped, wrong permissions" : "?");
    /* snprintf is not async-signal-safe; acceptable here only because we
     * never return to the interrupted code. Returning would re-run the faulting
     * instruction and fault again, forever. */
    write(STDOUT_FILENO, buf, n);
    _exit(1);
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "";
    /* volatile: the compiler must really load them and divide. (With a
     * constant 1 on top, gcc would even replace 1 / x by a comparison.) */
    volatile int ten = 10, zero = 0;
    volatile int *volatile nowhere = NULL;

    if (strcmp(what, "div") == 0) {
        printf("crash: computing 10 / 0 with integers...\n");
        fflush(stdout);
        printf("result %d\n", ten / zero);
    } else if (strcmp(what, "null") == 0) {
        printf("crash: reading *(int *)0...\n");
        fflush(stdout);
        printf("value %d\n", *nowhere);
    } else if (strcmp(what, "float") == 0) {
        volatile double dzero = 0.0;
        printf("crash: 1.0 / 0.0 = %f (no signal)\n", 1.0 / dzero);
    } else if (strcmp(what, "catch") == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_segv;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGSEGV, &sa, NULL);
        printf("crash: reading *(int *)0x1234 with a SIGSEGV handler installed...\n");
        fflush(stdout);
        printf("value %d\n", *(volatile int *)0x1234);
    } else {
        fprintf(stderr, "usage: %s div|null|float|catch\n", argv[0]);
        return 2;
    }
    return 0;
}
