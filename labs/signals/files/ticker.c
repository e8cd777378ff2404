/* ticker: counts seconds, and logs to ~/ticker.log every job-control signal.
 *
 * It prints "tick N" only while it is in the terminal's foreground process
 * group, so it keeps quiet in the background. It catches SIGTSTP (what Ctrl-Z
 * sends) the way full-screen programs such as vim and less do: note it, then
 * stop for real by restoring the default action and raising SIGTSTP again.
 *
 *   gcc -o ticker ticker.c && ./ticker
 */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got_tstp = 0, got_cont = 0;
static void on_tstp(int sig) { (void)sig; got_tstp = 1; }
static void on_cont(int sig) { (void)sig; got_cont = 1; }

static void logf_(const char *fmt, ...)
{
    char path[512];
    snprintf(path, sizeof path, "%s/ticker.log", getenv("HOME") ? getenv("HOME") : ".");
    FILE *f = fopen(path, "a");
    if (!f) return;
    fprintf(f, "pid=%d ", (int)getpid());
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    fclose(f);
}

static void catch(int sig, void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    catch(SIGTSTP, on_tstp);
    catch(SIGCONT, on_cont);
    logf_("started");
    printf("ticker: pid %d. Ctrl-Z stops me, bg/fg continue me, Ctrl-C ends me.\n", (int)getpid());
    fflush(stdout);

    for (int n = 1; n <= 3600; n++) {
        if (got_tstp) {
            got_tstp = 0;
            logf_("got SIGTSTP: stopping now");
            signal(SIGTSTP, SIG_DFL);   /* default action of SIGTSTP: stop */
            raise(SIGTSTP);             /* ...we stay here until SIGCONT */
            catch(SIGTSTP, on_tstp);
        }
        if (got_cont) {
            got_cont = 0;
            logf_("got SIGCONT: running again, %s", tcgetpgrp(STDOUT_FILENO) == getpgrp()
                  ? "in the foreground" : "in the background");
        }
        if (tcgetpgrp(STDOUT_FILENO) == getpgrp()) {
            printf("tick %d\n", n);
            fflush(stdout);
        }
        sleep(1);   /* a caught signal cuts the sleep short (EINTR) */
    }
    return 0;
}
