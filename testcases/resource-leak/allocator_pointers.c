/* allocator_pointers.c - allocators called through file-scope function
 * pointers: one that nothing reassigns calls the function it was
 * initialised with (static void *(*alloc_fn)(size_t) = malloc); redis's
 * oom handler, which a setter may replace, is still a handler that does
 * not return. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *(*alloc_fn)(size_t) = malloc;
static void (*free_fn)(void *) = free;

static void default_oom(size_t size) {
  fprintf(stderr, "out of memory allocating %zu bytes\n", size);
  abort();
}
static void (*oom_handler)(size_t) = default_oom;

void set_oom_handler(void (*h)(size_t)) {
  oom_handler = h;
}

void *zmalloc(size_t size) {
  void *p = alloc_fn(size);
  if (!p)
    oom_handler(size);
  return p;
}

char *dup_name(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = alloc_fn(n);
  if (!p)
    return NULL;
  memcpy(p, s, n);
  return p;
}

int name_len(const char *s) {
  char *copy = dup_name(s);
  if (!copy)
    return -1;
  int n = (int)strlen(copy);
  if (n == 0)
    return 0; // expect: resource-leak "heap memory 'copy' from dup_name() is not released on this path"
  free_fn(copy);
  return n;
}

int fill(size_t n) {
  unsigned char *b = zmalloc(n);
  if (n > 4096)
    return -1; // expect: resource-leak "heap memory 'b' from zmalloc() is not released on this path"
  memset(b, 0, n);
  free_fn(b);
  return 0;
}
