/* handle_values.c - what a fresh handle's value can be, as real code
 * relies on it: a descriptor is never AT_FDCWD (nginx's openat walk), one
 * that tests <= STDERR_FILENO is a standard stream kept on purpose (redis's
 * daemonize), open() fails with -1 alone, __builtin_expect() is its
 * condition (lighttpd), and a switch on a status is a failure test
 * (lighttpd's glob). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stddef.h>
#include <sys/stat.h>
#include <unistd.h>

int open_path(const char **comp, int n, int rooted) {
  int at_fd = AT_FDCWD, fd = -1;
  if (rooted && (at_fd = open("/", O_RDONLY | O_DIRECTORY)) == -1)
    return -1;
  for (int i = 0; i < n; i++) {
    fd = openat(at_fd, comp[i], O_RDONLY | O_NOFOLLOW);
    if (fd == -1)
      break;
    if (at_fd != AT_FDCWD)
      close(at_fd);
    at_fd = fd;
  }
  if (at_fd != AT_FDCWD && at_fd != fd)
    close(at_fd);
  return fd;
}

void daemonize_stdio(void) {
  int fd;
  if ((fd = open("/dev/null", O_RDWR, 0)) != -1) {
    dup2(fd, STDIN_FILENO);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    if (fd > STDERR_FILENO)
      close(fd);
  }
}

void cache_trim(void);

int open_rdonly_fstat(const char *name, struct stat *st) {
  int fd = open(name, O_RDONLY | O_CLOEXEC);
  if (__builtin_expect((fd < 0), 0) && errno == EMFILE) {
    cache_trim();
    fd = open(name, O_RDONLY | O_CLOEXEC);
  }
  if (fd >= 0) {
    if (0 == fstat(fd, st))
      return fd;
    close(fd);
  }
  return -1;
}

int parse_one(const char *fn);

int parse_glob(const char *pattern) {
  int ret = -1;
  glob_t gl;
  switch (glob(pattern, 0, NULL, &gl)) {
  case 0:
    for (size_t i = 0; i < gl.gl_pathc; ++i)
      if (0 != (ret = parse_one(gl.gl_pathv[i])))
        break;
    globfree(&gl);
    break;
  case GLOB_NOMATCH:
    ret = 0;
    break;
  case GLOB_ABORTED:
  case GLOB_NOSPACE:
    break;
  }
  return ret;
}

int count_matches(const char *pattern) {
  glob_t gl;
  int r = glob(pattern, 0, NULL, &gl);
  if (r == GLOB_NOMATCH)
    return 0;
  if (r != 0)
    return -1;
  int n = (int)gl.gl_pathc;
  if (n > 100)
    return -1; // expect: resource-leak "glob result 'gl' from glob() is not released on this path"
  globfree(&gl);
  return n;
}

/* An enum constant tested for the failure value: CURLUE_OUT_OF_MEMORY is
 * nonzero, so the output was not set (curl's peer.c). */
typedef enum { CURLUE_OK = 0, CURLUE_OUT_OF_MEMORY = 7, CURLUE_NO_PORT = 20 } CURLUcode;
typedef struct Curl_URL CURLU;
CURLUcode curl_url_get(const CURLU *u, int what, char **part, unsigned int flags);
void curl_free(void *p);
int atoi(const char *s);

int get_port(CURLU *uh) {
  char *portptr;
  CURLUcode uc = curl_url_get(uh, 8, &portptr, 0);
  if (uc == CURLUE_OUT_OF_MEMORY)
    return -1;
  int n = 80;
  if (!uc) {
    n = atoi(portptr);
    curl_free(portptr);
  }
  return n;
}

/* fcntl(F_DUPFD_CLOEXEC) makes a new descriptor (lighttpd's
 * fdevent_dup_cloexec); other fcntl commands only use theirs. */
static int dup_cloexec(int fd) {
  return fcntl(fd, F_DUPFD_CLOEXEC, 3);
}

int check_dup(int fd) {
  int copy = dup_cloexec(fd);
  if (copy < 0)
    return -1;
  if (fcntl(copy, F_GETFL) < 0)
    return -1; // expect: resource-leak
  return close(copy);
}
