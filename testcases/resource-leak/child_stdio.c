/* child_stdio.c - a forked child sets up its standard streams (libuv's
 * uv__process_child_init): a stream with no pipe gets /dev/null, opened
 * right after closing that very number, so the descriptor is the stream
 * itself and is meant to stay open across exec.  dup2() returns its second
 * argument or -1, so after `fd = dup2(use_fd, fd)` and `fd == -1` false,
 * fd is still the stream number it was.  The close is the raw system call,
 * syscall(SYS_close, fd). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* close(2) without the cancellation point, as libuv calls it */
static int close_nocancel(int fd) {
  return syscall(SYS_close, fd);
}

static void write_errno(int error_fd) {
  int n = -1;
  write(error_fd, &n, sizeof n);
  _exit(127);
}

int set_nonblock(int fd, int on);
int set_cloexec(int fd, int on);

void child_stdio(int pipes[][2], int stdio_count, int error_fd) {
  int fd, use_fd, close_fd;
  for (fd = 0; fd < stdio_count; fd++) {
    close_fd = -1;
    use_fd = pipes[fd][1];
    if (use_fd < 0) {
      if (fd >= 3)
        continue;
      close_nocancel(fd); /* free up fd, if it happens to be open */
      use_fd = open("/dev/null", fd == 0 ? O_RDONLY : O_RDWR);
      close_fd = use_fd;
      if (use_fd < 0)
        write_errno(error_fd);
    }
    if (fd == use_fd) {
      if (close_fd == -1)
        set_cloexec(use_fd, 0);
    } else {
      fd = dup2(use_fd, fd);
    }
    if (fd == -1)
      write_errno(error_fd);
    if (fd <= 2 && close_fd == -1)
      set_nonblock(fd, 0);
    if (close_fd >= stdio_count)
      close(close_fd);
  }
}

/* The same shape with a log descriptor opened for each stream and closed
 * only for the streams past stderr: the others leak each round. */
void child_logs(int stdio_count, int error_fd) {
  int fd, log_fd;
  for (fd = 0; fd < stdio_count; fd++) {
    log_fd = open("/tmp/child.log", O_WRONLY | O_APPEND); // expect: resource-leak
    if (log_fd < 0) {
      write_errno(error_fd);
      continue;
    }
    if (fd >= 3)
      close(log_fd);
  }
}

/* The classic detach: the three streams closed, then /dev/null opened and
 * duplicated twice; each call takes the lowest free number, 0, 1 and 2. */
int detach_stdio(void) {
  close(0);
  close(1);
  close(2);
  if (open("/dev/null", O_RDWR) < 0)
    return -1;
  dup(0);
  dup(0);
  return 0;
}

/* Only stdin closed: the second open is a descriptor of its own. */
int reopen_input(const char *path) {
  close(STDIN_FILENO);
  if (open(path, O_RDONLY) < 0)
    return -1;
  int log = open("/tmp/reopen.log", O_WRONLY | O_CREAT, 0600);
  if (log < 0)
    return -1;
  return 0; // expect: resource-leak
}
