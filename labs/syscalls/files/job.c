/* job: a "nightly job" that must not run twice at once, so it takes an
 * exclusive lock on ~/job.lock with flock(2) before it works. If another
 * process holds the lock, it waits, and looks hung.
 *
 *   flock ~/job.lock sleep 1000 &     someone else holds the lock
 *   ./job &                           waits in flock()
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

int main(void)
{
    const char *home = getenv("HOME");
    char path[4096];
    snprintf(path, sizeof path, "%s/job.lock", home ? home : ".");
    setvbuf(stdout, NULL, _IONBF, 0);

    int fd = open(path, O_RDWR | O_CREAT, 0644);
    if (fd < 0) {
        perror(path);
        return 1;
    }
    printf("job %d: waiting for the lock on %s\n", (int)getpid(), path);
    if (flock(fd, LOCK_EX) < 0) {               /* blocks while another holds it */
        perror("flock");
        return 1;
    }
    printf("job %d: got the lock, working\n", (int)getpid());
    usleep(100 * 1000);                         /* the "work" */
    printf("job %d: done\n", (int)getpid());
    return 0;
}
