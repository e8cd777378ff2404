/*
 * connect.c: how a TCP connect() ends, and how long it takes.
 *
 *   ./connect HOST PORT
 *
 * Resolves HOST with getaddrinfo (like every program), then calls connect()
 * on a blocking TCP socket and reports what the kernel answered: 0 when the
 * three-way handshake completed (SYN, SYN-ACK, ACK), or the errno that ended
 * it, with the time it took. The time tells where the answer came from:
 * ~0 ms from this machine, about one round trip from the network, seconds
 * when the kernel had to wait.
 */
#define _GNU_SOURCE /* strerrorname_np */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static const char *meaning(int err)
{
    switch (err) {
    case 0:            return "the handshake completed: SYN, SYN-ACK, ACK";
    case ECONNREFUSED: return "an RST came back: the host is there, nothing listens on that port";
    case EHOSTUNREACH: return "an ICMP error said the host cannot be reached (no ARP answer on its subnet)";
    case ENETUNREACH:  return "no route: at once, this machine has none (nothing was sent); later, a router said so";
    case ETIMEDOUT:    return "no answer at all, after several retransmitted SYNs";
    default:           return "see man 2 connect";
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
        return 2;
    }
    struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM }, *ai;
    int rc = getaddrinfo(argv[1], argv[2], &hints, &ai);
    if (rc != 0) {
        fprintf(stderr, "getaddrinfo %s: %s\n", argv[1], gai_strerror(rc));
        return 1;
    }
    char ip[INET_ADDRSTRLEN];
    struct sockaddr_in *sin = (struct sockaddr_in *)ai->ai_addr;
    inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof ip);

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    double start = now_ms();
    int err = connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ? 0 : errno;
    double took = now_ms() - start;

    printf("connect %s (%s) port %s: %s after %.1f ms\n  %s\n",
           argv[1], ip, argv[2], err ? strerrorname_np(err) : "connected", took, meaning(err));
    close(fd);
    freeaddrinfo(ai);
    return err ? 1 : 0;
}
