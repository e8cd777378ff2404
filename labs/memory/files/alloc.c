/* alloc: malloc()s each size given on the command line, says where the block
 * landed, then free()s it.
 *
 *   ./alloc 1000 200000 200000
 *
 * glibc serves small requests from the heap, which it grows with brk(), and
 * requests of M_MMAP_THRESHOLD (128 KiB at start) or more with a mmap() of
 * their own. Watch the system calls with:
 *
 *   strace -e trace=brk,mmap,munmap ./alloc 1000 200000 200000
 *
 *   gcc -o alloc alloc.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (int i = 1; i < argc; i++) {
        size_t n = strtoul(argv[i], NULL, 0);
        char *before = sbrk(0);             /* the end of the heap now */
        fprintf(stderr, "--- malloc(%zu)\n", n);
        char *p = malloc(n);
        char *after = sbrk(0);
        if (p == NULL) {
            printf("malloc(%zu) failed\n", n);
            return 1;
        }
        printf("malloc(%zu) = %p  %s\n", n, (void *)p,
               p < after ? (after != before ? "heap (grown with brk)" : "heap")
                         : "mmap (a mapping of its own)");
        fprintf(stderr, "--- free(%p)\n", (void *)p);
        free(p);
    }
    return 0;
}
