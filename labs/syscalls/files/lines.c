/* lines: counts the lines of a file and their longest one, the stdio way:
 * fopen, fgets line by line, strlen. Many library calls, few system calls,
 * because stdio reads the file in 4 KiB blocks and hands out lines from its
 * buffer.
 *
 *   ./lines /usr/include/stdio.h
 *   ltrace -c ./lines /usr/include/stdio.h     library calls
 *   strace -c ./lines /usr/include/stdio.h     system calls
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/usr/include/stdio.h";
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    char line[4096];
    long count = 0;
    size_t longest = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        size_t len = strlen(line);
        if (len > longest)
            longest = len;
        count++;
    }
    fclose(f);
    printf("%s: %ld lines, the longest %zu bytes\n", path, count, longest);
    return 0;
}
