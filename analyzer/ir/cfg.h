/* cfg.h - control-flow facts computed once the IR of a function is built:
 * predecessors, reachability, natural loops and their back edges. */
#ifndef LEAKLINT_CFG_H
#define LEAKLINT_CFG_H

#include "ir.h"

void cfg_finish(ir_func *f);

/* Successors of block b (at most 2 + cases); returns the count. */
unsigned cfg_succs(const ir_func *f, int b, int *out, unsigned max);

/* Whether block b lies inside loop l (or a loop nested in it). */
static inline bool cfg_in_loop(const ir_func *f, int b, int l) {
  return l >= 0 && f->loops[l].blocks[b];
}

#endif
