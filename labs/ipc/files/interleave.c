/* interleave: several processes write records into ONE pipe; are they
 * kept whole?
 *
 *   ./interleave SIZE [WRITERS] [READSIZE]
 *
 * WRITERS children (default 4) each write 4 MiB to the same pipe as records
 * of SIZE bytes, one write() per record, every byte of a record being the
 * writer's letter (A, B, C...). The parent reads the pipe READSIZE bytes
 * at a time (default 4096) and counts the records that were cut: bytes of
 * another writer arrived between the record's first and last byte.
 *
 * POSIX promises that a write of at most PIPE_BUF bytes (4096 on Linux) is
 * atomic: it lands in the pipe in one piece. A bigger one may be split.
 *
 * It appends a summary line to ~/interleave.log.
 *
 *   gcc -o interleave interleave.c
 */
#include <limits.h>             /* PIPE_BUF */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PER_WRITER (4L << 20)
#define MAX_WRITERS 16

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SIZE [WRITERS] [READSIZE]   e.g. %s 4096\n", argv[0], argv[0]);
        return 2;
    }
    long size = atol(argv[1]);
    int writers = argc > 2 ? atoi(argv[2]) : 4;
    long readsize = argc > 3 ? atol(argv[3]) : 4096;
    if (size < 1 || size > PER_WRITER || writers < 2 || writers > MAX_WRITERS || readsize < 1) {
        fprintf(stderr, "SIZE must be 1..%ld, WRITERS 2..%d, READSIZE at least 1\n", PER_WRITER, MAX_WRITERS);
        return 2;
    }
    long records = PER_WRITER / size;

    int fd[2];
    if (pipe(fd) < 0) { perror("pipe"); return 1; }
    for (int w = 0; w < writers; w++) {
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 1; }
        if (pid == 0) {
            close(fd[0]);
            char *rec = malloc(size);
            memset(rec, 'A' + w, size);
            for (long r = 0; r < records; r++)
                if (write(fd[1], rec, size) != size) { perror("write"); _exit(1); }
            _exit(0);
        }
    }
    close(fd[1]);   /* else read() would never see end of file */

    /* Read the stream. For each writer, seen[w] counts its bytes so far:
     * when the stream switches away from w while seen[w] is not a whole
     * number of records, w's current record was cut. */
    char *buf = malloc(readsize);
    long seen[MAX_WRITERS] = {0}, last_cut[MAX_WRITERS];
    long total = 0, cut = 0;
    int cur = -1;
    ssize_t n;
    for (int w = 0; w < MAX_WRITERS; w++) last_cut[w] = -1;
    while ((n = read(fd[0], buf, readsize)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            int w = buf[i] - 'A';
            if (w != cur) {
                if (cur >= 0 && seen[cur] % size != 0 && last_cut[cur] != seen[cur] / size) {
                    last_cut[cur] = seen[cur] / size;   /* count each record once */
                    cut++;
                }
                cur = w;
            }
            seen[w]++;
        }
        total += n;
    }
    while (wait(NULL) > 0)
        ;

    long all = records * writers;
    printf("%d writers x %ld records of %ld bytes (PIPE_BUF is %d); the reader took %ld bytes per read()\n",
           writers, records, size, PIPE_BUF, readsize);
    printf("%ld bytes arrived; %ld of %ld records were cut by another writer's bytes (%.1f%%)\n",
           total, cut, all, 100.0 * cut / all);

    char path[512];
    snprintf(path, sizeof path, "%s/interleave.log", getenv("HOME") ? getenv("HOME") : ".");
    FILE *log = fopen(path, "a");
    if (log) {
        fprintf(log, "size=%ld writers=%d records=%ld readsize=%ld bytes=%ld cut=%ld\n",
                size, writers, all, readsize, total, cut);
        fclose(log);
    }
    return 0;
}
