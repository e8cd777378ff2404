/* api-worker: a pre-forking API service, like a small gunicorn or nginx.
 *
 * The master starts WORKERS workers and starts a new one whenever one dies.
 * Each worker handles "requests" (here: sleeps between them) and uses almost
 * no CPU. The workers show in ps as "api-worker: worker N", the master as
 * "api-worker: master"; both have the command name (comm) api-worker.
 *
 * The incident: with API_WORKER_FAULT=1 in its environment (the incident
 * script sets it), the master hands worker 3 one poisoned request, a search
 * pattern whose regular expression backtracks for ever, and that worker spins
 * at 100% of a CPU. The master does not notice: the worker is alive.
 *
 *   make api-worker && ./api-worker &
 *
 * Logs go to stdout (the incident script sends it to ~/api-worker.log).
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

#define WORKERS 4
/* A runaway that nobody fixes still stops after this long, so a forgotten
 * lab does not burn a shared machine's CPU all day. */
#define RUNAWAY_GIVES_UP_SEC (30 * 60)

static char self[4096];
static volatile sig_atomic_t stopping = 0;
static void on_term(int sig) { (void)sig; stopping = 1; }

static void stamp(void)
{
    char buf[32];
    time_t t = time(NULL);
    strftime(buf, sizeof buf, "%H:%M:%S", localtime(&t));
    printf("%s ", buf);
}

/* Burns CPU the way catastrophic regex backtracking does: no system calls,
 * no sleeping, just computation that will not finish in our lifetime. */
static void poisoned_request(int n)
{
    stamp();
    printf("worker %d: GET /search?q=((a%%2B)%%2B)%%2Bb from 10.0.4.17\n", n);
    fflush(stdout);
    volatile unsigned long x = 0;
    time_t start = time(NULL);
    for (;;) {
        for (int i = 0; i < 10000000; i++) x += (unsigned long)i * 2654435761u;
        if (time(NULL) - start > RUNAWAY_GIVES_UP_SEC) exit(3);
    }
}

static int worker(int n, int poisoned)
{
    prctl(PR_SET_PDEATHSIG, SIGTERM);     /* no orphaned workers if the master dies */
    if (getppid() == 1) return 0;         /* the master died before prctl */
    signal(SIGTERM, SIG_DFL);
    if (poisoned) {
        usleep(300 * 1000);
        poisoned_request(n);
    }
    for (unsigned long req = 1;; req++) {
        usleep(500 * 1000);               /* waiting for the next request */
        if (req % 120 == 0) {
            stamp();
            printf("worker %d: %lu requests served\n", n, req);
            fflush(stdout);
        }
    }
}

static pid_t spawn(int n, int poisoned)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return -1; }
    if (pid == 0) {
        /* Re-exec so ps shows the worker's role in its command line. The
         * poisoned request travels in the environment, out of ps's sight. */
        char num[16];
        snprintf(num, sizeof num, "%d", n);
        if (poisoned) setenv("API_WORKER_REQUEST", "poisoned", 1);
        execl(self, "api-worker: worker", num, (char *)NULL);
        perror("execl");
        _exit(127);
    }
    return pid;
}

int main(int argc, char **argv)
{
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len < 0) { perror("readlink /proc/self/exe"); return 1; }
    self[len] = 0;
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (strcmp(argv[0], "api-worker: worker") == 0 && argc == 2) {
        int poisoned = getenv("API_WORKER_REQUEST") != NULL;
        unsetenv("API_WORKER_REQUEST");
        return worker(atoi(argv[1]), poisoned);
    }
    if (strcmp(argv[0], "api-worker: master") != 0) {
        /* Started by hand: become the master under a name ps shows. */
        execl(self, "api-worker: master", (char *)NULL);
        perror("execl");
        return 1;
    }

    int fault = getenv("API_WORKER_FAULT") && strcmp(getenv("API_WORKER_FAULT"), "1") == 0;
    unsetenv("API_WORKER_FAULT");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    pid_t pids[WORKERS + 1] = { 0 };
    stamp();
    printf("master %d: starting %d workers\n", (int)getpid(), WORKERS);
    for (int n = 1; n <= WORKERS; n++)
        pids[n] = spawn(n, fault && n == 3);

    while (!stopping) {
        int status;
        pid_t dead = wait(&status);
        if (dead < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int n = 1; n <= WORKERS; n++) {
            if (pids[n] != dead) continue;
            stamp();
            if (WIFSIGNALED(status))
                printf("master: worker %d (pid %d) was killed by signal %d (%s); starting a new one\n",
                       n, (int)dead, WTERMSIG(status), strsignal(WTERMSIG(status)));
            else
                printf("master: worker %d (pid %d) exited with status %d; starting a new one\n",
                       n, (int)dead, WEXITSTATUS(status));
            if (!stopping) pids[n] = spawn(n, 0);
        }
    }
    stamp();
    printf("master: stopping\n");
    for (int n = 1; n <= WORKERS; n++)
        if (pids[n] > 0) kill(pids[n], SIGTERM);
    while (wait(NULL) > 0) {}
    return 0;
}
