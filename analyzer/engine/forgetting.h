/* forgetting.h - what a path stops knowing once no block ahead can use
 * it: the answer it took at a test no reachable block asks again, and a
 * variable's range, constant, call result or gone handle once no reachable
 * block names the variable (key_liveness.h).  Paths that differ only there
 * then meet at the walk's visited-state check instead of multiplying.
 * Private to the engine. */
#ifndef LEAKLINT_FORGETTING_H
#define LEAKLINT_FORGETTING_H

#include "walk.h"

/* Before the walk, after prescan(): where each question and each variable
 * can still be used. */
void forget_prepare(run *R);
/* At a state's block entry, before it is hashed. */
void forget_unusable(const run *R, state *s);
void forget_free(run *R);

#endif
