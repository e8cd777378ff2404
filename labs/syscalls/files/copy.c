/* copy: copies standard input to standard output with read(2) and write(2),
 * SIZE bytes at a time (default 4096). No stdio buffering: every read() and
 * write() below is one system call.
 *
 *   ./copy 1     < /usr/include/stdio.h > /dev/null
 *   ./copy 65536 < /usr/include/stdio.h > /dev/null
 *
 *   strace -c ./copy 1 < /usr/include/stdio.h > /dev/null
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    size_t size = argc > 1 ? strtoul(argv[1], NULL, 0) : 4096;
    if (size == 0) {
        fprintf(stderr, "usage: %s [SIZE]   (SIZE > 0)\n", argv[0]);
        return 2;
    }
    char *buf = malloc(size);
    if (buf == NULL) {
        perror("malloc");
        return 1;
    }
    ssize_t n;
    while ((n = read(0, buf, size)) > 0) {
        if (write(1, buf, n) != n) {
            perror("write");
            return 1;
        }
    }
    if (n < 0) {
        perror("read");
        return 1;
    }
    return 0;
}
