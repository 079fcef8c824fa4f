/* proc_fields.c - see proc_fields.h.  Files are opened O_CLOEXEC, so that a
 * concurrent exec in another thread of the program does not inherit them. */
#include "proc_fields.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int proc_read_small(const char *path, char *buf, size_t cap) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t n = read(fd, buf, cap - 1);
  close(fd);
  if (n < 0)
    return -1;
  buf[n] = '\0';
  return (int)n;
}

char proc_state(const char *stat_path) {
  char buf[512];
  if (proc_read_small(stat_path, buf, sizeof buf) < 0)
    return '?';
  const char *close_paren = strrchr(buf, ')'); /* the command name may hold anything */
  return close_paren && close_paren[1] == ' ' ? close_paren[2] : '?';
}

int proc_syscall(const char *syscall_path, long *nr) {
  char buf[256];
  if (proc_read_small(syscall_path, buf, sizeof buf) < 0)
    return -1;
  if (strncmp(buf, "running", 7) == 0)
    return 0;
  *nr = strtol(buf, NULL, 10);
  return 1;
}
