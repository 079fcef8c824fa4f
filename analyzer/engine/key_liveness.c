/* key_liveness.c - backward liveness of keys over the CFG. */
#include "key_liveness.h"

#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "key_set.h"
#include "util.h"

enum { MAX_BLOCK_SUCCS = 1024 };

static unsigned *id_of(const key_liveness *L, const char *k) {
  return hash_find(&L->index, hash_identity(k), NULL, k);
}

void key_liveness_build(key_liveness *L, const ir_func *f, key_uses_fn uses, void *ctx) {
  *L = (key_liveness){0};
  key_set all = {0};
  key_set *own = xcalloc(f->nblocks ? f->nblocks : 1, sizeof *own);
  for (unsigned b = 0; b < f->nblocks; b++) {
    if (f->blocks[b].reachable)
      uses(ctx, (int)b, &own[b]);
    for (unsigned i = 0; i < own[b].n; i++)
      key_add(&all, own[b].items[i]);
  }
  L->nkeys = all.n;
  L->words = (all.n + 63) / 64;
  if (!all.n) {
    for (unsigned b = 0; b < f->nblocks; b++)
      key_set_free(&own[b]);
    free(own);
    key_set_free(&all);
    return;
  }
  L->ids = xcalloc(all.n, sizeof *L->ids);
  for (unsigned i = 0; i < all.n; i++) {
    L->ids[i] = i;
    hash_slot_for(&L->index, hash_identity(all.items[i]), NULL, all.items[i])->item = &L->ids[i];
  }
  key_set_free(&all);
  /* gen: the block's own keys; then live = gen | live of successors, to a
   * fixpoint (loops carry a key back to their head) */
  uint64_t *gen = xcalloc((size_t)f->nblocks * L->words, sizeof *gen);
  L->live = xcalloc((size_t)f->nblocks * L->words, sizeof *L->live);
  for (unsigned b = 0; b < f->nblocks; b++) {
    for (unsigned i = 0; i < own[b].n; i++) {
      unsigned k = *id_of(L, own[b].items[i]);
      gen[(size_t)b * L->words + k / 64] |= 1ull << (k % 64);
    }
    key_set_free(&own[b]);
  }
  free(own);
  memcpy(L->live, gen, (size_t)f->nblocks * L->words * sizeof *gen);
  int succ[MAX_BLOCK_SUCCS];
  for (bool changed = true; changed;) {
    changed = false;
    for (unsigned b = f->nblocks; b-- > 0;) {
      if (!f->blocks[b].reachable)
        continue;
      uint64_t *mine = &L->live[(size_t)b * L->words];
      unsigned ns = cfg_succs(f, (int)b, succ, MAX_BLOCK_SUCCS);
      for (unsigned i = 0; i < ns; i++) {
        if (succ[i] < 0)
          continue;
        const uint64_t *theirs = &L->live[(size_t)succ[i] * L->words];
        for (unsigned w = 0; w < L->words; w++)
          if (theirs[w] & ~mine[w]) {
            mine[w] |= theirs[w];
            changed = true;
          }
      }
    }
  }
  free(gen);
}

bool key_liveness_dead(const key_liveness *L, int b, const char *k) {
  if (!L->nkeys || b < 0)
    return false;
  const unsigned *id = id_of(L, k);
  return id && !(L->live[(size_t)b * L->words + *id / 64] & (1ull << (*id % 64)));
}

void key_liveness_free(key_liveness *L) {
  hash_free(&L->index);
  free(L->ids);
  free(L->live);
  *L = (key_liveness){0};
}
