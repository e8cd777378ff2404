/* shipper: reads events from stdin and ships them to the log store.
 *
 *   ./exporter | ./shipper
 *
 * Shipping is simulated: it counts the bytes and lines it read, and every
 * MiB writes a progress line to stdout (the incident script sends it to
 * ~/shipper.log).
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
    char buf[65536];
    long total = 0, next_report = 1L << 20;
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n <= 0) break;
        total += n;
        if (total >= next_report) {
            char ts[32];
            time_t t = time(NULL);
            strftime(ts, sizeof ts, "%H:%M:%S", localtime(&t));
            printf("%s shipper %d: %ld bytes shipped\n", ts, (int)getpid(), total);
            next_report += 1L << 20;
        }
    }
    printf("shipper: end of input after %ld bytes\n", total);
    return 0;
}
