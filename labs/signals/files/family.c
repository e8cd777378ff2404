/* family: a parent and two children, all in ONE process group.
 *
 * Each of the three catches SIGINT and appends a line to ~/family.log saying
 * who it is, which process group it is in, and which signal arrived. Run it
 * in the foreground and press Ctrl-C: the terminal driver sends SIGINT to
 * every process in the foreground process group, not just to one of them.
 *
 *   gcc -o family family.c && ./family
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_signal = 0;

/* A handler should do as little as possible: only async-signal-safe work.
 * Setting a flag of type volatile sig_atomic_t is the classic safe thing. */
static void on_signal(int sig) { got_signal = sig; }

static void log_line(const char *role)
{
    char path[512], line[256];
    snprintf(path, sizeof path, "%s/family.log", getenv("HOME") ? getenv("HOME") : ".");
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0) { perror(path); return; }
    int n = snprintf(line, sizeof line, "%s pid=%d pgid=%d got signal %d (%s)\n",
                     role, (int)getpid(), (int)getpgrp(), (int)got_signal,
                     strsignal(got_signal));
    if (write(fd, line, n) != n) perror("write");
    close(fd);
}

/* Wait for SIGINT without a race: SIGINT stays blocked except inside
 * sigsuspend(), which unblocks it and sleeps in one atomic step. */
static void wait_for_signal(const sigset_t *unblocked)
{
    while (!got_signal)
        sigsuspend(unblocked);
}

int main(void)
{
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &old);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);   /* inherited by the children we fork */

    pid_t kids[2];
    for (int i = 0; i < 2; i++) {
        kids[i] = fork();
        if (kids[i] < 0) { perror("fork"); exit(1); }
        if (kids[i] == 0) {
            char role[16];
            snprintf(role, sizeof role, "child%d", i + 1);
            wait_for_signal(&old);
            log_line(role);
            _exit(0);
        }
    }

    printf("family: parent pid %d, children %d and %d, all in process group %d\n",
           (int)getpid(), (int)kids[0], (int)kids[1], (int)getpgrp());
    printf("Each of us logs the signal it gets to ~/family.log. Press Ctrl-C.\n");
    fflush(stdout);

    wait_for_signal(&old);
    log_line("parent");
    while (wait(NULL) > 0 || errno == EINTR)
        ;
    printf("\nfamily: all three got signal %d; see ~/family.log\n", (int)got_signal);

    /* Die "of" the signal, as a program without a handler would: restore the
     * default action and send it to ourselves. The shell then sees that we
     * were killed by SIGINT (status 130) and stops a running script too. */
    signal(got_signal, SIG_DFL);
    sigprocmask(SIG_SETMASK, &old, NULL);
    raise(got_signal);
    return 1;
}
