/* hash_table.h - the one open-addressing hash table every layer uses: the
 * string interner, the models' name lookup, the front end's variables, the
 * function index, the summaries and the walk's visited states.
 *
 * It maps a 64-bit hash to an item pointer (never NULL).  Two items with
 * the same hash are told apart by the caller's `same` function (NULL: the
 * hash alone is the identity, as for the walk's state hashes or an
 * interned pointer used as its own hash).  The table
 * owns only its slots; items belong to the caller. */
#ifndef LEAKLINT_HASH_TABLE_H
#define LEAKLINT_HASH_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct hash_slot {
  uint64_t hash;
  void *item; /* NULL: empty */
} hash_slot;

typedef struct hash_table {
  hash_slot *slots;
  size_t cap, count;
} hash_table;

typedef bool (*hash_same_fn)(const void *item, const void *key);

/* The item stored under hash that `same` says is key, or NULL. */
void *hash_find(const hash_table *t, uint64_t hash, hash_same_fn same, const void *key);
/* The slot for key: its item if present, else an empty slot that the
 * caller must fill (with a non-NULL item) before the next call. */
hash_slot *hash_slot_for(hash_table *t, uint64_t hash, hash_same_fn same, const void *key);
/* Calls fn on every item, in slot order. */
void hash_each(const hash_table *t, void (*fn)(void *item, void *ctx), void *ctx);
void hash_free(hash_table *t);

/* FNV-1a over a string; a mix of two pointers (interned keys). */
uint64_t hash_string(const char *s);
uint64_t hash_pointers(const void *a, const void *b);
/* An interned pointer as its own identity (with same == NULL). */
static inline uint64_t hash_identity(const void *p) {
  return (uint64_t)(uintptr_t)p;
}

#endif
