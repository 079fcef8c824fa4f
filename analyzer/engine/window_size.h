/* window_size.h - how big a block is and how long a window into it can
 * be, where the code says so: the window module's "big block, small
 * window" (Go's s0 = s1[:50] with the base kept only to keep s0 alive).
 * Private to the engine.
 *
 * A block's size is known when its allocation's size argument (the
 * models' "size") is a constant once clang has folded it (65536,
 * 16 * 1024, a macro).  A window's length is known when it is stored
 * beside a length field named after it (token_len, token_size beside
 * token, in the same object) whose value is a constant or a variable the
 * path's tests bound (if (len > 64) return -1). */
#ifndef LEAKLINT_WINDOW_SIZE_H
#define LEAKLINT_WINDOW_SIZE_H

#include <stdbool.h>

#include "walk.h"

/* Blocks from this size on are big; windows at most a sixteenth of their
 * block are small. */
enum { BIG_BLOCK_BYTES = 4096, SMALL_WINDOW_SHARE = 16 };

/* The size in bytes of the block the call makes, when constant; else 0. */
long long window_call_bytes(const ir_instr *in, const api_fn *fn);
/* The same for the block r. */
long long window_block_bytes(const run *R, const res *r);
/* Before the walk: keeps the ranges of the variables stored into length
 * fields, which window_length asks of. */
void window_keep_lengths(run *R);
/* Where the function stores handle beside dest (in the same object as
 * the window: h->line beside h->value), or NULL. */
const char *window_base_beside(const run *R, const char *handle, const char *dest);
/* The largest length of the window stored in dest, from the length field
 * named after it stored beside it (not base_dst); false when no
 * such field or its value is not bounded on this path; *by says which
 * ("'h->name_len' set from 'len'"). */
bool window_length(const run *R, state *s, const char *dest, const char *base_dst, long long *len,
                   const char **by);

#endif
