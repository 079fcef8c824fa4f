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

static void set_bits(const key_liveness *L, uint64_t *row, const key_set *keys) {
  for (unsigned i = 0; i < keys->n; i++) {
    unsigned k = *id_of(L, keys->items[i]);
    row[k / 64] |= 1ull << (k % 64);
  }
}

void key_liveness_build(key_liveness *L, const ir_func *f, key_uses_fn uses, void *ctx) {
  *L = (key_liveness){0};
  size_t nb = f->nblocks ? f->nblocks : 1;
  key_set *gens = xcalloc(nb, sizeof *gens), *kills = xcalloc(nb, sizeof *kills);
  size_t most = 0; /* keys named, with repeats: room for every number */
  for (unsigned b = 0; b < f->nblocks; b++) {
    if (f->blocks[b].reachable)
      uses(ctx, (int)b, &gens[b], &kills[b]);
    most += gens[b].n + kills[b].n;
  }
  /* each key numbered on first sight, through the index itself (a set's
   * linear dedupe was quadratic in a function's variables) */
  L->ids = xcalloc(most ? most : 1, sizeof *L->ids);
  for (unsigned b = 0; b < f->nblocks; b++)
    for (int k = 0; k < 2; k++) {
      const key_set *keys = k ? &kills[b] : &gens[b];
      for (unsigned i = 0; i < keys->n; i++) {
        hash_slot *slot =
            hash_slot_for(&L->index, hash_identity(keys->items[i]), NULL, keys->items[i]);
        if (!slot->item) {
          L->ids[L->nkeys] = L->nkeys;
          slot->item = &L->ids[L->nkeys++];
        }
      }
    }
  L->words = (L->nkeys + 63) / 64;
  size_t words = L->words;
  uint64_t *gen = xcalloc(nb * (words ? words : 1), sizeof *gen);
  uint64_t *kill = xcalloc(nb * (words ? words : 1), sizeof *kill);
  L->live = xcalloc(nb * (words ? words : 1), sizeof *L->live);
  for (unsigned b = 0; b < f->nblocks; b++) {
    if (words) {
      set_bits(L, &gen[b * words], &gens[b]);
      set_bits(L, &kill[b * words], &kills[b]);
    }
    key_set_free(&gens[b]);
    key_set_free(&kills[b]);
  }
  free(gens);
  free(kills);
  /* live at entry = gen | (live after the block - kill), where live after
   * is what any successor has live at its entry; to a fixpoint (loops
   * carry a key back to their head) */
  memcpy(L->live, gen, nb * words * sizeof *gen);
  int succ[MAX_BLOCK_SUCCS];
  for (bool changed = words > 0; changed;) {
    changed = false;
    for (unsigned b = f->nblocks; b-- > 0;) {
      if (!f->blocks[b].reachable)
        continue;
      uint64_t *mine = &L->live[b * words];
      unsigned ns = cfg_succs(f, (int)b, succ, MAX_BLOCK_SUCCS);
      for (unsigned i = 0; i < ns; i++) {
        if (succ[i] < 0)
          continue;
        const uint64_t *theirs = &L->live[(size_t)succ[i] * words];
        for (unsigned w = 0; w < words; w++) {
          uint64_t add = theirs[w] & ~kill[b * words + w] & ~mine[w];
          if (add) {
            mine[w] |= add;
            changed = true;
          }
        }
      }
    }
  }
  free(gen);
  free(kill);
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
