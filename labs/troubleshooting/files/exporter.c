/* exporter: writes the hour's events to stdout, for a shipper to send on.
 *
 *   ./exporter | ./shipper
 *
 * Each hour it exports a batch of BATCH_BYTES of event lines as fast as its
 * reader takes them, then sleeps until the next batch. It writes with plain
 * blocking write(2), so when its reader stops reading, the pipe fills
 * (64 KiB) and exporter sleeps inside write(), using no CPU and making no
 * progress: it looks "hung", yet nothing is wrong with it.
 *
 * Progress goes to stderr (the incident script sends it to ~/exporter.log).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCH_BYTES (4L << 20)            /* 4 MiB of events per batch */

static void stamp(void)
{
    char buf[32];
    time_t t = time(NULL);
    strftime(buf, sizeof buf, "%H:%M:%S", localtime(&t));
    fprintf(stderr, "%s exporter %d: ", buf, (int)getpid());
}

/* write() until all of it is out: a pipe may take part of a big write. */
static int write_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(1, p, n);
        if (w < 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int main(void)
{
    char line[160];
    for (unsigned long batch = 1;; batch++) {
        stamp();
        fprintf(stderr, "batch %lu: exporting %ld bytes\n", batch, BATCH_BYTES);
        long sent = 0, next_report = 1L << 20;
        for (unsigned long ev = 0; sent < BATCH_BYTES; ev++) {
            int n = snprintf(line, sizeof line,
                             "{\"batch\":%lu,\"event\":%lu,\"kind\":\"checkout\",\"amount_cents\":%lu}\n",
                             batch, ev, 100 + (ev * 7919) % 90000);
            if (sent + n > BATCH_BYTES) {           /* pad the batch to its exact size */
                n = (int)(BATCH_BYTES - sent);
                memset(line, ' ', (size_t)n);
                line[n - 1] = '\n';
            }
            if (write_all(line, (size_t)n) < 0) {
                perror("exporter: write");
                return 1;
            }
            sent += n;
            if (sent >= next_report) {
                stamp();
                fprintf(stderr, "batch %lu: %ld bytes sent\n", batch, sent);
                next_report += 1L << 20;
            }
        }
        stamp();
        fprintf(stderr, "batch %lu: complete; next batch in an hour\n", batch);
        sleep(3600);
    }
}
