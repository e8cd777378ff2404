/* pipesize: how much does a pipe hold? Measured, not assumed.
 *
 *   ./pipesize
 *
 * 1. asks the kernel for the capacity of a new pipe (fcntl F_GETPIPE_SZ);
 * 2. fills it with non-blocking writes until the kernel answers EAGAIN
 *    ("this would block"), counting the bytes that went in;
 * 3. resizes a pipe with F_SETPIPE_SZ, and fills it again;
 * 4. tries to shrink a full pipe, and to grow one past
 *    /proc/sys/fs/pipe-max-size: both are refused, with different errors.
 *
 * It prints a report and writes the same lines to ~/pipesize.log.
 *
 *   gcc -o pipesize pipesize.c
 */
#define _GNU_SOURCE             /* F_GETPIPE_SZ and F_SETPIPE_SZ are Linux-only */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *logf;

static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (logf) {
        va_start(ap, fmt);
        vfprintf(logf, fmt, ap);
        va_end(ap);
    }
}

/* Write 1 KiB at a time, without blocking, until the pipe is full. */
static long fill(int wfd)
{
    char buf[1024];
    long total = 0;
    memset(buf, 'x', sizeof buf);
    for (;;) {
        ssize_t n = write(wfd, buf, sizeof buf);
        if (n > 0) { total += n; continue; }
        if (n < 0 && errno == EAGAIN) return total;  /* full: a blocking write would sleep here */
        perror("write");
        exit(1);
    }
}

/* F_SETPIPE_SZ, reported: the size the kernel gave, or why it refused. */
static void resize(int wfd, const char *what, int size)
{
    int got = fcntl(wfd, F_SETPIPE_SZ, size);
    if (got < 0)
        say("%-36s refused: %s (%s)\n", what, strerrorname_np(errno), strerror(errno));
    else
        say("%-36s %d bytes\n", what, got);
}

int main(void)
{
    char path[512];
    int fd[2];

    snprintf(path, sizeof path, "%s/pipesize.log", getenv("HOME") ? getenv("HOME") : ".");
    logf = fopen(path, "w");
    setvbuf(stdout, NULL, _IONBF, 0);

    if (pipe2(fd, O_NONBLOCK) < 0) { perror("pipe2"); return 1; }
    say("%-36s %d bytes\n", "a new pipe: F_GETPIPE_SZ", fcntl(fd[1], F_GETPIPE_SZ));
    say("%-36s %ld bytes\n", "  written until EAGAIN", fill(fd[1]));
    /* Full and holding 64 KiB: it cannot shrink below what it holds. */
    resize(fd[1], "  shrink the full pipe to 4096", 4096);
    close(fd[0]);
    close(fd[1]);

    if (pipe2(fd, O_NONBLOCK) < 0) { perror("pipe2"); return 1; }
    /* Sizes are rounded up to a power-of-two number of pages. */
    resize(fd[1], "another pipe: F_SETPIPE_SZ(100000)", 100000);
    resize(fd[1], "  F_SETPIPE_SZ(1048576)", 1 << 20);
    say("%-36s %ld bytes\n", "  written until EAGAIN", fill(fd[1]));
    /* /proc/sys/fs/pipe-max-size (1 MiB) is the most an unprivileged process may ask for. */
    resize(fd[1], "  F_SETPIPE_SZ(2097152)", 2 << 20);

    if (logf) fclose(logf);
    return 0;
}
