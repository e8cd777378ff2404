/* blocker: blocks SIGTERM, so a SIGTERM sent to it waits, pending.
 *
 * While it is blocked, look at SigBlk and at the pending sets, ShdPnd (sent to
 * the process) and SigPnd (sent to this one thread), in /proc/PID/status.
 * Send SIGUSR1 to unblock: any pending SIGTERM is delivered at once, and with
 * its default action it ends the process. What happened goes to ~/blocker.log.
 *
 *   gcc -o blocker blocker.c && ./blocker &
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t unblock = 0;
static void on_usr1(int sig) { (void)sig; unblock = 1; }

int main(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/blocker.log", getenv("HOME") ? getenv("HOME") : ".");
    FILE *log = fopen(path, "a");
    if (!log) { perror(path); return 1; }
    setvbuf(log, NULL, _IOLBF, 0);

    sigset_t term, usr1, wait_mask, pending;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);

    sigprocmask(SIG_BLOCK, &term, NULL);  /* SIGTERM: held back from now on */
    sigprocmask(SIG_BLOCK, &usr1, NULL);  /* SIGUSR1: only inside sigsuspend */

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);

    int pid = (int)getpid();
    fprintf(log, "pid=%d started with SIGTERM blocked\n", pid);
    printf("blocker: pid %d, SIGTERM is blocked.\n"
           "  kill %d                      # send SIGTERM: it stays pending\n"
           "  grep -E 'Sig|Pnd' /proc/%d/status\n"
           "  kill -USR1 %d                # unblock SIGTERM\n", pid, pid, pid, pid);
    fflush(stdout);

    sigemptyset(&wait_mask);
    sigaddset(&wait_mask, SIGTERM);       /* still blocked while we wait */
    while (!unblock)
        sigsuspend(&wait_mask);

    sigpending(&pending);
    if (sigismember(&pending, SIGTERM)) {
        fprintf(log, "pid=%d SIGTERM is pending; unblocking it now\n", pid);
        printf("blocker: SIGTERM was pending; unblocking it, so it is delivered now\n");
    } else {
        fprintf(log, "pid=%d nothing pending; unblocking and exiting\n", pid);
        printf("blocker: no SIGTERM was pending; exiting\n");
    }
    fflush(stdout);
    fclose(log);
    sigprocmask(SIG_UNBLOCK, &term, NULL);  /* a pending SIGTERM kills us here */
    return 0;
}
