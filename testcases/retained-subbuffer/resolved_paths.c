/* resolved_paths.c - realpath(path, NULL) returns a new block (and getcwd(NULL, 0)
 * in glibc); a pointer into it that outlives the call strands it.  With a
 * caller's buffer, realpath() returns that buffer: nothing to free. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct module {
  const char *name; /* the file name, for messages */
  char *dir;        /* owned */
};

/* The base name of the resolved path, kept for good: the block is lost. */
const char *module_name(const char *path) {
  char *full = realpath(path, NULL);
  if (full == NULL)
    return path;
  char *slash = strrchr(full, '/');
  if (slash == NULL)
    return full;
  return slash + 1; // expect: retained-subbuffer
}

/* The directory is kept whole and the name copied out: nothing lost. */
int module_init(struct module *m, const char *path) {
  char *full = realpath(path, NULL);
  if (full == NULL)
    return -1;
  char *slash = strrchr(full, '/');
  m->name = strdup(slash ? slash + 1 : full);
  if (slash)
    *slash = '\0';
  m->dir = full;
  return m->name ? 0 : -1;
}

/* Into a caller's buffer: the result is the buffer. */
size_t resolved_length(const char *path) {
  char buf[PATH_MAX];
  char *r = realpath(path, buf);
  return r ? strlen(r) : 0;
}

/* getcwd(NULL, 0) allocates: forgetting it is a leak. */
int in_directory(const char *dir) {
  char *cwd = getcwd(NULL, 0);
  if (cwd == NULL)
    return -1;
  if (strcmp(cwd, dir) != 0)
    return 0; // expect: resource-leak
  free(cwd);
  return 1;
}
