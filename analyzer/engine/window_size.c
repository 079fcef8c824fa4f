/* window_size.c - see window_size.h. */
#include "window_size.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "value_ranges.h"

static long long const_arg(const ir_instr *in, int arg1) {
  if (!in || arg1 < 1 || (unsigned)arg1 > in->nargs)
    return 0;
  const ir_operand *o = &in->args[arg1 - 1];
  return o->kind == OPD_CONST && o->value > 0 && o->value < (1LL << 31) ? o->value : 0;
}

long long window_call_bytes(const ir_instr *in, const api_fn *fn) {
  if (!fn || !fn->size_arg1 || (fn->action != ACT_ACQUIRE && fn->action != ACT_REALLOC))
    return 0;
  long long n = const_arg(in, fn->size_arg1);
  return fn->size_times_arg1 ? n * const_arg(in, fn->size_times_arg1) : n;
}

long long window_block_bytes(const run *R, const res *r) {
  if (!r->acq || !r->acq->size_arg1)
    return 0;
  return window_call_bytes(ir_instr_by_id(R->f, r->acq_instr), r->acq);
}

/* Where the member's name starts in a path ("h->value": 3), or 0 when the
 * path names no member. */
static size_t member_at(const char *text) {
  const char *arrow = strrchr(text, '>'), *dot = strrchr(text, '.');
  const char *last = arrow && arrow > text && arrow[-1] == '-' ? arrow : NULL;
  if (dot && (!last || dot > last))
    last = dot;
  return last ? (size_t)(last - text) + 1 : 0;
}

static bool same_object(const char *a, const char *b) {
  size_t n = member_at(a);
  return n && n == member_at(b) && strncmp(a, b, n) == 0;
}

/* A member that says how long something is: name_len, key_size, len. */
static bool length_member(const char *text) {
  size_t at = member_at(text);
  char low[64];
  size_t n = 0;
  for (const char *p = text + at; *p && n + 1 < sizeof low; p++)
    low[n++] = (char)tolower((unsigned char)*p);
  low[n] = '\0';
  return at && (strstr(low, "len") || strstr(low, "size"));
}

static bool whole_scalar(const run *R, const ir_operand *o) {
  return o->kind == OPD_PATH && o->path.var >= 0 && !o->path.via_memory &&
         o->path.text == R->f->vars[o->path.var].name && !R->f->vars[o->path.var].is_pointer;
}

/* A store of a length member whose value can be bounded: a constant or a
 * whole variable. */
static bool length_store(const run *R, const ir_instr *in) {
  return in->op == I_ASSIGN && in->dst.text && in->dst.via_memory && length_member(in->dst.text) &&
         (in->src.kind == OPD_CONST || whole_scalar(R, &in->src));
}

#define EACH_INSTR(R, in)                                                                          \
  for (unsigned b_ = 0; b_ < (R)->f->nblocks; b_++)                                                \
    for (unsigned i_ = 0; (R)->f->blocks[b_].reachable && i_ < (R)->f->blocks[b_].ninstrs; i_++)   \
      for (const ir_instr *in = &(R)->f->blocks[b_].instrs[i_]; in; in = NULL)

void window_keep_lengths(run *R) {
  EACH_INSTR(R, in) {
    if (length_store(R, in) && in->src.kind == OPD_PATH)
      ranges_keep(R, in->src.path.var);
  }
}

const char *window_base_beside(const run *R, const char *handle, const char *dest) {
  EACH_INSTR(R, in) {
    if (in->op == I_ASSIGN && in->src.kind == OPD_PATH && in->src.path.text == handle &&
        in->dst.text && in->dst.text != dest && same_object(in->dst.text, dest))
      return in->dst.text;
  }
  return NULL;
}

/* Whether the length member is named after the window's (value_len for
 * value). */
static bool named_after(const char *len, const char *dest) {
  size_t a = member_at(len), b = member_at(dest), n = strlen(dest + b);
  return strncmp(len + a, dest + b, n) == 0;
}

bool window_length(const run *R, state *s, const char *dest, const char *base_dst, long long *len,
                   const char **by) {
  /* Only a length named after the window's member is the window's: a
   * plain len beside a cursor (rb->pos, rb->len) is the buffer's fill.
   * Each store of it must be bounded, and the largest bound is the
   * window's; a length of 0 is no window. */
  bool any = false;
  EACH_INSTR(R, in) {
    if (!length_store(R, in) || in->dst.text == dest || in->dst.text == base_dst ||
        !same_object(in->dst.text, dest) || !named_after(in->dst.text, dest))
      continue;
    long long hi;
    if (!ranges_upper(R, s, &in->src, walk_eval(s, &in->src), &hi) || hi <= 0)
      return false;
    if (!any || hi > *len) {
      *len = hi;
      char *t = in->src.kind == OPD_CONST
                    ? xasprintf("'%s' set to %lld", in->dst.text, in->src.value)
                    : xasprintf("'%s' set from '%s'", in->dst.text, in->src.path.text);
      *by = intern(t);
      free(t);
    }
    any = true;
  }
  return any;
}
