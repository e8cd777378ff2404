/* ingestd: a log-ingesting daemon that keeps its log file open.
 *
 * It appends a line to /run/ingest/ingest.log every 2 seconds, through one
 * descriptor it opened at start with O_APPEND, as most daemons do. It never
 * looks at the path again, except when told to: SIGHUP makes it close the
 * log and open the path anew (what logrotate's postrotate `kill -HUP` is
 * for). SIGTERM stops it.
 *
 * The incident: with INGESTD_REPLAY=1 in its environment (the incident
 * script sets it) it first replays a backlog as fast as it can, until the
 * file system is full. Then someone deletes the log to make room...
 *
 *   make ingestd && ./ingestd &
 *
 * Errors go to stderr (the incident script sends it to ~/ingestd.err).
 */
#define _GNU_SOURCE             /* dup3 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define LOG_DIR "/run/ingest"
#define LOG_PATH LOG_DIR "/ingest.log"

static volatile sig_atomic_t reopen = 0, stopping = 0;
static void on_hup(int sig) { (void)sig; reopen = 1; }
static void on_term(int sig) { (void)sig; stopping = 1; }

static int open_log(void)
{
    mkdir(LOG_DIR, 0755);
    int fd = open(LOG_PATH, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) fprintf(stderr, "ingestd: open %s: %s\n", LOG_PATH, strerror(errno));
    return fd;
}

/* One log line, like "2026-11-21T03:12:09 ingest batch=1234 events=57 ...". */
static int log_line(int fd, unsigned long seq)
{
    char ts[32], line[256];
    time_t t = time(NULL);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", localtime(&t));
    int n = snprintf(line, sizeof line,
                     "%s ingest batch=%lu events=%lu bytes=%lu source=edge-%lu status=ok "
                     "latency_ms=%lu trace=%016lx\n",
                     ts, seq, 40 + seq % 23, 9000 + seq % 4096, seq % 8, 3 + seq % 17,
                     seq * 0x9e3779b97f4a7c15ul);
    return write(fd, line, (size_t)n) == n ? 0 : -1;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_hup;
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = on_term;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    int fd = open_log();
    if (fd < 0) return 1;
    unsigned long seq = 0;

    if (getenv("INGESTD_REPLAY") && strcmp(getenv("INGESTD_REPLAY"), "1") == 0) {
        /* Until a write fails or comes up short: the file system is full. */
        while (log_line(fd, ++seq) == 0) {}
        fprintf(stderr, "ingestd: replayed %lu batches; %s is full\n", seq - 1, LOG_DIR);
    }

    int failing = 0;
    while (!stopping) {
        if (reopen) {
            reopen = 0;
            int nfd = open_log();
            if (nfd >= 0) {
                /* The same descriptor number, now on the file at the path. */
                dup3(nfd, fd, O_CLOEXEC);
                close(nfd);
                fprintf(stderr, "ingestd: SIGHUP: reopened %s\n", LOG_PATH);
            }
        }
        if (log_line(fd, ++seq) < 0) {
            if (!failing) fprintf(stderr, "ingestd: write %s: %s\n", LOG_PATH, strerror(errno));
            failing = 1;
        } else if (failing) {
            fprintf(stderr, "ingestd: writing %s again\n", LOG_PATH);
            failing = 0;
        }
        sleep(2);
    }
    return 0;
}
