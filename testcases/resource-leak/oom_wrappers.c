/* oom_wrappers.c - allocator wrappers in the shapes real projects write
 * them (git's xmalloc/die, redis's zmalloc with its oom handler pointer,
 * tmux's xcalloc/fatalx): the out-of-memory path does not return, so the
 * wrapper is an allocator that never fails, and what it returns is never
 * NULL in the caller. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* die() is not declared noreturn: it never returns on any path. */
void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  exit(128);
}

void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p)
    die("out of memory, malloc failed (tried to allocate %zu bytes)", n);
  return p;
}

static void zmalloc_default_oom(size_t size) {
  fprintf(stderr, "zmalloc: Out of memory trying to allocate %zu bytes\n", size);
  abort();
}
static void (*zmalloc_oom_handler)(size_t) = zmalloc_default_oom;

void *zmalloc(size_t size) {
  void *ptr = malloc(size);
  if (!ptr)
    zmalloc_oom_handler(size);
  return ptr;
}

struct entry {
  char *key;
  char *val;
};

/* The failure test of a wrapper that cannot fail has no leaking branch. */
struct entry *entry_new(const char *key) {
  struct entry *e = xmalloc(sizeof *e);
  e->key = xmalloc(strlen(key) + 1);
  if (!e->key) {
    free(e);
    return NULL;
  }
  strcpy(e->key, key);
  e->val = NULL;
  return e;
}

int copy_twice(const char *s, char **out) {
  char *a = zmalloc(strlen(s) + 1);
  char *b = zmalloc(strlen(s) + 1);
  strcpy(a, s);
  strcpy(b, s);
  if (strcmp(a, b) != 0)
    return -1; // expect: resource-leak "heap memory 'a' from zmalloc() is not released on this path", resource-leak "heap memory 'b' from zmalloc() is not released on this path"
  free(b);
  *out = a;
  return 0;
}

int parse_line(const char *line) {
  char *copy = xmalloc(strlen(line) + 1);
  strcpy(copy, line);
  if (!strchr(copy, '='))
    die("bad line: %s", line); /* the process ends: nothing leaks here */
  if (copy[0] == '#')
    return 0; // expect: resource-leak "heap memory 'copy' from xmalloc() is not released on this path"
  free(copy);
  return 1;
}

void maybe_free(size_t n) {
  char *p = xmalloc(n);
  memset(p, 0, n);
  if (p)
    free(p);
}

/* A NULL test kept from before the wrapper: its branch cannot be taken. */
int fill(size_t n) {
  char *p = xmalloc(n);
  if (!p)
    return -1;
  memset(p, 1, n);
  free(p);
  return 0;
}
