/* value_ranges.h - what a path has learnt of plain integer variables from
 * the branches it took: `if (n > 0)` then `if (!n)`, `(fd = get()) < 0`
 * false then `fd >= 0` false, `len = j` then `if (len)` and `if (j == 0)`.
 * A test that the path's earlier tests rule out has no direction to take.
 * Kept only for whole variables (locals and parameters, not memory) that
 * some branch tests at least twice, or that are copied into one another,
 * so that paths are told apart only where it can matter.  Private to the
 * engine. */
#ifndef LEAKLINT_VALUE_RANGES_H
#define LEAKLINT_VALUE_RANGES_H

#include <stdbool.h>

#include "walk.h"

/* Notes, before the walk, the variables whose ranges are worth keeping. */
void ranges_prescan(run *R);
/* Whether direction dir of c can be taken given what s knows; when it can,
 * s learns it.  true when c is not about a kept variable. */
bool ranges_take_branch(const run *R, state *s, const ir_cond *c, bool dir);
/* dst = src between kept variables (after dst's old value is forgotten):
 * the two are equal from here on. */
void ranges_copy(const run *R, state *s, const ir_path *dst, const ir_path *src);

/* x += k (OPD_STEP): x's range moved by k, to put back with ranges_set
 * once the write has forgotten the old one; false when x is not kept.
 * known: x held the constant c before.  widen: the step is inside a loop,
 * which may take it any number of times: the far end opens. */
bool ranges_shifted(const run *R, state *s, const ir_operand *step, bool known, long long c,
                    bool widen, range *moved);
void ranges_set(state *s, const range *r);
/* Whether v, the value of o, is known to lie in [lo, hi]: a constant, or a
 * kept variable's range. */
bool ranges_within(const run *R, state *s, const ir_operand *o, value v, long long lo,
                   long long hi);
/* The largest value v, the value of o, may hold on this path (a constant,
 * or a kept variable's range): false when not known. */
bool ranges_upper(const run *R, state *s, const ir_operand *o, value v, long long *hi);
/* Keeps var's range too (a module that will ask ranges_upper of it), when
 * the walk keeps ranges at all and var is a whole scalar variable: for
 * begin hooks, before the walk. */
void ranges_keep(run *R, int var);
/* dst = f(src) where f returns src or -1 (dup2(fd, 2) is 2 or -1): dst's
 * range, from -1 to the top of src's (v is src's value), to put back with ranges_set once the write
 * has forgotten dst's old one; false when there is nothing to keep. */
bool ranges_or_minus_one(const run *R, state *s, const ir_operand *src, value v, const ir_path *dst,
                         range *out);

#endif
