/* hash_table.c - see hash_table.h.  Linear probing, at most half full. */
#include "hash_table.h"

#include "util.h"

/* Where a hash starts probing: mixed, so that identities used as hashes
 * (aligned pointers) spread over the slots. */
static size_t home(uint64_t hash, size_t mask) {
  hash ^= hash >> 31;
  hash *= 0xbf58476d1ce4e5b9ull;
  return (size_t)(hash ^ (hash >> 29)) & mask;
}

static size_t probe(const hash_table *t, uint64_t hash, hash_same_fn same, const void *key) {
  size_t mask = t->cap - 1;
  for (size_t i = home(hash, mask);; i = (i + 1) & mask) {
    const hash_slot *s = &t->slots[i];
    if (!s->item || (s->hash == hash && (!same || same(s->item, key))))
      return i;
  }
}

void *hash_find(const hash_table *t, uint64_t hash, hash_same_fn same, const void *key) {
  return t->cap ? t->slots[probe(t, hash, same, key)].item : NULL;
}

static void grow(hash_table *t) {
  hash_slot *old = t->slots;
  size_t old_cap = t->cap;
  t->cap = old_cap ? old_cap * 2 : 64;
  t->slots = xcalloc(t->cap, sizeof *t->slots);
  for (size_t i = 0; i < old_cap; i++)
    if (old[i].item) {
      size_t mask = t->cap - 1, j = home(old[i].hash, mask);
      while (t->slots[j].item)
        j = (j + 1) & mask;
      t->slots[j] = old[i];
    }
  free(old);
}

hash_slot *hash_slot_for(hash_table *t, uint64_t hash, hash_same_fn same, const void *key) {
  if ((t->count + 1) * 2 > t->cap)
    grow(t);
  hash_slot *s = &t->slots[probe(t, hash, same, key)];
  if (!s->item) {
    /* Counted now: the caller fills it before anything else probes. */
    s->hash = hash;
    t->count++;
  }
  return s;
}

void hash_each(const hash_table *t, void (*fn)(void *item, void *ctx), void *ctx) {
  for (size_t i = 0; i < t->cap; i++)
    if (t->slots[i].item)
      fn(t->slots[i].item, ctx);
}

void hash_free(hash_table *t) {
  free(t->slots);
  *t = (hash_table){0};
}

uint64_t hash_string(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

uint64_t hash_pointers(const void *a, const void *b) {
  uint64_t h = (uintptr_t)a * 0x9e3779b97f4a7c15ull;
  h ^= ((uintptr_t)b + (h << 6) + (h >> 2)) * 0xff51afd7ed558ccdull;
  return h ^ (h >> 29);
}
