/* mq: POSIX message queues, kept by the kernel and shown in /dev/mqueue.
 *
 *   ./mq send NAME PRIORITY TEXT   put one message on the queue (created if
 *                                  needed); waits while the queue is full
 *   ./mq recv NAME                 take one message: the oldest of the
 *                                  highest priority; waits while it is empty
 *   ./mq unlink NAME               remove the queue
 *
 * NAME is like /jobs, and appears as /dev/mqueue/jobs. Each call appends a
 * line to ~/mq.log.
 *
 *   gcc -o mq mq.c          (no -lrt: since glibc 2.34 mq_* are in libc itself)
 */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void logline(const char *what, const char *name, unsigned prio, long bytes)
{
    char path[512];
    snprintf(path, sizeof path, "%s/mq.log", getenv("HOME") ? getenv("HOME") : ".");
    FILE *log = fopen(path, "a");
    if (!log) return;
    fprintf(log, "%s %s prio=%u bytes=%ld pid=%d\n", what, name, prio, bytes, (int)getpid());
    fclose(log);
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 2 ? argv[1] : "", *name = argc > 2 ? argv[2] : "";

    if (strcmp(cmd, "send") == 0 && argc > 4) {
        /* NULL attributes: the defaults, /proc/sys/fs/mqueue/msg_default
         * messages of at most msgsize_default bytes each. */
        mqd_t q = mq_open(name, O_WRONLY | O_CREAT, 0600, NULL);
        if (q == (mqd_t)-1) { perror(name); return 1; }
        unsigned prio = (unsigned)atoi(argv[3]);
        size_t len = strlen(argv[4]);
        if (mq_send(q, argv[4], len, prio) < 0) { perror("mq_send"); return 1; }
        printf("sent %zu bytes with priority %u to %s\n", len, prio, name);
        logline("send", name, prio, (long)len);
    } else if (strcmp(cmd, "recv") == 0) {
        mqd_t q = mq_open(name, O_RDONLY);
        if (q == (mqd_t)-1) { perror(name); return 1; }
        /* The buffer must hold the largest message the queue allows,
         * else mq_receive fails with EMSGSIZE. */
        struct mq_attr a;
        mq_getattr(q, &a);
        char *buf = malloc(a.mq_msgsize + 1);
        unsigned prio;
        ssize_t n = mq_receive(q, buf, a.mq_msgsize, &prio);
        if (n < 0) { perror("mq_receive"); return 1; }
        buf[n] = 0;
        mq_getattr(q, &a);
        printf("received %zd bytes with priority %u: %s   (%ld left in the queue)\n", n, prio, buf, a.mq_curmsgs);
        logline("recv", name, prio, (long)n);
    } else if (strcmp(cmd, "unlink") == 0) {
        if (mq_unlink(name) < 0) { perror(name); return 1; }
        logline("unlink", name, 0, 0);
    } else {
        fprintf(stderr, "usage: %s send NAME PRIORITY TEXT | recv NAME | unlink NAME\n", argv[0]);
        return 2;
    }
    return 0;
}
