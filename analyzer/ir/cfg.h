/* cfg.h - control-flow facts computed once the IR of a function is built:
 * predecessors, reachability, natural loops and their back edges. */
#ifndef LEAKLINT_CFG_H
#define LEAKLINT_CFG_H

#include "ir.h"

void cfg_finish(ir_func *f);

/* Successors of block b (at most 2 + cases); returns the count. */
unsigned cfg_succs(const ir_func *f, int b, int *out, unsigned max);

/* Marks in set (one byte a block) every block reachable from the blocks
 * work[0..n) holds (those themselves only if reached again), without
 * entering loop avoid (-1: none).  work has room for every block besides
 * the starting ones that are not marked. */
void cfg_reach(const ir_func *f, uint8_t *set, int *work, unsigned n, int avoid);

/* Whether block b lies inside loop l (or a loop nested in it). */
static inline bool cfg_in_loop(const ir_func *f, int b, int l) {
  return l >= 0 && f->loops[l].blocks[b];
}

#endif
