/* raw: three ways to make the same system call, write(2), and what each
 * returns on success and on failure (fd 42 is not open: EBADF).
 *
 *   1. write()               the libc wrapper everyone uses
 *   2. syscall(SYS_write,…)  libc's generic wrapper: any call, by number
 *   3. the syscall instruction itself, in inline assembly: no libc at all
 *
 *   ./raw
 *   strace -e trace=write ./raw
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The x86-64 Linux system call convention: the call's number in rax, the
 * arguments in rdi, rsi, rdx (then r10, r8, r9). The kernel returns in rax,
 * and the syscall instruction itself overwrites rcx (the return address) and
 * r11 (the saved flags). */
static long raw_syscall3(long nr, long a1, long a2, long a3)
{
    long ret;
    __asm__ volatile ("syscall"
                      : "=a"(ret)
                      : "a"(nr), "D"(a1), "S"(a2), "d"(a3)
                      : "rcx", "r11", "memory");
    return ret;
}

struct result {
    const char *how;
    int fd;
    long ret;
    int err;
};

int main(void)
{
    static const char m1[] = "1. hello from write()\n";
    static const char m2[] = "2. hello from syscall(SYS_write, ...)\n";
    static const char m3[] = "3. hello from the syscall instruction\n";
    struct result r[6];
    int i = 0;

    /* Make every call first and print the report afterwards, so that the
     * report's own output comes after the six calls in a trace. */
    errno = 0; r[i] = (struct result){"write()", 1, write(1, m1, strlen(m1)), errno}; i++;
    errno = 0; r[i] = (struct result){"write()", 42, write(42, m1, strlen(m1)), errno}; i++;
    errno = 0; r[i] = (struct result){"syscall(SYS_write)", 1, syscall(SYS_write, 1, m2, strlen(m2)), errno}; i++;
    errno = 0; r[i] = (struct result){"syscall(SYS_write)", 42, syscall(SYS_write, 42, m2, strlen(m2)), errno}; i++;
    errno = 0; r[i] = (struct result){"syscall instruction", 1, raw_syscall3(SYS_write, 1, (long)m3, strlen(m3)), errno}; i++;
    errno = 0; r[i] = (struct result){"syscall instruction", 42, raw_syscall3(SYS_write, 42, (long)m3, strlen(m3)), errno}; i++;

    printf("\nSYS_write is system call number %d on this machine\n", SYS_write);
    for (int k = 0; k < i; k++) {
        printf("%-20s fd %-2d returned %3ld   errno %d", r[k].how, r[k].fd, r[k].ret, r[k].err);
        if (r[k].err != 0)
            printf(" (%s: %s)", strerrorname_np(r[k].err), strerror(r[k].err));
        printf("\n");
    }
    return 0;
}
