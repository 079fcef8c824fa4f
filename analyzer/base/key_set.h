/* key_set.h - a small set of interned strings (lock keys, condition
 * texts).  Sets stay a handful of items, so a linear scan over pointers
 * beats hashing. */
#ifndef LEAKLINT_KEY_SET_H
#define LEAKLINT_KEY_SET_H

#include <stdbool.h>

#include "util.h"

typedef struct key_set {
  const char **items;
  unsigned n, cap;
} key_set;

static inline bool key_in(const key_set *set, const char *key) {
  for (unsigned i = 0; i < set->n; i++)
    if (set->items[i] == key)
      return true;
  return false;
}

static inline void key_add(key_set *set, const char *key) {
  if (key_in(set, key))
    return;
  LL_GROW(set->items, set->n, set->cap);
  set->items[set->n++] = key;
}

static inline void key_set_free(key_set *set) {
  free(set->items);
  *set = (key_set){0};
}

#endif
