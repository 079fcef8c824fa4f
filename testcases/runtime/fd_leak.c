/* A request handler reads a small file per request.  On the "cache hit" path
 * the faulty handler returns without closing the descriptor it opened.
 * Descriptors are not heap memory: the verifier sees them as a count.
 * Run as `fd_leak leak` or `fd_leak fixed`. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int cache_hit(int request) {
  return request % 3 != 0;
}

static int handle_request(const char *path, int request, int close_on_hit) {
  char buf[128];
  int fd = open(path, O_RDONLY); /* verify[leak]: resource-leak confirmed */
  if (fd < 0)
    return -1;
  if (cache_hit(request)) {
    if (close_on_hit)
      close(fd);
    return 0;
  }
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  return n < 0 ? -1 : (int)n;
}

static int handle_request_fixed(const char *path, int request) {
  char buf[128];
  int fd = open(path, O_RDONLY); /* verify[fixed]: resource-leak not-confirmed */
  if (fd < 0)
    return -1;
  ssize_t n = cache_hit(request) ? 0 : read(fd, buf, sizeof buf);
  close(fd);
  return n < 0 ? -1 : (int)n;
}

int main(int argc, char **argv) {
  int leak = argc > 1 && strcmp(argv[1], "leak") == 0;
  long total = 0;
  for (int i = 0; i < 120; i++) {
    total +=
        leak ? handle_request("/proc/self/stat", i, 0) : handle_request_fixed("/proc/self/stat", i);
    usleep(10 * 1000);
  }
  printf("read %ld bytes\n", total);
  return 0;
}
