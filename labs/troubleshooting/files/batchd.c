/* batchd: a batch scheduler that runs each job in a child process.
 *
 * Every half second it starts the next job from its queue, with at most
 * MAX_JOBS jobs running at once. A job is a child process named batch-job
 * that works for a moment and exits. A SIGCHLD handler collects finished
 * jobs with waitpid() and frees their slot.
 *
 * It has a bug, which step 3 of the lab tracks down from /proc, and fixes.
 *
 *   make batchd && ./batchd &
 *
 * Logs go to stdout (the incident script sends it to ~/batchd.log).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS 16

static volatile sig_atomic_t running = 0, stopping = 0;

static void on_chld(int sig)
{
    (void)sig;
    int saved = errno;
    while (waitpid(-1, NULL, WNOHANG) > 0) running--;
    errno = saved;
}

static void on_term(int sig) { (void)sig; stopping = 1; }

static void stamp(void)
{
    char buf[32];
    time_t t = time(NULL);
    strftime(buf, sizeof buf, "%H:%M:%S", localtime(&t));
    printf("%s ", buf);
}

static void start_job(unsigned long id)
{
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    /* The handler changes `running` too: keep it out while we do. */
    sigprocmask(SIG_BLOCK, &chld, &old);

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        sigprocmask(SIG_UNBLOCK, &chld, NULL);   /* a job starts unblocked */
        prctl(PR_SET_NAME, "batch-job");
        usleep(300 * 1000);               /* the job's work */
        _exit(0);
    }
    if (pid > 0) {
        running++;
        stamp();
        printf("job %lu started as pid %d (%d running)\n", id, (int)pid, (int)running);
    } else {
        perror("fork");
    }

    /* Restore the caller's mask. */
    sigprocmask(SIG_BLOCK, &old, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sa.sa_handler = on_chld;
    sigaction(SIGCHLD, &sa, NULL);
    sa.sa_flags = 0;
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    stamp();
    printf("batchd %d: up, at most %d jobs at a time\n", (int)getpid(), MAX_JOBS);
    unsigned long next = 1;
    int said_full = 0;
    while (!stopping) {
        if (running < MAX_JOBS) {
            start_job(next++);
            said_full = 0;
        } else if (!said_full) {
            stamp();
            printf("all %d job slots busy; job %lu waits\n", MAX_JOBS, next);
            said_full = 1;
        }
        usleep(500 * 1000);
    }
    stamp();
    printf("batchd: stopping with %d jobs not collected\n", (int)running);
    return 0;
}
