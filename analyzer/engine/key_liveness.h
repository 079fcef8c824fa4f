/* key_liveness.h - where a path can still use what it knows under a key.
 *
 * The walk remembers the direction a path took at a test, so that the same
 * test later agrees with it, and what a variable holds (a constant, a
 * range).  Once no block reachable from where the path is asks that test
 * again, or names that variable, the knowledge can only tell apart paths
 * that would otherwise meet: forgetting it there lets them meet (a function
 * of many independent "if (x) ... if (x)" pairs then walks each pair once
 * instead of every combination of them).  Keys are interned strings: a
 * test's question, a variable's name.  Private to the engine. */
#ifndef LEAKLINT_KEY_LIVENESS_H
#define LEAKLINT_KEY_LIVENESS_H

#include <stdbool.h>
#include <stdint.h>

#include "hash_table.h"
#include "ir.h"
#include "key_set.h"

typedef struct key_liveness {
  hash_table index; /* interned key -> its number (item: &ids[i]) */
  unsigned *ids;
  unsigned nkeys, words;
  uint64_t *live; /* per block, a bit per key used at or after its entry */
} key_liveness;

/* Adds to gen the keys (interned) block b uses before it redefines them,
 * and to kill those it redefines (a variable written whole): a key is
 * live at a block's entry if the block uses it, or a successor has it
 * live and the block does not redefine it. */
typedef void (*key_uses_fn)(void *ctx, int b, key_set *gen, key_set *kill);

/* Builds, for every block of f, the set of keys some path from its entry
 * uses before redefining them. */
void key_liveness_build(key_liveness *L, const ir_func *f, key_uses_fn uses, void *ctx);
/* Whether key k is one the liveness tracks and no block from b on uses
 * it.  Keys it does not know (used by other means) are never dead. */
bool key_liveness_dead(const key_liveness *L, int b, const char *k);
void key_liveness_free(key_liveness *L);

#endif
