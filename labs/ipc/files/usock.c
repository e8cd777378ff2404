/* usock: Unix domain sockets, unnamed and named.
 *
 *   ./usock pair          socketpair(): a parent and its child talk both
 *                         ways over one connected pair, then keep it open
 *                         until you stop the parent
 *   ./usock serve PATH    a server on a socket file at PATH: answers every
 *                         line a client sends in upper case, and tells who
 *                         the client is (SO_PEERCRED)
 *
 * Both append what they did to ~/usock.log.
 *
 *   gcc -o usock usock.c
 */
#define _GNU_SOURCE             /* struct ucred */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void logline(const char *fmt, long a, long b, long c)
{
    char path[512];
    snprintf(path, sizeof path, "%s/usock.log", getenv("HOME") ? getenv("HOME") : ".");
    FILE *log = fopen(path, "a");
    if (!log) return;
    fprintf(log, fmt, a, b, c);
    fclose(log);
}

static int pair(void)
{
    int sv[2];
    char buf[128];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) { perror("socketpair"); return 1; }
    pid_t child = fork();
    if (child < 0) { perror("fork"); return 1; }
    if (child == 0) {
        close(sv[0]);
        /* Both ends can read AND write: one socketpair is two pipes' worth. */
        ssize_t n = read(sv[1], buf, sizeof buf - 1);
        if (n <= 0) _exit(1);
        buf[n] = 0;
        printf("child  %d read \"%s\" on fd %d, answers on the same fd\n", (int)getpid(), buf, sv[1]);
        fflush(stdout);
        write(sv[1], "pong", 4);
        /* Stay until the parent's end closes: read() then returns 0. */
        while (read(sv[1], buf, sizeof buf) > 0)
            ;
        _exit(0);
    }
    close(sv[1]);
    write(sv[0], "ping", 4);
    ssize_t n = read(sv[0], buf, sizeof buf - 1);
    if (n <= 0) { perror("read"); return 1; }
    buf[n] = 0;
    printf("parent %d read \"%s\" on fd %d\n", (int)getpid(), buf, sv[0]);
    printf("parent %d and child %d keep their ends open: look at them with ss -xp, then kill %d\n",
           (int)getpid(), (int)child, (int)getpid());
    fflush(stdout);
    logline("pair parent=%ld child=%ld exchanged=%ld\n", getpid(), child, 2);
    for (;;)
        pause();        /* until a signal ends us; the child then sees EOF */
}

static int serve(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof addr.sun_path) { fprintf(stderr, "path too long\n"); return 1; }
    strcpy(addr.sun_path, path);

    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (s < 0) { perror("socket"); return 1; }
    /* A socket file left by an earlier run would make bind() fail (EADDRINUSE). */
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode)) unlink(path);
    if (bind(s, (struct sockaddr *)&addr, sizeof addr) < 0) { perror(path); return 1; }
    if (listen(s, 8) < 0) { perror("listen"); return 1; }
    signal(SIGPIPE, SIG_IGN);   /* a client that leaves early gives EPIPE, not death */
    printf("usock %d: listening on %s\n", (int)getpid(), path);
    fflush(stdout);

    for (;;) {
        int c = accept(s, NULL, NULL);
        if (c < 0) { if (errno == EINTR) continue; perror("accept"); return 1; }
        /* The kernel knows who is at the other end of a Unix socket. */
        struct ucred cred;
        socklen_t len = sizeof cred;
        getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cred, &len);
        printf("usock %d: client pid %d uid %d connected\n", (int)getpid(), (int)cred.pid, (int)cred.uid);
        fflush(stdout);
        char buf[4096];
        ssize_t n;
        long bytes = 0;
        while ((n = read(c, buf, sizeof buf)) > 0) {
            for (ssize_t i = 0; i < n; i++) buf[i] = toupper((unsigned char)buf[i]);
            if (write(c, buf, n) < 0) break;
            bytes += n;
        }
        close(c);
        printf("usock %d: client pid %d done, %ld bytes echoed\n", (int)getpid(), (int)cred.pid, bytes);
        fflush(stdout);
        logline("serve client_pid=%ld uid=%ld bytes=%ld\n", cred.pid, cred.uid, bytes);
    }
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "pair") == 0) return pair();
    if (argc == 3 && strcmp(argv[1], "serve") == 0) return serve(argv[2]);
    fprintf(stderr, "usage: %s pair | serve PATH\n", argv[0]);
    return 2;
}
