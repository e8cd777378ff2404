/* ipcbench: move the same data from one process to another through a
 * pipe, a Unix socket and shared memory, and time each.
 *
 *   ./ipcbench [MIB] [CHUNK_KIB] [pipe|unix|shm]
 *
 * Default: 1024 MiB in 256 KiB chunks, all three methods.
 *
 * In each test a child process produces MIB MiB, chunk by chunk (it
 * writes every 8-byte word), and its parent consumes them (it reads and
 * adds up every word, and checks the sum at the end). Only the way the
 * chunks travel changes:
 *
 *   pipe           child: fill a buffer, write() it  -> kernel copies it in
 *                  parent: read() into a buffer      -> kernel copies it out
 *   unix socket    the same with send/recv on a socketpair(AF_UNIX, SOCK_STREAM)
 *   shared memory  child fills a slot of a ring buffer that both map,
 *                  parent adds up the words right there: no copy at all.
 *                  Two semaphores in the shared page say which slots are
 *                  full and which are free.
 *
 * Each test runs 3 times and the best is kept, since other programs on a
 * busy machine slow some runs down. A run of all three methods also writes
 * its results to ~/ipcbench.log.
 *
 *   gcc -O2 -o ipcbench ipcbench.c
 */
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUNS 3
#define RING_BYTES (1 << 20)    /* 1 MiB of slots: fits the CPU caches */

static size_t total, chunk, slots;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* The producer's work: write every word of a chunk. */
static void produce(uint64_t *p, size_t c)
{
    for (size_t i = 0; i < chunk / 8; i++) p[i] = c * 1000003 + i;
}

/* The consumer's work: read every word of a chunk. */
static uint64_t consume(const uint64_t *p)
{
    uint64_t s = 0;
    for (size_t i = 0; i < chunk / 8; i++) s += p[i];
    return s;
}

static uint64_t expected_sum(void)
{
    uint64_t s = 0, w = chunk / 8;
    for (size_t c = 0; c < total / chunk; c++) s += w * (c * 1000003) + w * (w - 1) / 2;
    return s;
}

/* pipe and unix socket: the child writes, the parent reads. */
static uint64_t through_fds(int rfd, int wfd)
{
    uint64_t *buf = aligned_alloc(4096, chunk), sum = 0;
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); exit(1); }
    if (pid == 0) {
        close(rfd);
        for (size_t c = 0; c < total / chunk; c++) {
            produce(buf, c);
            for (size_t off = 0; off < chunk; ) {
                ssize_t n = write(wfd, (char *)buf + off, chunk - off);
                if (n <= 0) { perror("write"); _exit(1); }
                off += n;
            }
        }
        _exit(0);
    }
    close(wfd);
    for (size_t c = 0; c < total / chunk; c++) {
        for (size_t off = 0; off < chunk; ) {    /* a read may return less than asked */
            ssize_t n = read(rfd, (char *)buf + off, chunk - off);
            if (n <= 0) { fprintf(stderr, "read: the writer died\n"); exit(1); }
            off += n;
        }
        sum += consume(buf);
    }
    close(rfd);
    waitpid(pid, NULL, 0);
    free(buf);
    return sum;
}

struct ring {
    sem_t free_slots, full_slots;           /* process-shared: they live in the shared page */
    char pad[4096 - 2 * sizeof(sem_t)];
    char data[];                            /* slots * chunk bytes */
};

static uint64_t through_shm(void)
{
    size_t size = sizeof(struct ring) + slots * chunk;
    struct ring *r = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (r == MAP_FAILED) { perror("mmap"); exit(1); }
    sem_init(&r->free_slots, 1, slots);
    sem_init(&r->full_slots, 1, 0);
    uint64_t sum = 0;
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); exit(1); }
    if (pid == 0) {
        for (size_t c = 0; c < total / chunk; c++) {
            sem_wait(&r->free_slots);
            produce((uint64_t *)(r->data + c % slots * chunk), c);   /* straight into the reader's memory */
            sem_post(&r->full_slots);
        }
        _exit(0);
    }
    for (size_t c = 0; c < total / chunk; c++) {
        sem_wait(&r->full_slots);
        sum += consume((uint64_t *)(r->data + c % slots * chunk));  /* read in place */
        sem_post(&r->free_slots);
    }
    waitpid(pid, NULL, 0);
    munmap(r, size);
    return sum;
}

/* CPU seconds of this process and its reaped children: user, system. */
static void cpu(double *user, double *sys)
{
    struct rusage a, b;
    getrusage(RUSAGE_SELF, &a);
    getrusage(RUSAGE_CHILDREN, &b);
    *user = a.ru_utime.tv_sec + b.ru_utime.tv_sec + (a.ru_utime.tv_usec + b.ru_utime.tv_usec) / 1e6;
    *sys = a.ru_stime.tv_sec + b.ru_stime.tv_sec + (a.ru_stime.tv_usec + b.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv)
{
    long mib = argc > 1 ? atol(argv[1]) : 1024, kib = argc > 2 ? atol(argv[2]) : 256;
    const char *only = argc > 3 ? argv[3] : "all";
    const char *keys[] = { "pipe", "unix", "shm" };
    if (mib < 1 || kib < 4 || kib > 65536 || (mib << 10) % kib != 0 ||
        (strcmp(only, "all") && strcmp(only, "pipe") && strcmp(only, "unix") && strcmp(only, "shm"))) {
        fprintf(stderr, "usage: %s [MIB] [CHUNK_KIB] [pipe|unix|shm]   (CHUNK_KIB must divide MIB*1024)\n", argv[0]);
        return 2;
    }
    total = (size_t)mib << 20;
    chunk = (size_t)kib << 10;
    slots = RING_BYTES / chunk < 2 ? 2 : RING_BYTES / chunk;
    uint64_t want = expected_sum();

    char path[512];
    snprintf(path, sizeof path, "%s/ipcbench.log", getenv("HOME") ? getenv("HOME") : ".");
    FILE *log = strcmp(only, "all") == 0 ? fopen(path, "w") : NULL;

    printf("moving %ld MiB from a child to its parent in %ld KiB chunks, best of %d runs:\n", mib, kib, RUNS);
    const char *names[] = { "pipe", "unix socket", "shared memory" };
    for (int m = 0; m < 3; m++) {
        if (strcmp(only, "all") && strcmp(only, keys[m]))
            continue;
        double best = 1e9, bu = 0, bs = 0;
        int ok = 1;
        for (int run = 0; run < RUNS; run++) {
            double u0, s0, u1, s1, t0 = now();
            cpu(&u0, &s0);
            uint64_t sum;
            int fd[2];
            if (m == 0) {
                if (pipe(fd) < 0) { perror("pipe"); return 1; }
                sum = through_fds(fd[0], fd[1]);
            } else if (m == 1) {
                if (socketpair(AF_UNIX, SOCK_STREAM, 0, fd) < 0) { perror("socketpair"); return 1; }
                sum = through_fds(fd[0], fd[1]);
            } else {
                sum = through_shm();
            }
            double t = now() - t0;
            cpu(&u1, &s1);
            if (sum != want) ok = 0;
            if (t < best) { best = t; bu = u1 - u0; bs = s1 - s0; }
        }
        printf("  %-14s %6.0f MiB/s   %.3f s   CPU: user %.2f s, system %.2f s   %s\n",
               names[m], mib / best, best, bu, bs, ok ? "data ok" : "DATA CORRUPTED");
        fflush(stdout);
        if (log)
            fprintf(log, "method=%s mibps=%.0f seconds=%.3f user=%.2f system=%.2f mib=%ld chunk_kib=%ld data=%s\n",
                    keys[m], mib / best, best, bu, bs, mib, kib, ok ? "ok" : "bad");
    }
    if (log) fclose(log);
    return 0;
}
