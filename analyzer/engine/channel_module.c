/* channel_module.c - what a channel is to the walk: something a thread
 * blocks on (a condition variable, a pipe's read end, a queue) until
 * another party wakes it (a signal or broadcast, a write or a close of the
 * other end, a push).  The waiter and the waker are usually in different
 * functions, so most of the judgement is the checker's, over the facts
 * the link step gathered (checks/program_facts.h); this module raises
 * what only a path can tell:
 *
 *  - an untimed wait (EV_CHAN_WAIT): the checker asks whether anything in
 *    the program wakes that channel;
 *  - an exit that wakes nothing of a channel the function wakes on other
 *    exits (EV_CHAN_WAKE_MISSING): a worker returning on error before the
 *    signal or the write its waiter counts on;
 *  - a join of a thread whose routine reads a pipe until end of file while
 *    this path still holds the pipe's write end open (EV_CHAN_JOIN_OPEN):
 *    the reader never sees end of file, and the join never returns;
 *  - threads started here whose routine sends once, blocking, on the
 *    channel their argument carries, received fewer times on this path
 *    (EV_CHAN_SENDERS): Go's "first answer wins";
 *  - a wait with no predicate on a condition that a thread this path
 *    started, holding no lock, signals (EV_CHAN_LOST_WAKE): the signal
 *    may come first and be lost;
 *  - a path that leaves a receive loop by an exit the receive's result
 *    did not decide (a break on an error, a return), and neither receives
 *    again nor closes the channel (EV_CHAN_STOPPED): whoever still sends
 *    on it blocks once it is full.
 *
 * Channels are named across functions by channel_name() (engine.h): the
 * last member of the object ("cond" for &pool->cond), the two ends of a
 * pipe as one ("done" for f->done[0] and f->done[1]).
 *
 * Its summaries (under "#chan:f", walk_own_summary): a function that wakes
 * a channel its parameter reaches is a wake of it to its callers, one that
 * waits on what its parameter points to a wait of it; a routine that reads
 * a pipe until end of file says so (handle NONE). */
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "channel_infer.h"
#include "walk.h"

static const char chan_tag[] = "chan";

typedef struct wake_site {
  const char *name; /* channel_name() */
  const char *key;  /* the handle as written, for messages */
  const api_fn *fn;
  unsigned with, without; /* exits that did / did not wake it */
  bool looped;            /* woken in a loop: a server's, whose last exit is its shutdown */
} wake_site;

/* Threads started here whose routine sends once, blocking, on a channel
 * this function receives from (Go's "first answer wins"). */
typedef struct sender_site {
  const char *name; /* the channel, as this function names it */
  const char *routine;
  const api_fn *send; /* the routine's blocking send */
  const char *bound;  /* the test of the loop that starts them, NULL outside one */
  ll_location started_at;
  const char *recv_via; /* the first receive of it here */
  ll_location recv_at;
} sender_site;

/* A thread started here, with no lock held, whose routine signals a
 * channel: a wait on it after the start with no predicate may come too
 * late for the signal (a lost wake-up). */
typedef struct signaller {
  const char *name;
  const char *routine;
  ll_location started_at;
} signaller;

/* A loop that receives from a channel, untimed: its consumer's loop. */
typedef struct recv_loop {
  int loop;
  int result; /* the variable the receive's result goes to, -1 if none */
  const char *name;
  const char *key;
  const char *via;
  const api_fn *fn;
  ll_location at;
} recv_loop;

typedef struct channel_data {
  wake_site *wakes; /* channels the function wakes somewhere */
  recv_loop *recvs;
  unsigned nrecvs, cap_recvs;
  signaller *signallers;
  unsigned nsignallers, cap_signallers;
  unsigned nwakes, cap_wakes;
  sender_site *senders;
  unsigned nsenders, cap_senders;
  /* channels received from inside a loop somewhere in the function: the
   * loop drains them, however many paths the walk tells apart */
  key_set drained;
  const api_fn *eof_read; /* the wait of a loop that only end of file ends */
  /* an untimed wait on what a parameter points to (a helper around
   * pthread_cond_wait(c, m)): its callers name the channel */
  const api_fn *param_wait;
  int param_wait_arg;
  /* per instruction id: 1 if the call has channel entries (the prescan
   * answers once what the walk would ask on every path) */
  uint8_t *calls;
  unsigned ncalls;
} channel_data;

/* The marker of the summary entry that says "reads a pipe until end of
 * file": a wait on no handle. */
static const api_model eof_model = {.family = "pipe reader", .kind = MODEL_CHANNEL};

const char *channel_name(const char *key, const api_model *m) {
  if (!key || !m || (m->two_ended && key[0] != '*'))
    return NULL; /* a pipe end is a value */
  const char *from = key + (key[0] == '*'), *to = key + strlen(key);
  if (!m->two_ended && key[0] == '*' && !strchr(from, '.') && !strstr(from, "->"))
    return NULL; /* a pointer variable (cv, ch): which object it points to is not known */
  if (m->two_ended && (to[-1] != ']' || !strchr(from, '[')))
    return NULL; /* an end copied to a variable of its own: its pair is not known */
  while (to > from && to[-1] == ']') { /* the subscripts: a pipe's end, an array's element */
    const char *open = to - 1;
    while (open > from && *open != '[')
      open--;
    to = open;
  }
  const char *name = from;
  for (const char *c = from; c < to; c++)
    if (*c == '.' || (*c == '>' && c > from && c[-1] == '-'))
      name = c + 1;
  if (name >= to)
    return NULL;
  char *t = xstrndup(name, (size_t)(to - name));
  const char *k = intern(t);
  free(t);
  return k;
}

const char *channel_key(const ir_instr *in, const api_fn *fn) {
  const char *key = engine_handle_key(in, fn);
  const ir_operand *a = fn->handle.arg >= 0 && (unsigned)fn->handle.arg < in->nargs
                            ? &in->args[fn->handle.arg]
                            : NULL;
  if (key || !a || a->kind != OPD_OFFSET || !a->path.text)
    return key;
  /* &conds[i] is an element of conds: named by the array, plus the field */
  return intern_format("%s%s", a->path.text, fn->handle_field ? fn->handle_field : "");
}

const char *channel_any(const api_model *m) {
  return intern_format("*%s", m->family);
}

static bool is_channel(const api_fn *fn) {
  return fn->model && fn->model->kind == MODEL_CHANNEL;
}

/* A wake of a channel that is also a counter's post or done (sem_post):
 * a missing one is waitgroup-imbalance's finding, not this rule's. */
static bool counted(const run *R, const char *callee) {
  const api_fn *const *e = callee && R->opt->models ? model_lookup(R->opt->models, callee) : NULL;
  for (; e && *e; e++)
    if ((*e)->model && (*e)->model->kind == MODEL_COUNTER)
      return true;
  return false;
}

static const char *woken_slot(const char *name) {
  return intern_format("#ch+:%s", name);
}

/* Each channel entry of a call: the models', then this module's summaries. */
#define EACH_CHANNEL_ENTRY(R, in, e, body)                                                         \
  do {                                                                                             \
    const api_fn *const *lists_[2] = {                                                             \
        (in)->callee && (R)->opt->models ? model_lookup((R)->opt->models, (in)->callee) : NULL,    \
        walk_own_summary((R), chan_tag, (in)->callee)};                                            \
    for (int l_ = 0; l_ < 2; l_++)                                                                 \
      for (const api_fn *const *p_ = lists_[l_]; p_ && *p_; p_++) {                                \
        const api_fn *e = *p_;                                                                     \
        if (is_channel(e) && e->model != &eof_model) {                                             \
          body;                                                                                    \
        }                                                                                          \
      }                                                                                            \
  } while (0)

static const char *name_of(const ir_instr *in, const api_fn *fn) {
  const char *key = channel_key(in, fn);
  return fn->queue_op ? channel_queue_name(key) : channel_name(key, fn->model);
}

static void note_wake(run *R, channel_data *C, const ir_instr *in, const api_fn *fn, int block) {
  const char *name = name_of(in, fn);
  bool looped = R->f->blocks[block].loop >= 0;
  if (!name || counted(R, in->callee))
    return;
  for (unsigned i = 0; i < C->nwakes; i++)
    if (C->wakes[i].name == name) {
      C->wakes[i].looped |= looped;
      return;
    }
  LL_GROW(C->wakes, C->nwakes, C->cap_wakes);
  C->wakes[C->nwakes++] =
      (wake_site){.name = name, .key = channel_key(in, fn), .fn = fn, .looped = looped};
}

/* Whether the branch that ends block b reads var v's value (n in
 * while ((n = read(..)) > 0)); compared: only as a side of the comparison
 * itself (n < 0, !msg), not inside a call (ship(buf, n) != 0). */
static bool tests_var(const ir_func *f, int b, int v, bool compared) {
  const ir_term *t = &f->blocks[b].term;
  if (t->kind != T_BRANCH)
    return false;
  for (unsigned i = 0; !compared && i < t->cond.nreads; i++)
    if (t->cond.reads[i].var == v)
      return true;
  return (t->cond.lhs.kind == OPD_PATH && t->cond.lhs.path.var == v) ||
         (compared && !t->cond.rhs_const && t->cond.rhs_opd.kind == OPD_PATH &&
          t->cond.rhs_opd.path.var == v);
}

/* Whether leaving loop l through block b (a return in it, or an edge out
 * of it) is decided by a test of v: b tests v, or b (no branch of its own)
 * is reached only through a chain of single predecessors from a block
 * that does.  A branch on anything else (a "quit" command) decides. */
static bool exit_tests(const ir_func *f, int b, int v, bool compared) {
  for (unsigned hops = 0; hops < 8; hops++) {
    if (tests_var(f, b, v, compared))
      return true;
    if (f->blocks[b].term.kind == T_BRANCH || f->blocks[b].term.kind == T_SWITCH ||
        f->blocks[b].npreds != 1)
      return false;
    b = f->blocks[b].preds[0];
  }
  return false;
}

/* Whether every way out of loop l is a test of v (the read's result): the
 * loop ends only when the read returns 0 or fails, at end of file. */
static bool only_eof_ends(const ir_func *f, int l, int v) {
  bool any = false;
  for (unsigned b = 0; b < f->nblocks; b++) {
    if (!f->blocks[b].reachable || !cfg_in_loop(f, (int)b, l))
      continue;
    int succ[MAX_SUCCS];
    unsigned n = cfg_succs(f, (int)b, succ, MAX_SUCCS);
    bool leaves = f->blocks[b].term.kind == T_RETURN;
    for (unsigned k = 0; k < n; k++)
      leaves |= !cfg_in_loop(f, succ[k], l);
    if (!leaves)
      continue;
    if (!exit_tests(f, (int)b, v, false))
      return false;
    any = true;
  }
  return any;
}

/* A read of a two-ended channel (a pipe) in a loop that nothing but the
 * read's result ends: the routine reads until end of file. */
static void note_eof_read(const run *R, channel_data *C, const ir_instr *in, const api_fn *fn,
                          int block) {
  int l = R->f->blocks[block].loop;
  if (C->eof_read || fn->action != ACT_WAIT || fn->timed || !fn->model->two_ended || l < 0 ||
      !in->has_dst || in->dst.var < 0 || in->dst.via_memory)
    return;
  if (only_eof_ends(R->f, l, in->dst.var))
    C->eof_read = fn;
}

/* The channel as this function names it: channel_name(), or for a channel
 * in a local pointer variable (chan *answers = chan_new(0)), the
 * variable's name, which the threads' argument names too (q->answers). */
static const char *local_name(const run *R, const char *key, const api_fn *fn) {
  const api_model *m = fn->model;
  const char *name = fn->queue_op ? channel_queue_name(key) : channel_name(key, m);
  if (name || !key || key[0] != '*' || m->two_ended)
    return name;
  for (unsigned v = 0; v < R->f->nvars; v++)
    if (R->f->vars[v].kind == VAR_LOCAL && strcmp(R->f->vars[v].name, key + 1) == 0)
      return R->f->vars[v].name;
  return NULL;
}

static void note_param_wait(run *R, channel_data *C, const ir_instr *in, const api_fn *fn) {
  const char *key = channel_key(in, fn);
  int arg = -1;
  const char *field = key && key[0] == '*' ? walk_param_relative(R, key, &arg) : NULL;
  if (fn->action == ACT_WAIT && !fn->timed && !fn->model->two_ended && field && !*field &&
      arg >= 0 && !C->param_wait)
    C->param_wait = fn, C->param_wait_arg = arg;
}

/* A receive in a loop: a consumer's (a pipe's read, a queue's pop), not a
 * condition's wait for a state, whose loop is its predicate's. */
static void note_recv_loop(run *R, channel_data *C, const ir_instr *in, const api_fn *fn,
                           int block) {
  const char *name = fn->model->signals && !fn->queue_op ? NULL : name_of(in, fn);
  int l = R->f->blocks[block].loop;
  for (unsigned i = 0; name && i < C->nrecvs; i++)
    if (C->recvs[i].loop == l && C->recvs[i].name == name)
      return;
  if (!name)
    return;
  LL_GROW(C->recvs, C->nrecvs, C->cap_recvs);
  C->recvs[C->nrecvs++] = (recv_loop){
      .loop = l,
      .result = in->has_dst && !in->dst.via_memory ? in->dst.var : -1,
      .name = name,
      .key = channel_key(in, fn),
      .via = walk_call_name(R, in),
      .fn = fn,
      .at = in->loc,
  };
}

static void begin(run *R, void *data) {
  channel_data *C = data;
  const ir_func *f = R->f;
  C->ncalls = ir_instr_ids(f);
  C->calls = xcalloc(C->ncalls ? C->ncalls : 1, 1);
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->op != I_CALL)
        continue;
      EACH_CHANNEL_ENTRY(R, in, e, {
        C->calls[in->id] = 1;
        if (e->action == ACT_WAKE)
          note_wake(R, C, in, e, (int)b);
        note_eof_read(R, C, in, e, (int)b);
        note_param_wait(R, C, in, e);
        if (e->action == ACT_WAIT && !e->timed && f->blocks[b].loop >= 0) {
          const char *here = local_name(R, channel_key(in, e), e);
          if (here)
            key_add(&C->drained, here);
          note_recv_loop(R, C, in, e, (int)b);
        }
      });
    }
}

static const ir_operand *routine_of(const ir_instr *create) {
  for (unsigned i = 0; create && i < create->nargs; i++)
    if (create->args[i].kind == OPD_FUNC)
      return &create->args[i];
  return NULL;
}

/* Whether o names base or a part of it (fds, &fds[0], fds[0]). */
static bool names_part_of(const ir_operand *o, const char *base) {
  size_t n = strlen(base);
  if ((o->kind == OPD_PATH || o->kind == OPD_ADDR || o->kind == OPD_OFFSET) && o->path.text &&
      strncmp(o->path.text, base, n) == 0 && strchr("[.-", o->path.text[n]))
    return true;
  for (unsigned i = 0; i < o->nreads; i++)
    if (strncmp(o->reads[i].text, base, n) == 0 && strchr("[.-", o->reads[i].text[n]))
      return true;
  return false;
}

/* Whether the thread's argument carries the pipe base: it names it, or it
 * is an object the function stored a part of the pipe into (ctx.fd =
 * fds[0]; pthread_create(.., &ctx)). */
static bool hands_pipe(const run *R, const ir_instr *create, const char *base) {
  for (unsigned i = 0; i < create->nargs; i++) {
    const ir_operand *a = &create->args[i];
    if (a->kind == OPD_FUNC)
      continue;
    if (names_part_of(a, base))
      return true;
    if ((a->kind != OPD_ADDR && a->kind != OPD_PATH) || !a->path.text)
      continue;
    const ir_func *f = R->f;
    for (unsigned b = 0; b < f->nblocks; b++)
      for (unsigned k = 0; f->blocks[b].reachable && k < f->blocks[b].ninstrs; k++) {
        const ir_instr *in = &f->blocks[b].instrs[k];
        size_t n = strlen(a->path.text);
        if (in->op == I_ASSIGN && in->has_dst && strncmp(in->dst.text, a->path.text, n) == 0 &&
            strchr(".-", in->dst.text[n]) && names_part_of(&in->src, base))
          return true;
      }
  }
  return false;
}

/* The write end ("fds[1]") of a pipe this path made and still holds open,
 * handed to the thread `create` started; its resource, or -1. */
static int open_write_end(const run *R, state *s, const ir_instr *create) {
  for (unsigned i = 0; i < s->nres; i++) {
    const res *x = &s->res[i];
    size_t n = x->handle ? strlen(x->handle) : 0;
    if (x->status != R_LIVE || !x->acq || x->acq->handle.where != HANDLE_OUT ||
        x->acq->handle.count != 2 || n < 4 || strcmp(x->handle + n - 3, "[1]") != 0)
      continue;
    char *base = xstrndup(x->handle, n - 3);
    bool handed = hands_pipe(R, create, base);
    free(base);
    if (handed)
      return (int)i;
  }
  return -1;
}

/* A join (a thread family's wait) of a thread whose routine reads a pipe until
 * end of file, while this path keeps the pipe's write end open. */
static void check_join(run *R, state *s, const ir_instr *in, const api_fn *fn) {
  /* a join is a thread family's wait; a detach or an unref waits for nothing */
  if (fn->action != ACT_WAIT || !fn->model || fn->model->kind != MODEL_THREAD ||
      fn->handle.arg < 0 || (unsigned)fn->handle.arg >= in->nargs)
    return;
  value v = walk_eval(s, &in->args[fn->handle.arg]);
  if (v.kind != V_RES || s->res[v.res].status != R_LIVE)
    return;
  const ir_instr *create = ir_instr_by_id(R->f, s->res[v.res].acq_instr);
  const ir_operand *routine = routine_of(create);
  const api_fn *const *e = routine ? walk_own_summary(R, chan_tag, routine->text) : NULL;
  bool reads_to_eof = false;
  for (; e && *e; e++)
    reads_to_eof |= (*e)->model == &eof_model;
  int w = reads_to_eof ? open_write_end(R, s, create) : -1;
  if (w < 0)
    return;
  engine_event *ev = walk_event(R, s, EV_CHAN_JOIN_OPEN, &s->res[w], in->loc);
  if (ev) {
    ev->detail = routine->text;
    ev->release_via = walk_call_name(R, in);
  }
}

static bool woken(state *s, const char *name) {
  value v = state_value_of(s, woken_slot(name));
  return v.kind == V_CONST && v.c;
}

/* How many senders ("#chs:") and receives ("#chr:") of a channel this path
 * has made: exact up to MANY, which a loop makes at once. */
enum { MANY = 1000 };

static const char *count_slot(char tag, const char *name) {
  return intern_format("#ch%c:%s", tag, name);
}

static long long count_of(state *s, char tag, const char *name) {
  value v = state_value_of(s, count_slot(tag, name));
  return v.kind == V_CONST ? v.c : 0;
}

static void count_up(run *R, state *s, char tag, const char *name) {
  long long n = R->f->blocks[s->block].loop >= 0 ? MANY : count_of(s, tag, name) + 1;
  state_bind(s, count_slot(tag, name), -1,
             (value){.kind = V_CONST, .res = -1, .c = n > MANY ? MANY : n});
}

static sender_site *sender_of(channel_data *C, const char *name) {
  for (unsigned i = 0; i < C->nsenders; i++)
    if (C->senders[i].name == name)
      return &C->senders[i];
  return NULL;
}

static void add_sender(run *R, channel_data *C, state *s, const ir_instr *in, const char *routine,
                       const api_fn *send, const char *name) {
  count_up(R, s, 's', name);
  if (sender_of(C, name))
    return;
  int l = R->f->blocks[s->block].loop;
  const ir_term *h = l >= 0 ? &R->f->blocks[R->f->loops[l].header].term : NULL;
  LL_GROW(C->senders, C->nsenders, C->cap_senders);
  C->senders[C->nsenders++] = (sender_site){.name = name,
                                            .routine = routine,
                                            .send = send,
                                            .bound = h && h->kind == T_BRANCH ? h->cond.text : NULL,
                                            .started_at = in->loc};
}

static bool holds_a_lock(const state *s) {
  for (unsigned i = 0; i < s->nres; i++)
    if (s->res[i].status == R_LIVE && s->res[i].acq && s->res[i].acq->model &&
        s->res[i].acq->model->kind == MODEL_LOCK)
      return true;
  return false;
}

static const char *signalled_slot(const char *name) {
  return intern_format("#chl:%s", name);
}

/* A routine that signals name, started with no lock held: until this path
 * waits with a predicate, its signal may come first. */
static void add_signaller(channel_data *C, state *s, const ir_instr *in, const char *routine,
                          const char *name) {
  if (holds_a_lock(s))
    return; /* the routine's signal waits for the lock the wait releases */
  state_bind(s, signalled_slot(name), -1, (value){.kind = V_CONST, .res = -1, .c = 1});
  for (unsigned i = 0; i < C->nsignallers; i++)
    if (C->signallers[i].name == name)
      return;
  LL_GROW(C->signallers, C->nsignallers, C->cap_signallers);
  C->signallers[C->nsignallers++] =
      (signaller){.name = name, .routine = routine, .started_at = in->loc};
}

/* A thread started with a routine whose summary wakes what its argument
 * reaches: a sender of that channel here when the wake is a blocking send,
 * a signaller of it otherwise. */
static void note_started(run *R, channel_data *C, state *s, const ir_instr *in, const api_fn *fn) {
  if (fn->action != ACT_ACQUIRE || !fn->model || fn->model->kind != MODEL_THREAD)
    return;
  for (unsigned i = 0; i + 1 < in->nargs; i++) {
    if (in->args[i].kind != OPD_FUNC)
      continue;
    const api_fn *const *e = walk_own_summary(R, chan_tag, in->args[i].text);
    for (; e && *e; e++) {
      if ((*e)->action != ACT_WAKE || (*e)->handle.arg != 0)
        continue;
      api_fn probe = **e;
      probe.handle = (handle_spec){.where = HANDLE_ARG, .arg = (int)i + 1, .count = 1};
      const char *name = channel_name(channel_key(in, &probe), (*e)->model);
      if (name && (*e)->blocks)
        add_sender(R, C, s, in, in->args[i].text, *e, name);
      else if (name && (*e)->transient)
        add_signaller(C, s, in, in->args[i].text, name);
    }
    return;
  }
}

/* Whether some branch of the function tests a member of the object that
 * holds the channel (svc->running for &svc->started): a predicate. */
static bool has_predicate(const ir_func *f, const char *key) {
  const char *end = NULL;
  for (const char *c = key; *c; c++)
    if (*c == '.' || (*c == '-' && c[1] == '>'))
      end = c;
  if (!end)
    return true; /* a global condition: its predicate is anyone's */
  size_t n = (size_t)(end - key);
  for (unsigned b = 0; b < f->nblocks; b++) {
    const ir_term *t = &f->blocks[b].term;
    for (unsigned i = 0; f->blocks[b].reachable && t->kind == T_BRANCH && i < t->cond.nreads; i++)
      if (t->cond.reads[i].text && strncmp(t->cond.reads[i].text, key, n) == 0 &&
          strchr(".-", t->cond.reads[i].text[n]) && t->cond.reads[i].text[n])
        return true; /* a member of it (svc->running), not the object passed on (svc) */
  }
  return false;
}

/* An untimed wait, outside any loop and with no predicate in the
 * function, on a channel a thread this path started (with no lock held)
 * signals: the signal may come before the wait, and then it is lost. */
static void check_lost_wake(run *R, channel_data *C, state *s, const ir_instr *in, const api_fn *e,
                            const char *name) {
  value v = state_value_of(s, signalled_slot(name));
  const char *key = channel_key(in, e);
  if (v.kind != V_CONST || !v.c || R->f->blocks[s->block].loop >= 0 || !key ||
      has_predicate(R->f, key[0] == '*' ? key + 1 : key))
    return;
  for (unsigned i = 0; i < C->nsignallers; i++) {
    if (C->signallers[i].name != name)
      continue;
    engine_event *ev = walk_event(R, s, EV_CHAN_LOST_WAKE, NULL, in->loc);
    if (ev) {
      ev->acquire = e;
      ev->via = walk_call_name(R, in);
      ev->handle = key;
      ev->detail = C->signallers[i].routine;
      ev->acquired_at = C->signallers[i].started_at;
    }
  }
}

/* A receive of a channel this path started senders of. */
static void note_receive(run *R, channel_data *C, state *s, const ir_instr *in, const char *name) {
  sender_site *ss = name ? sender_of(C, name) : NULL;
  if (!ss)
    return;
  count_up(R, s, 'r', name);
  if (!ss->recv_via) {
    ss->recv_via = walk_call_name(R, in);
    ss->recv_at = in->loc;
  }
}

/* Senders that outnumber the receives: every sender past the receives
 * blocks for good, unless the channel has room (its family has a
 * capacity) or this path wakes it otherwise (a close). */
static void check_senders(run *R, channel_data *C, state *s) {
  for (unsigned i = 0; i < C->nsenders; i++) {
    sender_site *ss = &C->senders[i];
    long long sent = count_of(s, 's', ss->name), got = count_of(s, 'r', ss->name);
    if (!got || got >= MANY || sent <= got || woken(s, ss->name) || ss->send->model->buffered ||
        key_in(&C->drained, ss->name))
      continue;
    engine_event *ev = walk_event(R, s, EV_CHAN_SENDERS, NULL, ss->recv_at);
    if (ev) {
      ev->acquire = ss->send;
      ev->via = ss->send->name;
      ev->handle = ss->name;
      ev->detail = ss->routine;
      ev->release_via = ss->recv_via;
      ev->window = ss->bound;
      ev->acquired_at = ss->started_at;
      ev->added = sent, ev->done = got;
    }
  }
}

/* A consumer's early exit from its receive loop (see EV_CHAN_STOPPED):
 * "#chx:" holds the exit's block + 1 until the path receives again or
 * closes the channel; "#chz:" is 1 while the path has woken (closed) the
 * channel since its last receive. */
static const char *stopped_slot(const char *name) {
  return intern_format("#chx:%s", name);
}

static const char *closed_slot(const char *name) {
  return intern_format("#chz:%s", name);
}

static void bind_flag(state *s, const char *slot, long long v) {
  state_bind(s, slot, -1, (value){.kind = V_CONST, .res = -1, .c = v});
}

static long long flag_of(state *s, const char *slot) {
  value v = state_value_of(s, slot);
  return v.kind == V_CONST ? v.c : 0;
}

/* Whether leaving receive loop r from block b is the receive's own
 * verdict (end of file, an error of the read, a closed channel): then the
 * producer has stopped or failed too. */
static bool result_decides(const ir_func *f, const recv_loop *r, int b) {
  return r->result >= 0 && exit_tests(f, b, r->result, true);
}

static void leave_loop(run *R, void *data, state *s, int l, int from, bool early) {
  channel_data *C = data;
  for (unsigned i = 0; early && i < C->nrecvs; i++)
    if (C->recvs[i].loop == l && !result_decides(R->f, &C->recvs[i], from))
      bind_flag(s, stopped_slot(C->recvs[i].name), from + 1);
}

static void raise_stopped(run *R, state *s, const recv_loop *r, ll_location at) {
  engine_event *ev = walk_event(R, s, EV_CHAN_STOPPED, NULL, at);
  if (ev) {
    ev->acquire = r->fn;
    ev->via = r->via;
    ev->handle = r->key;
    ev->detail = r->name;
    ev->acquired_at = r->at;
  }
}

/* A return out of a receive loop that its receive did not decide, with
 * no close since the last receive, or a return after such an exit. */
static void check_stopped(run *R, channel_data *C, state *s, const ir_term *t) {
  const ir_func *f = R->f;
  for (unsigned i = 0; i < C->nrecvs; i++) {
    const recv_loop *r = &C->recvs[i];
    long long from = flag_of(s, stopped_slot(r->name));
    if (cfg_in_loop(f, s->block, r->loop) && !result_decides(f, r, s->block) &&
        !flag_of(s, closed_slot(r->name)))
      raise_stopped(R, s, r, t->loc);
    else if (from > 0 && (unsigned)from <= f->nblocks)
      raise_stopped(R, s, r, f->blocks[from - 1].term.loc);
  }
}

static void call(run *R, void *data, state *s, const ir_instr *in, const api_fn *const *entries,
                 const api_fn *const *summary) {
  channel_data *C = data;
  for (const api_fn *const *e = entries ? entries : summary; e && *e; e++) {
    check_join(R, s, in, *e);
    note_started(R, C, s, in, *e);
  }
  if (in->id >= C->ncalls || !C->calls[in->id])
    return;
  EACH_CHANNEL_ENTRY(R, in, e, {
    const char *name = name_of(in, e);
    const char *here = local_name(R, channel_key(in, e), e);
    if (e->action == ACT_WAKE && here)
      state_bind(s, woken_slot(here), -1, (value){.kind = V_CONST, .res = -1, .c = 1});
    if (name && C->nrecvs && (e->action == ACT_WAKE || (e->action == ACT_WAIT && !e->timed))) {
      bind_flag(s, stopped_slot(name), 0); /* received again, or closed */
      bind_flag(s, closed_slot(name), e->action == ACT_WAKE);
    }
    if (e->action == ACT_WAIT && !e->timed)
      note_receive(R, C, s, in, here);
    if (e->action == ACT_WAIT && !e->timed && name)
      check_lost_wake(R, C, s, in, e, name);
    if (e->action == ACT_WAIT && !e->timed && name) {
      engine_event *ev = walk_event(R, s, EV_CHAN_WAIT, NULL, in->loc);
      if (ev) {
        ev->acquire = e;
        ev->via = walk_call_name(R, in);
        ev->handle = channel_key(in, e);
        ev->detail = name;
      }
    }
  });
}

static void path_return(run *R, void *data, state *s, const ir_term *t) {
  channel_data *C = data;
  check_senders(R, C, s);
  check_stopped(R, C, s, t);
  for (unsigned i = 0; i < C->nwakes; i++) {
    /* a wake in a loop is a server's, once a job: its shutdown exit is
     * no early return of the one wake a waiter counts on */
    if (woken(s, C->wakes[i].name) || C->wakes[i].looped)
      continue;
    engine_event *ev = walk_event(R, s, EV_CHAN_WAKE_MISSING, NULL, t->loc);
    if (ev) {
      ev->acquire = C->wakes[i].fn;
      ev->via = C->wakes[i].fn->name;
      ev->handle = C->wakes[i].key;
      ev->detail = C->wakes[i].name;
    }
  }
}

static void exit_summary(run *R, void *data, state *s) {
  (void)R;
  channel_data *C = data;
  for (unsigned i = 0; i < C->nwakes; i++) {
    if (woken(s, C->wakes[i].name))
      C->wakes[i].with++;
    else
      C->wakes[i].without++;
  }
}

/* The channel entries of a call as the walk sees them: the models', then
 * this module's summaries (channel_infer.h asks). */
static void walk_entries(void *ctx, const ir_instr *in, const api_fn *const *lists[2]) {
  const run *R = ctx;
  lists[0] = in->callee && R->opt->models ? model_lookup(R->opt->models, in->callee) : NULL;
  lists[1] = walk_own_summary(R, chan_tag, in->callee);
}

static const chan_op *op_on(const chan_op *ops, unsigned n, const char *name) {
  for (unsigned i = 0; i < n; i++)
    if (ops[i].name == name && ops[i].kind != CHAN_OP_NONE)
      return &ops[i];
  return NULL;
}

/* A wake of a channel a parameter reaches, on some exit at least, is a
 * wake of it to the callers (the exits without it are the function's own
 * finding); a routine that reads a pipe until end of file says so. */
static void summarize(run *R, void *data) {
  channel_data *C = data;
  chan_op ops[CHAN_INFER_MAX];
  unsigned nops = channel_infer(R->f, walk_entries, R, ops);
  for (unsigned i = 0; i < C->nwakes; i++) {
    int arg;
    const char *key = C->wakes[i].key;
    if (key[0] == '*' && strstr(key, "->")) /* chan_send(q->answers): the member holds it */
      key++;
    const char *field = C->wakes[i].with ? walk_param_relative_copy(R, key, &arg) : NULL;
    if (!field || arg < 0)
      continue;
    api_fn fn = *C->wakes[i].fn;
    fn.name = R->f->name;
    fn.handle = (handle_spec){.where = HANDLE_ARG, .arg = arg, .count = 1};
    fn.handle_field = field;
    const chan_op *op = op_on(ops, nops, C->wakes[i].name);
    if (op && op->kind != CHAN_OP_RECV) { /* a send or close of a project's queue: kept */
      fn.transient = false;
      fn.blocks = op->blocks;
      fn.closes = op->kind == CHAN_OP_CLOSE;
      fn.queue_op = true;
    }
    walk_add_own_summary(R, chan_tag, &fn);
  }
  for (unsigned i = 0; i < nops; i++) { /* a receive of a project's queue */
    if (ops[i].kind != CHAN_OP_RECV)
      continue;
    api_fn fn = *ops[i].via;
    fn.name = R->f->name;
    fn.handle = (handle_spec){.where = HANDLE_ARG, .arg = ops[i].arg, .count = 1};
    fn.handle_field = ops[i].field;
    fn.queue_op = true;
    walk_add_own_summary(R, chan_tag, &fn);
  }
  if (C->param_wait) {
    api_fn fn = *C->param_wait;
    fn.name = R->f->name;
    fn.handle = (handle_spec){.where = HANDLE_ARG, .arg = C->param_wait_arg, .count = 1};
    fn.handle_field = NULL;
    walk_add_own_summary(R, chan_tag, &fn);
  }
  if (C->eof_read) {
    api_fn fn = *C->eof_read;
    fn.name = R->f->name;
    fn.handle = (handle_spec){.where = HANDLE_NONE, .arg = -1, .count = 1};
    fn.model = &eof_model;
    walk_add_own_summary(R, chan_tag, &fn);
  }
}

static void fini(run *R, void *data) {
  (void)R;
  channel_data *C = data;
  free(C->wakes);
  free(C->senders);
  free(C->signallers);
  free(C->recvs);
  key_set_free(&C->drained);
  free(C->calls);
}

const engine_module channel_module = {
    .name = "channel",
    .data_size = sizeof(channel_data),
    .begin = begin,
    .call = call,
    .leave_loop = leave_loop,
    .path_return = path_return,
    .exit_summary = exit_summary,
    .summarize = summarize,
    .fini = fini,
};
