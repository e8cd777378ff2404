/* sysvshm: System V shared memory, the older API: a segment named by a
 * numeric key, listed by ipcs -m, not in any directory.
 *
 *   ./sysvshm create TEXT   create the segment (key 0x5157ab1e, 4 KiB) if
 *                           needed, attach it, copy TEXT in, detach, exit
 *   ./sysvshm read          attach it and print the text
 *   ./sysvshm hold          attach it and stay attached until stopped
 *   ./sysvshm remove        mark it for removal (IPC_RMID)
 *
 * Real programs usually derive the key from a file with ftok(path, id), so
 * that unrelated programs agree on it; a fixed number does the same here.
 *
 *   gcc -o sysvshm sysvshm.c
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

#define KEY ((key_t)0x5157ab1e)
#define SIZE 4096

static int segment(int flags)
{
    int id = shmget(KEY, SIZE, flags | 0600);
    if (id < 0) {
        if (errno == ENOENT)
            fprintf(stderr, "no segment with key 0x%08x yet: run ./sysvshm create TEXT first\n", (unsigned)KEY);
        else
            perror("shmget");
        exit(1);
    }
    return id;
}

static char *attach(int id)
{
    char *p = shmat(id, NULL, 0);
    if (p == (void *)-1) { perror("shmat"); exit(1); }
    return p;
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "";

    if (strcmp(cmd, "create") == 0 && argc > 2) {
        int id = segment(IPC_CREAT);
        char *p = attach(id);
        snprintf(p, SIZE, "%s", argv[2]);
        shmdt(p);
        printf("segment key 0x%08x has shmid %d; wrote %zu bytes, detached, exiting\n",
               (unsigned)KEY, id, strlen(argv[2]));
    } else if (strcmp(cmd, "read") == 0) {
        int id = segment(0);
        char *p = attach(id);
        printf("shmid %d says: %.*s\n", id, SIZE, p);
        shmdt(p);
    } else if (strcmp(cmd, "hold") == 0) {
        int id = segment(0);
        char *p = attach(id);
        printf("sysvshm %d: attached shmid %d at %p; it says: %.*s\n", (int)getpid(), id, (void *)p, SIZE, p);
        fflush(stdout);
        for (;;)
            pause();    /* stays attached; a signal's default action ends it */
    } else if (strcmp(cmd, "remove") == 0) {
        int id = segment(0);
        if (shmctl(id, IPC_RMID, NULL) < 0) { perror("shmctl IPC_RMID"); return 1; }
        printf("shmid %d marked for removal: it goes when the last process detaches\n", id);
    } else {
        fprintf(stderr, "usage: %s create TEXT | read | hold | remove\n", argv[0]);
        return 2;
    }
    return 0;
}
