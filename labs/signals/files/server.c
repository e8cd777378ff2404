/* server: pretends to serve requests, and shuts down gracefully on SIGINT or
 * SIGTERM: it finishes the request in hand, flushes its state, writes
 * "graceful shutdown" to ~/server.log and exits 0.
 *
 * This is what an orchestrator expects: `docker stop`, `systemctl stop` and
 * Kubernetes send SIGTERM first, wait a grace period, and only then SIGKILL.
 *
 *   gcc -o server server.c && ./server &
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_signal = 0;

/* Only set a flag here: printf, malloc, fopen... are not async-signal-safe. */
static void on_stop(int sig) { stop_signal = sig; }

int main(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/server.log", getenv("HOME") ? getenv("HOME") : ".");
    FILE *log = fopen(path, "a");
    if (!log) { perror(path); return 1; }
    setvbuf(log, NULL, _IOLBF, 0);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    fprintf(log, "pid=%d serving\n", (int)getpid());
    printf("server: pid %d serving. Stop me with SIGTERM (kill %d) or SIGINT (Ctrl-C).\n",
           (int)getpid(), (int)getpid());
    fflush(stdout);

    unsigned long requests = 0;
    while (!stop_signal) {
        requests++;        /* "handle a request" */
        sleep(1);          /* returns early when a signal arrives */
    }

    fprintf(log, "pid=%d got signal %d (%s): finishing request %lu, closing files\n",
            (int)getpid(), (int)stop_signal, strsignal(stop_signal), requests);
    fprintf(log, "pid=%d graceful shutdown complete\n", (int)getpid());
    fclose(log);
    printf("server: graceful shutdown after %s\n", strsignal(stop_signal));
    return 0;
}
