/* counter: two processes add to one counter in shared memory.
 *
 *   ./counter race     plain counter++ : a load, an add and a store
 *   ./counter atomic   one atomic read-modify-write instruction (lock xadd)
 *   ./counter sem      counter++ inside a POSIX named semaphore, used as a lock
 *
 * Each of the two children adds 1 ten million times (give another count as
 * a second argument), so the end result should be 20000000. Appends a line
 * to ~/counter.log.
 *
 * The counter lives in a MAP_SHARED anonymous mapping made before fork():
 * the same shared memory pages as a /dev/shm object, without a name.
 * The semaphore is named, /counter-lock, so it shows as
 * /dev/shm/sem.counter-lock (it is left there after the run, to be seen).
 *
 *   gcc -o counter counter.c
 */
#define _GNU_SOURCE             /* sched_setaffinity, CPU_SET */
#include <fcntl.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WORKERS 2

/* Put worker w on a CPU of its own, when there are enough, so that the
 * two really run at the same moment, as on any busy multi-core server.
 * (On one CPU the race still happens, only more rarely: when the
 * scheduler preempts a worker between its load and its store.) */
static void pin(int w)
{
    cpu_set_t allowed, one;
    if (sched_getaffinity(0, sizeof allowed, &allowed) < 0 || CPU_COUNT(&allowed) < WORKERS)
        return;
    for (int cpu = 0, seen = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &allowed) || seen++ != w)
            continue;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        sched_setaffinity(0, sizeof one, &one);
        return;
    }
}

/* Three ways to add n to *c. noinline keeps each a function of its own, so
 * that objdump --disassemble=add_race shows just its loop. */
__attribute__((noinline)) static void add_race(volatile long *c, long n)
{
    for (long i = 0; i < n; i++)
        (*c)++;                                 /* load, add, store */
}

__attribute__((noinline)) static void add_atomic(volatile long *c, long n)
{
    for (long i = 0; i < n; i++)
        __atomic_fetch_add(c, 1, __ATOMIC_RELAXED);     /* one locked instruction */
}

__attribute__((noinline)) static void add_locked(volatile long *c, long n, sem_t *lock)
{
    for (long i = 0; i < n; i++) {
        sem_wait(lock);                         /* P: take the lock (value 1 -> 0) */
        (*c)++;
        sem_post(lock);                         /* V: give it back (0 -> 1) */
    }
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    long each = argc > 2 ? atol(argv[2]) : 10000000;
    if ((strcmp(mode, "race") && strcmp(mode, "atomic") && strcmp(mode, "sem")) || each < 1) {
        fprintf(stderr, "usage: %s race|atomic|sem [COUNT]\n", argv[0]);
        return 2;
    }

    /* volatile: every ++ really loads and stores memory (the compiler may
     * not keep the counter in a register). It does NOT make ++ atomic. */
    volatile long *shared = mmap(NULL, 2 * sizeof(long), PROT_READ | PROT_WRITE,
                                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) { perror("mmap"); return 1; }
    volatile long *counter = &shared[0], *ready = &shared[1];

    sem_t *lock = NULL;
    if (strcmp(mode, "sem") == 0) {
        sem_unlink("/counter-lock");    /* start from a fresh semaphore, value 1 */
        lock = sem_open("/counter-lock", O_CREAT | O_EXCL, 0600, 1);
        if (lock == SEM_FAILED) { perror("sem_open"); return 1; }
    }

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int w = 0; w < WORKERS; w++) {
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 1; }
        if (pid > 0) continue;
        pin(w);
        /* Start line: wait until both workers are here, so that they really
         * run at the same time (else the first could finish before the
         * second has even started). */
        __atomic_fetch_add(ready, 1, __ATOMIC_SEQ_CST);
        while (__atomic_load_n(ready, __ATOMIC_SEQ_CST) < WORKERS)
            ;
        if (mode[0] == 'r')
            add_race(counter, each);
        else if (mode[0] == 'a')
            add_atomic(counter, each);
        else
            add_locked(counter, each, lock);
        _exit(0);
    }
    while (wait(NULL) > 0)
        ;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;

    long want = each * WORKERS, got = *counter;
    printf("%-6s expected %ld, got %ld: %ld updates lost (%.3f s)\n", mode, want, got, want - got, secs);

    char path[512];
    snprintf(path, sizeof path, "%s/counter.log", getenv("HOME") ? getenv("HOME") : ".");
    FILE *log = fopen(path, "a");
    if (log) {
        fprintf(log, "mode=%s expected=%ld got=%ld lost=%ld seconds=%.3f\n", mode, want, got, want - got, secs);
        fclose(log);
    }
    return 0;
}
