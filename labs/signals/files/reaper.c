/* reaper: a parent that is slow to reap its child.
 *
 * It forks a child (named "reaper-child") that waits forever. When the child
 * dies, the kernel sends the parent SIGCHLD and keeps the child's exit status
 * in a zombie until the parent collects it with wait(). This parent notes the
 * SIGCHLD but does not wait() until you send it SIGUSR1, so you can look at
 * the zombie. What happened goes to ~/reaper.log.
 *
 *   gcc -o reaper reaper.c && ./reaper &
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_chld = 0, got_usr1 = 0;
static void on_chld(int sig) { (void)sig; got_chld = 1; }
static void on_usr1(int sig) { (void)sig; got_usr1 = 1; }

int main(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/reaper.log", getenv("HOME") ? getenv("HOME") : ".");
    FILE *log = fopen(path, "a");
    if (!log) { perror(path); return 1; }
    setvbuf(log, NULL, _IOLBF, 0);

    sigset_t both, old;
    sigemptyset(&both);
    sigaddset(&both, SIGCHLD);
    sigaddset(&both, SIGUSR1);
    sigprocmask(SIG_BLOCK, &both, &old);

    pid_t child = fork();
    if (child < 0) { perror("fork"); return 1; }
    if (child == 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        prctl(PR_SET_NAME, "reaper-child");  /* what /proc/PID/comm shows */
        for (;;)
            pause();
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_chld;
    sigaction(SIGCHLD, &sa, NULL);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);

    int me = (int)getpid();
    fprintf(log, "pid=%d started child %d\n", me, (int)child);
    printf("reaper: parent %d, child %d.\n"
           "  kill -KILL %d     # end the child: it becomes a zombie\n"
           "  kill -USR1 %d     # make the parent reap it\n", me, (int)child, (int)child, me);
    fflush(stdout);

    for (;;) {
        sigsuspend(&old);
        if (got_chld) {
            got_chld = 0;
            fprintf(log, "pid=%d got SIGCHLD; not reaping yet, child %d is a zombie now\n",
                    me, (int)child);
        }
        if (got_usr1) {
            got_usr1 = 0;
            int status;
            pid_t r = waitpid(child, &status, WNOHANG);
            if (r == 0) {
                fprintf(log, "pid=%d got SIGUSR1 but child %d is still running: nothing to reap\n",
                        me, (int)child);
                continue;
            }
            if (WIFSIGNALED(status))
                fprintf(log, "pid=%d reaped child %d: killed by signal %d (%s); a shell would show $? = %d\n",
                        me, (int)r, WTERMSIG(status), strsignal(WTERMSIG(status)),
                        128 + WTERMSIG(status));
            else
                fprintf(log, "pid=%d reaped child %d: exited with status %d\n",
                        me, (int)r, WEXITSTATUS(status));
            printf("reaper: reaped child %d, see ~/reaper.log\n", (int)r);
            return 0;
        }
    }
}
