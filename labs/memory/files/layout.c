/* layout: prints where each kind of variable lives, then waits.
 *
 *   ./layout           print the addresses, then sleep until killed
 *   ./layout --once    print the addresses and exit (for comparing runs)
 *
 * Each line is: a region name, an address, and what lives there. Find the
 * line of /proc/PID/maps that contains each address.
 *
 *   gcc -o layout layout.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int initialised = 42;          /* .data: has a value, stored in the file   */
char uninitialised[64 * 1024]; /* .bss: all zero, takes no room in the file */

int main(int argc, char **argv)
{
    int local = 7;                          /* on the stack              */
    char *small = malloc(64);               /* under 128 KiB: the heap   */
    char *big = malloc(1024 * 1024);        /* over 128 KiB: its own mmap */

    setvbuf(stdout, NULL, _IOLBF, 0);       /* a line at a time, even into a file */
    printf("pid   %d\n", (int)getpid());
    printf("text  %p  main(), machine code\n", (void *)main);
    printf("data  %p  int initialised = 42;\n", (void *)&initialised);
    printf("bss   %p  char uninitialised[64 KiB], its middle byte\n",
           (void *)&uninitialised[32 * 1024]);
    printf("heap  %p  malloc(64)\n", (void *)small);
    printf("mmap  %p  malloc(1 MiB)\n", (void *)big);
    printf("libc  %p  printf(), in the C library\n", (void *)printf);
    printf("stack %p  int local;\n", (void *)&local);

    if (argc > 1 && strcmp(argv[1], "--once") == 0)
        return 0;
    for (;;)
        pause();                            /* wait, doing nothing, until a signal ends us */
}
