/* failure_stored.c - a failure test kept as a value and tested later, in
 * the shape of redis's _dictExpand(d, size, malloc_failed):
 * '*malloc_failed = new_ht_table == NULL; if (*malloc_failed) return'.  The
 * stored 1 or 0 carries what the test told. */
#include <stdlib.h>

struct table {
  void **slots;
  unsigned long size;
};

void *ztrycalloc(size_t n) {
  return calloc(1, n);
}

int table_expand(struct table *t, unsigned long size, int *malloc_failed) {
  void **slots;
  if (malloc_failed) {
    slots = ztrycalloc(size * sizeof(void *));
    *malloc_failed = slots == NULL;
    if (*malloc_failed)
      return -1;
  } else {
    slots = calloc(size, sizeof(void *));
    if (slots == NULL)
      abort();
  }
  free(t->slots);
  t->slots = slots;
  t->size = size;
  return 0;
}

/* A flag for something else: the block is lost on its early return. */
int table_grow(struct table *t, int *too_big) {
  void **slots = ztrycalloc(2 * t->size * sizeof(void *));
  *too_big = t->size > 1024;
  if (slots == NULL)
    return -1;
  if (*too_big)
    return -1; // expect: resource-leak
  free(t->slots);
  t->slots = slots;
  t->size *= 2;
  return 0;
}
