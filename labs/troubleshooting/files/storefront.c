/* storefront: the shop's web front end, on 127.0.0.1:8080.
 *
 * It answers every HTTP request with a one-line page. At start it binds its
 * port with SO_REUSEADDR, so that a restart is not refused while connections
 * of the previous instance wait in TIME-WAIT; SO_REUSEADDR does not let it
 * share the port with another socket that is listening on it, though: then
 * bind() fails with EADDRINUSE and storefront exits with status 1.
 *
 *   make storefront && ./storefront &
 *   curl -s 127.0.0.1:8080
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PORT 8080

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(PORT) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        fprintf(stderr, "storefront: bind 127.0.0.1:%d: %s\n", PORT, strerror(errno));
        return 1;
    }
    if (listen(lfd, 128) < 0) {
        fprintf(stderr, "storefront: listen: %s\n", strerror(errno));
        return 1;
    }
    printf("storefront %d: serving http://127.0.0.1:%d/\n", (int)getpid(), PORT);

    static const char page[] =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 22\r\nConnection: close\r\n\r\n"
        "storefront: all good.\n";
    for (;;) {
        int c = accept(lfd, NULL, NULL);
        if (c < 0) continue;
        char req[2048];
        if (read(c, req, sizeof req) > 0 && write(c, page, sizeof page - 1) < 0) { /* client left */ }
        close(c);
    }
}
