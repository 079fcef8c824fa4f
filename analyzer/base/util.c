/* util.c - see util.h. */
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash_table.h"

static void out_of_memory(size_t n) {
  fprintf(stderr, "leaklint: out of memory (%zu bytes)\n", n);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    out_of_memory(n);
  return p;
}

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    out_of_memory(n * size);
  return p;
}

void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q)
    out_of_memory(n);
  return q;
}

char *xstrdup(const char *s) {
  return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n) {
  size_t len = strnlen(s, n);
  char *p = xmalloc(len + 1);
  memcpy(p, s, len);
  p[len] = '\0';
  return p;
}

char *xvasprintf(const char *fmt, va_list ap) {
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (n < 0)
    n = 0;
  char *p = xmalloc((size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *xasprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = xvasprintf(fmt, ap);
  va_end(ap);
  return p;
}

/* Interned strings: one hash table behind one mutex.  Paths are interned
 * once per location record, far from any hot loop. */
static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;
static hash_table interned;

static bool same_string(const void *item, const void *key) {
  return strcmp(item, key) == 0;
}

const char *intern(const char *s) {
  if (!s)
    return NULL;
  pthread_mutex_lock(&intern_lock);
  hash_slot *slot = hash_slot_for(&interned, hash_string(s), same_string, s);
  if (!slot->item)
    slot->item = xstrdup(s);
  const char *r = slot->item;
  pthread_mutex_unlock(&intern_lock);
  return r;
}

const char *intern_format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *t = xvasprintf(fmt, ap);
  va_end(ap);
  const char *k = intern(t);
  free(t);
  return k;
}

char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *buf = xmalloc(cap);
  size_t got;
  while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (cap - n - 1 == 0) {
      cap *= 2;
      buf = xrealloc(buf, cap);
    }
  }
  int err = ferror(f) ? errno : 0;
  fclose(f);
  if (err) {
    free(buf);
    errno = err;
    return NULL;
  }
  buf[n] = '\0';
  if (len)
    *len = n;
  return buf;
}

int atomic_file_open(atomic_file *af, const char *path) {
  memset(af, 0, sizeof *af);
  if (strcmp(path, "-") == 0) {
    af->fp = stdout;
    return 0;
  }
  af->path = xstrdup(path);
  af->tmp = xasprintf("%s.tmp.XXXXXX", path);
  int fd = mkstemp(af->tmp);
  if (fd < 0)
    goto fail;
  /* mkstemp makes it 0600; a report is an ordinary file (0666 & ~umask). */
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  af->fp = fdopen(fd, "w");
  if (!af->fp) {
    close(fd);
    unlink(af->tmp);
    goto fail;
  }
  return 0;
fail:;
  int err = errno;
  free(af->path);
  free(af->tmp);
  memset(af, 0, sizeof *af);
  errno = err;
  return -1;
}

int atomic_file_commit(atomic_file *af) {
  if (!af->tmp) { /* stdout */
    int rc = fflush(af->fp) == 0 && !ferror(af->fp) ? 0 : -1;
    memset(af, 0, sizeof *af);
    return rc;
  }
  int rc = 0;
  if (fflush(af->fp) != 0 || ferror(af->fp) || fsync(fileno(af->fp)) != 0)
    rc = -1;
  if (fclose(af->fp) != 0)
    rc = -1;
  if (rc == 0 && rename(af->tmp, af->path) != 0)
    rc = -1;
  int err = errno;
  if (rc != 0)
    unlink(af->tmp);
  free(af->path);
  free(af->tmp);
  memset(af, 0, sizeof *af);
  errno = err;
  return rc;
}

void atomic_file_abort(atomic_file *af) {
  if (af->tmp) {
    fclose(af->fp);
    unlink(af->tmp);
  }
  free(af->path);
  free(af->tmp);
  memset(af, 0, sizeof *af);
}

bool str_ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

bool str_starts_with(const char *s, const char *prefix) {
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool dir_of_path(const char *path, char buf[], size_t size) {
  char resolved[PATH_MAX];
  if (!realpath(path, resolved) || strlen(resolved) >= size)
    return false;
  strcpy(buf, resolved);
  struct stat st;
  if (stat(buf, &st) == 0 && !S_ISDIR(st.st_mode)) {
    char *slash = strrchr(buf, '/');
    if (slash)
      *(slash == buf ? slash + 1 : slash) = '\0';
  }
  return true;
}

bool up_one_dir(char *dir) {
  char *slash = strrchr(dir, '/');
  if (!slash || slash == dir)
    return false;
  *slash = '\0';
  return true;
}
