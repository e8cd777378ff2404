/* recurse: calls itself forever, 1 KiB of stack per call, until the stack
 * runs into its limit and the kernel sends SIGSEGV.
 *
 *   ./recurse                      with the current stack limit (ulimit -s)
 *   (ulimit -s 65536; ./recurse)   with a 64 MiB limit, in a subshell
 *
 * It prints its progress every 1000 calls, a line at a time, so the last line
 * survives the crash even when stdout is a file.
 *
 *   gcc -O0 -o recurse recurse.c
 */
#include <stdio.h>
#include <sys/resource.h>

/* The recursion has no end on purpose. */
#pragma GCC diagnostic ignored "-Winfinite-recursion"

static char *bottom;   /* the address of main's first local: where the stack starts */

static long dive(long depth)
{
    volatile char frame[1024];          /* volatile: the compiler must keep it */
    frame[0] = (char)depth;
    if (depth % 1000 == 0)
        printf("depth %ld, stack used about %ld KiB\n", depth, (long)(bottom - (char *)frame) / 1024);
    return dive(depth + 1) + frame[0];  /* not a tail call: each frame stays */
}

int main(void)
{
    char here;
    struct rlimit rl;

    bottom = &here;
    setvbuf(stdout, NULL, _IOLBF, 0);
    getrlimit(RLIMIT_STACK, &rl);
    if (rl.rlim_cur == RLIM_INFINITY)
        printf("stack limit unlimited\n");
    else
        printf("stack limit %ld KiB\n", (long)rl.rlim_cur / 1024);
    return (int)dive(1);
}
