/*
 * seccomp-exec FILTER COMMAND [ARG...]
 *
 * Loads the classic-BPF seccomp program in FILTER (deny-filter.ts writes it),
 * then execs COMMAND. The bubblewrap driver runs it first thing after
 * nsenter, while still root, so every exec'd check, probe and trace carries
 * the same filter as the learner's shell before any process the learner
 * could ptrace exists. Built by the server at start (gcc is one of the
 * learner's tools), so there is no binary in the repository.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#define MAX_INSTRUCTIONS 4096

int main(int argc, char **argv) {
  static struct sock_filter filter[MAX_INSTRUCTIONS];
  if (argc < 3) {
    fprintf(stderr, "usage: seccomp-exec FILTER COMMAND [ARG...]\n");
    return 127;
  }
  int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "seccomp-exec: %s: %s\n", argv[1], strerror(errno));
    return 127;
  }
  ssize_t n = read(fd, filter, sizeof filter);
  close(fd);
  if (n <= 0 || n % sizeof filter[0] != 0) {
    fprintf(stderr, "seccomp-exec: %s is not a seccomp program\n", argv[1]);
    return 127;
  }
  struct sock_fprog program = { .len = (unsigned short)(n / sizeof filter[0]), .filter = filter };
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) {
    fprintf(stderr, "seccomp-exec: loading the filter: %s\n", strerror(errno));
    return 127;
  }
  execvp(argv[2], argv + 2);
  fprintf(stderr, "seccomp-exec: %s: %s\n", argv[2], strerror(errno));
  return 127;
}
