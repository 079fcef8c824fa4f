/* arena.c - see arena.h. */
#include "arena.h"

#include <stdalign.h>
#include <string.h>

#include "util.h"

struct arena_chunk {
  arena_chunk *next;
  alignas(max_align_t) unsigned char data[];
};

void *arena_alloc(arena *a, size_t n) {
  n = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
  if (!a->head || a->used + n > a->size) {
    size_t size = n > 16384 ? n : 16384;
    arena_chunk *c = xmalloc(sizeof *c + size);
    c->next = a->head;
    a->head = c;
    a->used = 0;
    a->size = size;
  }
  void *p = a->head->data + a->used;
  a->used += n;
  memset(p, 0, n);
  return p;
}

void *arena_dup(arena *a, const void *p, size_t n) {
  void *q = arena_alloc(a, n);
  if (n)
    memcpy(q, p, n);
  return q;
}

void arena_free(arena *a) {
  arena_chunk *c = a->head;
  while (c) {
    arena_chunk *next = c->next;
    free(c);
    c = next;
  }
  a->head = NULL;
  a->used = a->size = 0;
}
