/* fortress: tries to make itself unkillable, and reports how far it got.
 *
 * It asks to ignore every signal from 1 to 64 and to catch SIGKILL and
 * SIGSTOP, prints what each call returned (and errno when it failed), shows
 * what blocking every signal really blocks, then sits there for an hour.
 * The report goes to your terminal and to ~/fortress.txt.
 *
 *   gcc -o fortress fortress.c && ./fortress &
 */
#define _GNU_SOURCE   /* for sigabbrev_np */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *out;

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fputs(line, stdout);
    fputs(line, out);
}

static void handler(int sig) { (void)sig; }

static void status_line(const char *key)
{
    char line[256];
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, key, strlen(key)) == 0)
            report("  /proc/self/status %s", line);
    fclose(f);
}

int main(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/fortress.txt", getenv("HOME") ? getenv("HOME") : ".");
    out = fopen(path, "w");
    if (!out) { perror(path); return 1; }
    setvbuf(out, NULL, _IOLBF, 0);

    report("fortress: pid %d\n", (int)getpid());

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);

    /* 1. Try to catch the two signals that cannot be caught. */
    sa.sa_handler = handler;
    int r = sigaction(SIGKILL, &sa, NULL);
    report("sigaction(SIGKILL, handler) = %d, errno %d %s (%s)\n", r, errno,
           errno == EINVAL ? "EINVAL" : "?", strerror(errno));
    errno = 0;
    r = sigaction(SIGSTOP, &sa, NULL);
    report("sigaction(SIGSTOP, handler) = %d, errno %d %s (%s)\n", r, errno,
           errno == EINVAL ? "EINVAL" : "?", strerror(errno));

    /* 2. Ignore everything we can. */
    sa.sa_handler = SIG_IGN;
    int ignored = 0;
    for (int sig = 1; sig < NSIG; sig++) {
        errno = 0;
        if (sigaction(sig, &sa, NULL) == 0)
            ignored++;
        else
            report("sigaction(%d %s, SIG_IGN) = -1, errno %d %s\n", sig,
                   sig < 32 ? sigabbrev_np(sig) : "reserved by glibc",
                   errno, errno == EINVAL ? "EINVAL" : strerror(errno));
    }
    report("ignoring %d signals now\n", ignored);
    status_line("SigIgn");

    /* 3. Block everything: sigprocmask does not fail, the kernel quietly
     *    leaves SIGKILL and SIGSTOP out of the mask. */
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    r = sigprocmask(SIG_BLOCK, &all, NULL);
    report("sigprocmask(SIG_BLOCK, every signal) = %d, yet:\n", r);
    status_line("SigBlk");
    sigprocmask(SIG_SETMASK, &none, NULL);

    report("Now try: kill %d, kill -INT %d, kill -STOP %d, kill -CONT %d, kill -KILL %d\n",
           (int)getpid(), (int)getpid(), (int)getpid(), (int)getpid(), (int)getpid());
    fflush(stdout);
    for (int i = 0; i < 3600; i++)
        sleep(1);
    return 0;
}
