/* overflow: a classic heap buffer overflow.
 *
 *   ./overflow N     writes N bytes into a 24-byte malloc()ed buffer,
 *                    then frees it and the block allocated after it
 *
 * Up to 24 bytes are fine. More spill into the next block's header, the
 * size field glibc's malloc keeps just before every block it hands out;
 * free() checks it and aborts the program when it makes no sense.
 *
 *   gcc -g -o overflow overflow.c
 *   gcc -g -fsanitize=address -o overflow-asan overflow.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 0) : 24;
    char *name = malloc(24);
    char *next = malloc(24);

    printf("name = %p, next = %p (%td bytes apart)\n", (void *)name, (void *)next, next - name);
    printf("writing %zu bytes into name's 24...\n", n);
    fflush(stdout);
    memset(name, 'A', n);               /* the bug, when n > 24 */
    printf("freeing next, then name\n");
    fflush(stdout);
    free(next);
    free(name);
    printf("no crash\n");
    return 0;
}
