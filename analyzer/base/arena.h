/* arena.h - a bump allocator: many small allocations freed together. */
#ifndef LEAKLINT_ARENA_H
#define LEAKLINT_ARENA_H

#include <stddef.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena {
  arena_chunk *head;
  size_t used, size; /* of head */
} arena;

/* Zeroed memory, aligned for any type; never NULL (aborts on OOM). */
void *arena_alloc(arena *a, size_t n);
void *arena_dup(arena *a, const void *p, size_t n);
void arena_free(arena *a);

#endif
