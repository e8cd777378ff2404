/* cached: a tiny cache service on 127.0.0.1:11211 (memcached's port).
 *
 * It answers "get KEY" with END and "stats" with a line of numbers, to any
 * number of clients. It shuts down gracefully on SIGTERM or SIGINT: it
 * stops accepting, then waits for its clients to finish and disconnect, and
 * only then exits. A client that never disconnects (an idle keep-alive
 * connection from a pool) makes that wait last for ever: the classic
 * "kill does nothing" service.
 *
 *   make cached && ./cached &
 *
 * Logs go to stdout (the incident script sends it to ~/cached.log).
 */
#define _GNU_SOURCE             /* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PORT 11211
#define MAX_CLIENTS 64

static volatile sig_atomic_t stop_signal = 0;
static void on_stop(int sig) { stop_signal = sig; }

static void stamp(void)
{
    char buf[32];
    time_t t = time(NULL);
    strftime(buf, sizeof buf, "%H:%M:%S", localtime(&t));
    printf("%s cached %d: ", buf, (int)getpid());
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;              /* no SA_RESTART: poll() returns EINTR */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(PORT) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 128) < 0) {
        stamp();
        printf("cannot listen on 127.0.0.1:%d: %s\n", PORT, strerror(errno));
        return 1;
    }
    stamp();
    printf("listening on 127.0.0.1:%d\n", PORT);

    struct pollfd fds[1 + MAX_CLIENTS];
    int nclients = 0, draining = 0;
    fds[0].fd = lfd;
    fds[0].events = POLLIN;
    for (;;) {
        if (stop_signal && !draining) {
            draining = 1;
            close(lfd);
            fds[0].fd = -1;               /* poll ignores negative fds */
            stamp();
            printf("%s received: no new connections; draining %d client connection(s) before exit\n",
                   stop_signal == SIGTERM ? "SIGTERM" : "SIGINT", nclients);
        }
        if (draining && nclients == 0) {
            stamp();
            printf("all clients gone, exiting\n");
            return 0;
        }
        if (poll(fds, 1 + nclients, -1) < 0) {
            if (errno == EINTR) continue;
            perror("poll");
            return 1;
        }
        if (fds[0].fd >= 0 && (fds[0].revents & POLLIN)) {
            int c = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
            if (c >= 0 && nclients < MAX_CLIENTS) {
                fds[1 + nclients].fd = c;
                fds[1 + nclients].events = POLLIN;
                nclients++;
            } else if (c >= 0) {
                close(c);
            }
        }
        for (int i = 1; i <= nclients; i++) {
            if (!fds[i].revents) continue;
            char buf[512];
            ssize_t n = read(fds[i].fd, buf, sizeof buf - 1);
            if (n <= 0) {                 /* the client hung up */
                close(fds[i].fd);
                fds[i] = fds[nclients--];
                i--;
                continue;
            }
            buf[n] = 0;
            const char *reply = strncmp(buf, "stats", 5) == 0 ? "STAT curr_items 1874\r\nEND\r\n" : "END\r\n";
            if (write(fds[i].fd, reply, strlen(reply)) < 0) { /* gone: read sees it next */ }
        }
    }
}
