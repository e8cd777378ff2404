/* bench: what a system call costs, against a vDSO call that does the same
 * job without entering the kernel.
 *
 *   getppid()                    a real system call: syscall instruction,
 *                                kernel entry, return
 *   syscall(SYS_clock_gettime)   clock_gettime forced through the kernel
 *   clock_gettime()              glibc calls the vDSO: code the kernel maps
 *                                into every process, run in user space
 *
 * Each is called N times (default 1000000), in 5 rounds; the best round of
 * each is printed, so that a round slowed by another process on the CPU
 * does not count.
 *
 *   gcc -O2 -o bench bench.c
 *   ./bench
 *   strace -c ./bench 1000
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 5

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);         /* the vDSO: no system call */
    return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    long per = n / ROUNDS;
    if (per < 1)
        per = 1;
    double best[3] = {1e30, 1e30, 1e30};
    struct timespec ts;
    volatile long sink = 0;                     /* keeps the loops from being optimised away */

    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now_ns();
        for (long i = 0; i < per; i++)
            sink += getppid();
        double t1 = now_ns();
        for (long i = 0; i < per; i++) {
            syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
            sink += ts.tv_nsec;
        }
        double t2 = now_ns();
        for (long i = 0; i < per; i++) {
            clock_gettime(CLOCK_MONOTONIC, &ts);
            sink += ts.tv_nsec;
        }
        double t3 = now_ns();
        double took[3] = {t1 - t0, t2 - t1, t3 - t2};
        for (int k = 0; k < 3; k++)
            if (took[k] / per < best[k])
                best[k] = took[k] / per;
    }
    printf("bench: %ld calls of each, best of %d rounds\n", per * ROUNDS, ROUNDS);
    printf("getppid()                    %8.1f ns/call   system call\n", best[0]);
    printf("syscall(SYS_clock_gettime)   %8.1f ns/call   system call\n", best[1]);
    printf("clock_gettime()              %8.1f ns/call   vDSO, no system call\n", best[2]);
    return 0;
}
