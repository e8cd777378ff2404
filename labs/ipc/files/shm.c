/* shm: POSIX shared memory, a named object in /dev/shm that processes map.
 *
 *   ./shm write NAME TEXT   create NAME (4 KiB) if needed, copy TEXT into it
 *   ./shm read NAME         print the text it holds
 *   ./shm watch NAME        map it, and print its text each time it changes
 *                           (runs until you stop it)
 *   ./shm unlink NAME       remove the name (the memory goes when the last
 *                           process unmaps it)
 *
 * NAME is like /board. shm_open() creates /dev/shm/board: a file on a tmpfs,
 * so its pages are plain RAM. mmap(MAP_SHARED) puts those same pages in each
 * process's address space: a store by one is a load away for the others,
 * with no system call and no copy in between.
 *
 *   gcc -o shm shm.c
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SIZE 4096

static char *map(const char *name, int flags)
{
    int fd = shm_open(name, flags, 0600);
    if (fd < 0) { perror(name); exit(1); }
    if ((flags & O_CREAT) && ftruncate(fd, SIZE) < 0) { perror("ftruncate"); exit(1); }
    char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) { perror("mmap"); exit(1); }
    close(fd);          /* the mapping keeps the object in use, the fd is not needed */
    return p;
}

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[1], "write") == 0 && argc < 4)) {
        fprintf(stderr, "usage: %s write NAME TEXT | read NAME | watch NAME | unlink NAME\n", argv[0]);
        return 2;
    }
    const char *cmd = argv[1], *name = argv[2];

    if (strcmp(cmd, "write") == 0) {
        char *p = map(name, O_RDWR | O_CREAT);
        snprintf(p, SIZE, "%s", argv[3]);   /* an ordinary store into memory */
        printf("wrote %zu bytes into %s (/dev/shm%s)\n", strlen(p), name, name[0] == '/' ? name : "/");
    } else if (strcmp(cmd, "read") == 0) {
        char *p = map(name, O_RDWR);
        printf("%.*s\n", SIZE, p);
    } else if (strcmp(cmd, "watch") == 0) {
        char *p = map(name, O_RDWR);
        char last[SIZE + 1] = "";
        struct timespec tick = { 0, 100 * 1000 * 1000 };
        printf("shm %d: watching %s, mapped at %p\n", (int)getpid(), name, (void *)p);
        fflush(stdout);
        for (;;) {
            /* Only loads from memory: no read(), nothing the kernel sees. */
            if (strncmp(last, p, SIZE) != 0) {
                snprintf(last, sizeof last, "%.*s", SIZE, p);
                printf("shm %d: %s now says: %s\n", (int)getpid(), name, last);
                fflush(stdout);
            }
            nanosleep(&tick, NULL);
        }
    } else if (strcmp(cmd, "unlink") == 0) {
        if (shm_unlink(name) < 0) { perror(name); return 1; }
    } else {
        fprintf(stderr, "unknown command %s\n", cmd);
        return 2;
    }
    return 0;
}
