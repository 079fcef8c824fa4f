/* window_module.c - what a window is to the walk: a pointer into the middle
 * of a heap block (buf + 4, what strchr() found in it, a cursor stepped
 * through it) that leaves the function for good (returned, stored where
 * the caller can reach it, kept by a container).  free() needs the start,
 * so from then on the block is the function's to keep or release by its
 * start: lost, nothing can free it (EV_STRANDED); released, the window
 * dangles (EV_DANGLING_WINDOW).  Without this module the block escapes
 * with its window and no rule speaks of it.
 *
 * A window is judged only where it provably is not the start, or comes
 * from a search (which may return the start: "may point into its
 * middle"); the start plus a constant returned by a function that wrote
 * the block's start first is an allocator's header (zmalloc's size
 * prefix, sds), not a window.  A callee that returns a window of its
 * argument says so in its summary (returns_inside), so windows cross
 * units.
 *
 * A block of known large size kept whole for a window of known small
 * length (window_size.h), its start stored beside the window or returned
 * with it only to keep the window alive, is Go's big block, small window
 * (EV_OVERSIZED_WINDOW): told at the path's return, once every store of
 * the path is done. */
#include <stdlib.h>
#include <string.h>

#include "rule_ids.h"
#include "walk.h"
#include "window_size.h"

/* res.mflags holds a record's index + 1, with OBSERVED when the block had
 * already left by its start: the record only says where its window went,
 * for the big block's sake, and the block is not held by it. */
enum { MAX_RECORDS = 127, OBSERVED = 0x80 };

/* Where a window went: shared by every state that took it there. */
typedef struct window_record {
  window_exit_kind kind;
  const char *window, *from, *dest;
  bool by_helper; /* from is a project function (a summary), not a modelled search */
  bool may_be_start;
  /* released under it, the window surely dangles: it is not NULL (not a
   * search's result, maybe none) and surely kept (a store, or a keeper the
   * models name, not a callee whose summary may only pass it on) */
  bool dangles;
  long long block_bytes; /* a big block's size, stored into dest; else 0 */
  ll_location at;
} window_record;

typedef struct window_data {
  window_record *records;
  unsigned nrecords, cap_records;
  /* results of searches: the path written and the call ("colon", "strchr") */
  const char **found_in, **found_by;
  unsigned nfound, cap_found;
  bool headers_known; /* headers filled (on demand) */
  key_set headers;    /* variables whose block's start is written: "*p", "p->len" */
  /* per parameter: exits returning a window of it, and those provably past its start */
  unsigned *inside, *past;
  unsigned null_exits, other_exits;
  bool big; /* the function makes a block of a known big size */
} window_data;

static void prescan_call(run *R, void *data, const ir_instr *in, const api_fn *fn, int block,
                         unsigned idx) {
  (void)block, (void)idx;
  window_data *d = data;
  d->big = d->big || window_call_bytes(in, fn) >= BIG_BLOCK_BYTES;
  if (!fn->returns_inside || !in->has_dst)
    return;
  LL_GROW(d->found_in, d->nfound, d->cap_found);
  d->found_by = xrealloc(d->found_by, d->cap_found * sizeof *d->found_by);
  d->found_in[d->nfound] = in->dst.text;
  d->found_by[d->nfound++] = walk_call_name(R, in);
}

static void begin(run *R, void *data) {
  window_data *d = data;
  unsigned n = R->f->nparams ? R->f->nparams : 1;
  d->inside = xcalloc(n, sizeof *d->inside);
  d->past = xcalloc(n, sizeof *d->past);
  if (d->big)
    window_keep_lengths(R);
}

static void fini(run *R, void *data) {
  (void)R;
  window_data *d = data;
  free(d->records);
  free(d->found_in);
  free(d->found_by);
  key_set_free(&d->headers);
  free(d->inside);
  free(d->past);
}

/* The search whose result path holds, or NULL. */
static const char *search_result(const window_data *d, const char *path) {
  for (unsigned i = 0; path && i < d->nfound; i++)
    if (d->found_in[i] == path)
      return d->found_by[i];
  return NULL;
}

/* The same, or the search a copy or a step of it came from (name =
 * strstr(block, "name=") + 5). */
static const char *search_of(const run *R, const window_data *d, const char *path) {
  const char *by = search_result(d, path);
  const ir_func *f = R->f;
  for (unsigned b = 0; !by && path && b < f->nblocks; b++)
    for (unsigned i = 0; !by && i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->op == I_ASSIGN && in->dst.text == path &&
          (in->src.kind == OPD_OFFSET || in->src.kind == OPD_PATH))
        by = search_result(d, in->src.path.text);
    }
  return by;
}

/* Whether a store writes the start of var's block: *p = n, p->len = n, p[0] = n. */
static bool writes_start(const ir_var *var, const ir_path *dst) {
  const char *t = dst->text, *name = var->name;
  size_t n = strlen(name);
  if (!t || !dst->via_memory)
    return false;
  if (t[0] == '*')
    return strcmp(t + 1, name) == 0;
  return ir_path_is_member_of(t, name) || (strncmp(t, name, n) == 0 && strcmp(t + n, "[0]") == 0);
}

/* Whether the function writes the start of the block handle holds before
 * handing out a constant offset into it: a header (a size prefix). */
static bool has_header(run *R, window_data *d, const char *handle) {
  const ir_func *f = R->f;
  if (!d->headers_known) {
    d->headers_known = true;
    for (unsigned b = 0; b < f->nblocks; b++)
      for (unsigned i = 0; f->blocks[b].reachable && i < f->blocks[b].ninstrs; i++) {
        const ir_instr *in = &f->blocks[b].instrs[i];
        if (in->op == I_ASSIGN && in->dst.var >= 0 && writes_start(&f->vars[in->dst.var], &in->dst))
          key_add(&d->headers, f->vars[in->dst.var].name);
      }
  }
  return key_in(&d->headers, handle);
}

/* Where a store puts a window of block r. */
typedef enum {
  DEST_SELF,       /* inside r itself (its own trailing storage), or where it is not known */
  DEST_OBJECT,     /* an object of this function's, or of unknown provenance: if r's start
                      goes, r is stranded, but the object may go before r does */
  DEST_LONG_LIVED, /* a global or static, or memory reached through a parameter that still
                      holds what the caller passed (h->value, *out) */
} dest_kind;

static dest_kind destination(const run *R, state *s, int r, const ir_path *dst) {
  if (!dst || dst->var < 0)
    return DEST_SELF;
  const ir_var *v = &R->f->vars[dst->var];
  if (v->kind == VAR_GLOBAL || v->kind == VAR_STATIC)
    return DEST_LONG_LIVED;
  if (!dst->via_memory)
    return DEST_SELF;
  value pv = state_value_of(s, v->name);
  if ((pv.kind == V_RES || pv.kind == V_INTERIOR) && pv.res == r)
    return DEST_SELF; /* as->host = (char *)as + sizeof *as */
  if (v->kind == VAR_PARAM && pv.kind == V_RES && s->res[pv.res].param == dst->var &&
      !s->res[pv.res].deref)
    return DEST_LONG_LIVED;
  return DEST_OBJECT;
}

/* The instruction that stored at `at` into dst (the window's operand). */
static const ir_instr *store_at(const run *R, ll_location at, const char *dst) {
  const ir_func *f = R->f;
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->has_dst && in->dst.text == dst && in->loc.line == at.line && in->loc.col == at.col)
        return in;
    }
  return NULL;
}

/* Whether dst is written anywhere but at `at`: the window may be cleared
 * before the block goes (g_cursor = NULL after free). */
static bool stored_elsewhere(const run *R, const char *dst, ll_location at) {
  const ir_func *f = R->f;
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->has_dst && in->dst.text == dst && (in->loc.line != at.line || in->loc.col != at.col))
        return true;
    }
  return false;
}

/* The window's text and the search it came from, from the operand that
 * carries it (or the store that wrote it). */
static void describe(run *R, window_data *d, const window_exit *wx, window_record *rec) {
  const ir_operand *o = wx->operand;
  if (!o && wx->kind == WINDOW_STORED) {
    const ir_instr *in = store_at(R, wx->at, wx->dst->text);
    if (in && in->op == I_ASSIGN)
      o = &in->src;
    else if (in && in->op == I_CALL)
      rec->from = walk_call_name(R, in);
  }
  if (wx->held_in) {
    rec->window = wx->held_in;
    rec->from = search_of(R, d, wx->held_in);
  } else if (o && (o->kind == OPD_PATH || o->kind == OPD_OFFSET)) {
    rec->window = o->kind == OPD_OFFSET && o->text ? o->text : o->path.text;
    rec->from = search_of(R, d, o->path.text);
  }
  if (rec->window && (rec->window[0] == '$' || rec->window[0] == '('))
    rec->window = NULL; /* a temporary: the call's result, named by the call */
  rec->by_helper = rec->from && !(R->opt->models && model_lookup(R->opt->models, rec->from));
}

/* The record of where r's window went, observed ones too. */
static const window_record *any_record_of(const window_data *d, const res *r) {
  unsigned i = r->mflags[MODULE_window] & ~OBSERVED;
  return i && i <= d->nrecords ? &d->records[i - 1] : NULL;
}

/* The record of the window that left while r was the function's own. */
static const window_record *record_of(const window_data *d, const res *r) {
  return r->mflags[MODULE_window] & OBSERVED ? NULL : any_record_of(d, r);
}

/* Whether the models say callee keeps an argument (a container's add). */
static bool modelled_keeper(const run *R, const char *callee) {
  const api_fn *const *e = callee && R->opt->models ? model_lookup(R->opt->models, callee) : NULL;
  for (unsigned i = 0; e && e[i]; i++)
    if (e[i]->action == ACT_KEEP)
      return true;
  return false;
}

static bool same_record(const window_record *a, const window_record *b) {
  return a->kind == b->kind && a->window == b->window && a->from == b->from &&
         a->by_helper == b->by_helper && a->dest == b->dest && a->may_be_start == b->may_be_start &&
         a->dangles == b->dangles && a->block_bytes == b->block_bytes && a->at.path == b->at.path &&
         a->at.line == b->at.line && a->at.col == b->at.col;
}

/* Records where x's window went (OBSERVED: the block had left already)
 * and says so on the path. */
static void note_window(run *R, window_data *d, state *s, res *x, value v, const window_exit *wx,
                        bool dangles, uint8_t observed) {
  window_record rec = {
      .kind = wx->kind, .may_be_start = v.c == IN_FOUND, .dangles = dangles, .at = wx->at};
  describe(R, d, wx, &rec);
  if (wx->kind == WINDOW_STORED)
    rec.dest = wx->dst->text;
  else if (wx->kind == WINDOW_KEPT)
    rec.dest = wx->callee;
  if (d->big && wx->kind == WINDOW_STORED)
    rec.block_bytes = window_block_bytes(R, x);
  unsigned i;
  for (i = 0; i < d->nrecords; i++)
    if (same_record(&d->records[i], &rec))
      break;
  if (i == d->nrecords) {
    LL_GROW(d->records, d->nrecords, d->cap_records);
    d->records[d->nrecords++] = rec;
  }
  x->mflags[MODULE_window] = (uint8_t)(i + 1) | observed;
  if (wx->kind != WINDOW_RETURNED) { /* a return says so itself */
    char *t = xasprintf("%s%s%s points into '%s' and is %s %s%s%s", rec.window ? "'" : "",
                        rec.window ? rec.window : "a pointer", rec.window ? "'" : "", x->handle,
                        wx->kind == WINDOW_STORED ? "stored in" : "kept by",
                        wx->kind == WINDOW_STORED ? "'" : "", rec.dest,
                        wx->kind == WINDOW_STORED ? "'" : "()");
    walk_step(R, s, wx->at, intern(t));
    free(t);
  }
}

static bool window_escapes(run *R, void *data, state *s, int r, value v, const window_exit *wx) {
  window_data *d = data;
  res *x = &s->res[r];
  /* A big block whose start left first (h->line = line; h->value = colon
   * + 1): its window is noted, not judged. */
  bool observe = x->status == R_ESCAPED && d->big && wx->kind == WINDOW_STORED &&
                 !any_record_of(d, x) && d->nrecords < MAX_RECORDS;
  if (v.c == IN_ANYWHERE || (x->status != R_LIVE && !observe))
    return false;
  if (!x->acq) {
    /* A window of an argument returned: the caller's block is not kept
     * here (the summary says the result points into it). */
    return x->param >= 0 && !x->deref && wx->kind == WINDOW_RETURNED && !wx->held_in;
  }
  const api_model *m = x->acq->model;
  if (!m || m->kind != MODEL_RESOURCE || !(m->rules & RULE_BIT(RULE_RETAINED_SUBBUFFER)))
    return false;
  dest_kind dest = wx->kind == WINDOW_STORED ? destination(R, s, r, wx->dst) : DEST_LONG_LIVED;
  if (dest == DEST_SELF)
    return false;
  if (observe) {
    note_window(R, d, s, x, v, wx, false, OBSERVED);
    return false;
  }
  if (wx->kind == WINDOW_RETURNED && v.c == IN_AT_CONSTANT && has_header(R, d, x->handle))
    return false; /* an allocator that hands out the block past its header */
  bool dangles = v.c != IN_FOUND && dest == DEST_LONG_LIVED &&
                 (wx->kind != WINDOW_KEPT || modelled_keeper(R, wx->callee));
  const window_record *first = record_of(d, x);
  if (first && (first->dangles || !dangles))
    return true; /* the first window that left tells the story, unless a later one dangles */
  if (d->nrecords == MAX_RECORDS)
    return first != NULL;
  note_window(R, d, s, x, v, wx, dangles, 0);
  return true;
}

static void fill(const window_record *rec, engine_event *ev) {
  ev->window_exit = rec->kind;
  ev->window = rec->window;
  ev->window_from = rec->from;
  ev->window_by_helper = rec->by_helper;
  ev->window_may_be_start = rec->may_be_start;
  ev->window_dest = rec->dest;
  ev->window_at = rec->at;
}

static ev_kind loss_kind(run *R, void *data, const res *r) {
  (void)R;
  return record_of(data, r) ? EV_STRANDED : EV_LEAK;
}

/* Once its window has left, a block is the function's only by its start. */
static bool held_by_start_only(const res *r) {
  return r->mflags[MODULE_window] != 0 && !(r->mflags[MODULE_window] & OBSERVED);
}

static void loss_event(run *R, void *data, const res *r, engine_event *ev) {
  (void)R;
  const window_record *rec = record_of(data, r);
  if (rec && ev->kind == EV_STRANDED)
    fill(rec, ev);
}

/* The block released while its window lives on: the window dangles,
 * unless the storage is written again in the function (cleared). */
static bool release(run *R, void *data, state *s, int r, const ir_instr *in, const api_fn *fn) {
  (void)fn;
  const window_record *rec = record_of(data, &s->res[r]);
  if (!rec || !rec->dangles || s->res[r].status != R_LIVE)
    return false;
  if (rec->kind == WINDOW_STORED && stored_elsewhere(R, rec->dest, rec->at))
    return false;
  engine_event *ev = walk_event(R, s, EV_DANGLING_WINDOW, &s->res[r], in->loc);
  if (ev)
    fill(rec, ev);
  return false;
}

/* The block the return hands back: its start goes with the window. */
static bool returned_start(state *s, const ir_term *t, int r) {
  value v = t->val.kind == OPD_PATH ? walk_eval(s, &t->val) : (value){0};
  return v.kind == V_RES && v.res == r;
}

/* At a return, each big block whose window is stored in long-lived
 * storage with its start beside it (or returned), and whose window's
 * length is bounded small: the whole block is kept for the window. */
static void path_return(run *R, void *data, state *s, const ir_term *t) {
  window_data *d = data;
  if (!d->big)
    return;
  for (unsigned i = 0; i < s->nres; i++) {
    res *x = &s->res[i];
    const window_record *rec = any_record_of(d, x);
    if (!rec || rec->block_bytes < BIG_BLOCK_BYTES || x->status != R_ESCAPED)
      continue;
    const char *base = window_base_beside(R, x->handle, rec->dest);
    if (!base && !returned_start(s, t, (int)i))
      continue;
    long long len = 0;
    const char *by = NULL;
    if (!window_length(R, s, rec->dest, base, &len, &by) ||
        len * SMALL_WINDOW_SHARE > rec->block_bytes)
      continue;
    engine_event *ev = walk_event(R, s, EV_OVERSIZED_WINDOW, x, rec->at);
    if (!ev)
      continue;
    fill(rec, ev);
    ev->block_bytes = rec->block_bytes;
    ev->window_bytes = len;
    ev->window_len_by = by;
    ev->window_base = base;
  }
}

/* What this exit returns, for the summary: a window of a parameter, NULL,
 * or something else. */
static void exit_summary(run *R, void *data, state *s) {
  window_data *d = data;
  value v = R->exit_value;
  if (v.kind == V_INTERIOR && v.c != IN_ANYWHERE && s->res[v.res].param >= 0 &&
      !s->res[v.res].deref) {
    d->inside[s->res[v.res].param]++;
    d->past[s->res[v.res].param] += v.c != IN_FOUND;
  } else if (v.kind == V_CONST && v.c == 0) {
    d->null_exits++;
  } else {
    d->other_exits++;
  }
}

/* A function that returns a window of one parameter, or NULL, on every
 * path (a value-after-the-colon helper): callers learn where its result
 * points. */
static void summarize(run *R, void *data) {
  window_data *d = data;
  if (d->other_exits)
    return;
  int which = -1;
  for (unsigned p = 0; p < R->f->nparams; p++) {
    if (!d->inside[p])
      continue;
    if (which >= 0)
      return; /* windows of two parameters */
    which = (int)p;
  }
  if (which < 0)
    return;
  api_fn fn = {.name = R->f->name,
               .action = ACT_BORROW,
               .handle = {.where = HANDLE_NONE, .arg = -1},
               .model = summary_generic_model(),
               .old_arg = -1,
               .repeat_arg = -1,
               .callback_arg = -1,
               .returns_inside = true,
               .returns_arg = which,
               .returns_past_start = d->past[which] == d->inside[which]};
  walk_add_summary(R, &fn);
}

const engine_module window_module = {
    .name = "window",
    .data_size = sizeof(window_data),
    .prescan_call = prescan_call,
    .begin = begin,
    .window_escapes = window_escapes,
    .loss_kind = loss_kind,
    .loss_event = loss_event,
    .held_by_start_only = held_by_start_only,
    .release = release,
    .path_return = path_return,
    .exit_summary = exit_summary,
    .summarize = summarize,
    .fini = fini,
};
