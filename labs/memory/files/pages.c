/* pages: reserves a large block of memory, and touches it only when told.
 *
 *   ./pages &           malloc()s 256 MiB, touches none of it, waits
 *   kill -USR1 PID      touches (writes to) the next 64 MiB of the block
 *
 * Each time it prints VmSize (virtual: all that is mapped) and VmRSS
 * (resident: what is really in RAM) from /proc/self/status.
 *
 *   gcc -o pages pages.c
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIB (1024 * 1024)
#define TOTAL (256 * MIB)
#define STEP (64 * MIB)

static volatile sig_atomic_t requests;

static void on_usr1(int sig)
{
    (void)sig;
    requests++;                         /* only note it; main does the work */
}

static void report(const char *what)
{
    char line[256];
    FILE *f = fopen("/proc/self/status", "r");

    printf("pages %d: %s:", (int)getpid(), what);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmSize:", 7) == 0 || strncmp(line, "VmRSS:", 6) == 0) {
            line[strcspn(line, "\n")] = 0;
            printf("  %s", line);
        }
    printf("\n");
    if (f)
        fclose(f);
}

int main(void)
{
    struct sigaction sa;
    size_t touched = 0;
    char *block;

    setvbuf(stdout, NULL, _IOLBF, 0);
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);

    report("before malloc");
    block = malloc(TOTAL);
    if (block == NULL) {
        perror("malloc");
        return 1;
    }
    report("after malloc(256 MiB), nothing touched");
    for (;;) {
        while (requests == 0)
            pause();
        requests--;
        if (touched == TOTAL) {
            printf("pages %d: all 256 MiB already touched\n", (int)getpid());
            continue;
        }
        /* One write per 4 KiB page is enough: the first write to a page
         * faults, and the kernel gives it a real page of RAM. */
        for (size_t i = touched; i < touched + STEP; i += 4096)
            block[i] = 1;
        touched += STEP;
        char what[64];
        snprintf(what, sizeof what, "touched %zu MiB", touched / MIB);
        report(what);
    }
}
