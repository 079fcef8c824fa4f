/* channel_infer.c - see channel_infer.h. */
#include "channel_infer.h"

#include <string.h>

#include "cfg.h"
#include "util.h"

/* A wait or wake of a condition a parameter's struct holds. */
typedef struct touch {
  int arg;
  const char *field, *name;
  const api_fn *e;
  int loop; /* innermost loop of the call, -1 */
} touch;

typedef struct body {
  touch t[16];
  unsigned nt;
  unsigned stores[8], const_stores[8]; /* into parameter i's struct, i < 8 */
  unsigned item_stores[8];             /* of a value another parameter gives (the item sent) */
} body;

static bool reads_other_param(const ir_func *f, const ir_operand *o, int arg) {
  if (o->kind == OPD_PATH && o->path.var >= 0 && (unsigned)o->path.var < f->nparams &&
      o->path.var != arg)
    return true;
  for (unsigned i = 0; i < o->nreads; i++)
    if (o->reads[i].var >= 0 && (unsigned)o->reads[i].var < f->nparams && o->reads[i].var != arg)
      return true;
  return false;
}

static bool is_param_struct_store(const ir_func *f, const ir_instr *in) {
  return in->op == I_ASSIGN && in->has_dst && in->dst.var >= 0 &&
         (unsigned)in->dst.var < f->nparams && in->dst.var < 8 && in->dst.via_memory;
}

static void note_touch(body *B, const ir_func *f, const ir_instr *in, const api_fn *e, int block) {
  if (!e->model || e->model->kind != MODEL_CHANNEL || e->model->two_ended ||
      (e->action == ACT_WAIT && e->timed) || (e->action != ACT_WAIT && e->action != ACT_WAKE) ||
      B->nt == sizeof B->t / sizeof *B->t)
    return;
  const char *key = channel_key(in, e);
  int arg = -1;
  const char *field = key ? engine_param_relative(f, key, &arg) : NULL;
  const char *name = channel_name(key, e->model);
  if (!field || !*field || arg < 0 || arg >= 8 || !name)
    return; /* not a condition inside what a parameter points to */
  B->t[B->nt++] =
      (touch){.arg = arg, .field = field, .name = name, .e = e, .loop = f->blocks[block].loop};
}

static void scan(body *B, const ir_func *f, chan_entries_fn entries, void *ctx) {
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (is_param_struct_store(f, in)) {
        B->stores[in->dst.var]++;
        B->const_stores[in->dst.var] += in->src.kind == OPD_CONST;
        B->item_stores[in->dst.var] += reads_other_param(f, &in->src, in->dst.var);
      }
      if (in->op != I_CALL)
        continue;
      const api_fn *const *lists[2] = {NULL, NULL};
      entries(ctx, in, lists);
      for (int l = 0; l < 2; l++)
        for (const api_fn *const *e = lists[l]; e && *e; e++)
          note_touch(B, f, in, *e, (int)b);
    }
}

/* Whether a branch inside loop l reads what parameter arg points to
 * (while (!q->head && !q->closed)): the wait's predicate is the struct. */
static bool loop_tests_param(const ir_func *f, int l, int arg) {
  for (unsigned b = 0; l >= 0 && b < f->nblocks; b++) {
    const ir_term *t = &f->blocks[b].term;
    if (!f->blocks[b].reachable || t->kind != T_BRANCH || !cfg_in_loop(f, (int)b, l))
      continue;
    for (unsigned i = 0; i < t->cond.nreads; i++)
      if (t->cond.reads[i].var == arg)
        return true;
  }
  return false;
}

static bool touches(const body *B, const touch *x, api_action a) {
  for (unsigned i = 0; i < B->nt; i++)
    if (B->t[i].arg == x->arg && B->t[i].name == x->name && B->t[i].e->action == a)
      return true;
  return false;
}

/* A wait, in a loop, on another condition of the same struct: a send
 * that waits for room. */
static bool waits_for_room(const body *B, const touch *x) {
  for (unsigned i = 0; i < B->nt; i++)
    if (B->t[i].arg == x->arg && B->t[i].name != x->name && B->t[i].e->action == ACT_WAIT &&
        B->t[i].loop >= 0)
      return true;
  return false;
}

static chan_op judge_wait(const body *B, const ir_func *f, const touch *x) {
  chan_op op = {.arg = x->arg, .field = x->field, .name = x->name, .via = x->e, .at = f->loc};
  const char *p = f->vars[x->arg].name;
  if (touches(B, x, ACT_WAKE))
    op.why = intern_format("waits on and wakes '%s%s': neither a send nor a receive", p, x->field);
  else if (x->loop < 0 || !loop_tests_param(f, x->loop, x->arg))
    op.why =
        intern_format("waits on '%s%s' outside a loop testing '%s': no receive", p, x->field, p);
  else if (B->stores[x->arg] == B->const_stores[x->arg]) /* a flag set is no item taken */
    op.why = intern_format("waits on '%s%s' for a state of '%s' but takes nothing out of it: no "
                           "receive",
                           p, x->field, p);
  else {
    op.kind = CHAN_OP_RECV;
    op.why = intern_format("a receive: waits on '%s%s' in a loop testing '%s', then takes from it",
                           p, x->field, p);
  }
  return op;
}

static chan_op judge_wake(const body *B, const ir_func *f, const touch *x) {
  chan_op op = {.arg = x->arg, .field = x->field, .name = x->name, .via = x->e, .at = f->loc};
  const char *p = f->vars[x->arg].name;
  unsigned linked = B->stores[x->arg] - B->const_stores[x->arg];
  if (touches(B, x, ACT_WAIT))
    op.why = intern_format("waits on and wakes '%s%s': neither a send nor a receive", p, x->field);
  else if (linked) {
    op.kind = CHAN_OP_SEND;
    op.blocks = waits_for_room(B, x);
    op.why = intern_format("a send: stores an item into '%s' and wakes '%s%s'%s", p, p, x->field,
                           op.blocks ? ", after waiting for room (bounded)" : " (never blocks)");
  } else if (B->const_stores[x->arg]) {
    op.kind = CHAN_OP_CLOSE;
    op.why = intern_format("a close: sets a flag of '%s' and wakes '%s%s'", p, p, x->field);
  } else
    op.why =
        intern_format("wakes '%s%s' but changes nothing in '%s': a plain wake", p, x->field, p);
  return op;
}

/* Whether the struct x is in has both a wait in a loop and a wake, of
 * different conditions: a bounded queue's push (waits for room, wakes the
 * receivers) or pop (waits for an item, wakes the senders). */
static bool two_sided(const body *B, const touch *x) {
  bool wait = false, wake = false;
  for (unsigned i = 0; i < B->nt; i++)
    if (B->t[i].arg == x->arg) {
      wait |= B->t[i].e->action == ACT_WAIT && B->t[i].loop >= 0;
      wake |= B->t[i].e->action == ACT_WAKE;
    }
  return wait && wake;
}

/* A bounded queue's side: the push stores the item its caller gives
 * (another parameter), the pop does not; the other condition is the
 * room, not the channel. */
static chan_op judge(const body *B, const ir_func *f, const touch *x) {
  if (!two_sided(B, x))
    return x->e->action == ACT_WAIT ? judge_wait(B, f, x) : judge_wake(B, f, x);
  bool push = B->item_stores[x->arg] > 0;
  if (push == (x->e->action == ACT_WAKE))
    return push ? judge_wake(B, f, x) : judge_wait(B, f, x);
  return (chan_op){.arg = x->arg,
                   .field = x->field,
                   .name = x->name,
                   .via = x->e,
                   .at = f->loc,
                   .why = intern_format("%s '%s%s' for room: the %s side of a bounded queue",
                                        push ? "waits on" : "wakes", f->vars[x->arg].name, x->field,
                                        push ? "sending" : "receiving")};
}

/* The end of the member before `end` in key: after its last '.' or "->". */
static const char *member_start(const char *key, const char *end) {
  const char *m = NULL;
  for (const char *c = key; c < end; c++)
    if (*c == '.' || (*c == '>' && c > key && c[-1] == '-'))
      m = c + 1;
  return m;
}

const char *channel_queue_name(const char *key) {
  if (!key)
    return NULL;
  key += *key == '*';
  const char *end = key + strlen(key);
  const char *cond = member_start(key, end);
  if (!cond || cond >= end)
    return NULL;
  const char *sep = cond[-1] == '.' ? cond - 1 : cond - 2;
  const char *queue = member_start(key, sep), *qend = sep;
  while (queue && qend > queue && qend[-1] == ']') /* slots[i].q: the array */
    for (qend--; qend > queue && *qend != '['; qend--)
      ;
  if (!queue || qend <= queue) /* q->ready: which queue q is, the callers know */
    return intern(cond);
  return intern_format("%.*s.%s", (int)(qend - queue), queue, cond);
}

unsigned channel_infer(const ir_func *f, chan_entries_fn entries, void *ctx, chan_op *out) {
  body B = {.nt = 0};
  scan(&B, f, entries, ctx);
  unsigned n = 0;
  for (unsigned i = 0; i < B.nt && n < CHAN_INFER_MAX; i++) {
    bool dup = false;
    for (unsigned k = 0; k < n; k++)
      dup |= out[k].arg == B.t[i].arg && out[k].name == B.t[i].name;
    if (!dup)
      out[n++] = judge(&B, f, &B.t[i]);
  }
  return n;
}
