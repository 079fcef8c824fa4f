/* summaries.c - see summaries.h.  A hash table from (unit, name) to a
 * small NULL-terminated array of entries; exported functions use a NULL
 * unit so that every unit sees them. */
#include "summaries.h"

#include "key_set.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "linkage.h"
#include "util.h"

/* The entries of one calling context: argument arg is the constant value. */
typedef struct when_list {
  int arg;
  long long value;
  api_fn **fns; /* NULL-terminated, possibly empty */
  unsigned nfns;
} when_list;

typedef struct summary_slot {
  linked_name id;
  /* The walk position of the function that wrote it (summary_restamp()):
   * a slot stamped after the walk's current position is not there yet, as
   * in a walk from scratch. */
  unsigned stamp;
  bool forgotten; /* as if removed: its function is walked again */
  api_fn **fns;   /* NULL-terminated */
  unsigned nfns;
  returns_kind returns;
  /* Parameters neither the function nor its callees keep, nor anything read
   * through them (a bit per parameter; the function was walked). */
  uint32_t borrowed;
  bool borrowed_known;
  when_list *whens;
  unsigned nwhens;
} summary_slot;

struct summary_table {
  hash_table slots;  /* linkage.h */
  unsigned now;      /* the walk's current position (summary_set_position) */
  key_set ambiguous; /* external names with several definitions */
};

static const api_model generic = {.family = "function summary",
                                  .kind = MODEL_RESOURCE,
                                  .description = "resource",
                                  .release_hint = "its release function"};

const api_model *summary_generic_model(void) {
  return &generic;
}

summary_table *summary_table_new(void) {
  return xcalloc(1, sizeof(summary_table));
}

static void free_list(api_fn **fns, unsigned n) {
  for (unsigned j = 0; j < n; j++)
    free(fns[j]);
  free(fns);
}

static void slot_free(void *item, void *ctx) {
  (void)ctx;
  summary_slot *s = item;
  free_list(s->fns, s->nfns);
  for (unsigned w = 0; w < s->nwhens; w++)
    free_list(s->whens[w].fns, s->whens[w].nfns);
  free(s->whens);
  free(s);
}

void summary_table_free(summary_table *t) {
  if (!t)
    return;
  key_set_free(&t->ambiguous);
  hash_each(&t->slots, slot_free, NULL);
  hash_free(&t->slots);
  free(t);
}

static summary_slot *insert(summary_table *t, const char *unit, bool is_static, const char *name) {
  unit = is_static ? intern(unit) : NULL;
  name = intern(name);
  hash_slot *hs = linkage_slot(&t->slots, unit, name);
  if (!hs->item) {
    summary_slot *s = xcalloc(1, sizeof *s);
    s->id = (linked_name){unit, name};
    hs->item = s;
  }
  summary_slot *s = hs->item;
  if (s->forgotten)
    *s = (summary_slot){.id = s->id};
  s->stamp = t->now;
  return s;
}

static bool present(const summary_table *t, const summary_slot *s) {
  return s && !s->forgotten && s->stamp <= t->now;
}

static const summary_slot *visible(const summary_table *t, const char *unit, const char *name) {
  const summary_slot *s = linkage_find(&t->slots, intern(unit), intern(name));
  if (s && !present(t, s))
    s = s->id.unit ? linkage_find(&t->slots, NULL, intern(name)) : NULL;
  if (s && !s->id.unit && key_in(&t->ambiguous, s->id.name))
    return NULL;
  return present(t, s) ? s : NULL;
}

void summary_set_ambiguous(summary_table *t, const char *name) {
  key_add(&t->ambiguous, intern(name));
}

const api_fn *const *summary_lookup(const summary_table *t, const char *unit, const char *name) {
  const summary_slot *s = visible(t, unit, name);
  return s && s->nfns ? (const api_fn *const *)s->fns : NULL;
}

bool summary_is_defined(const summary_table *t, const char *unit, const char *name) {
  return visible(t, unit, name) != NULL;
}

void summary_mark_defined(summary_table *t, const char *unit, const char *name, bool is_static) {
  insert(t, unit, is_static, name);
}

static void append(api_fn ***fns, unsigned *n, const api_fn *fn) {
  *fns = xrealloc(*fns, (*n + 2) * sizeof **fns);
  if (fn) {
    api_fn *copy = xmalloc(sizeof *copy);
    *copy = *fn;
    (*fns)[(*n)++] = copy;
  }
  (*fns)[*n] = NULL;
}

void summary_add(summary_table *t, const char *unit, const char *name, bool is_static,
                 const api_fn *fn) {
  summary_slot *s = insert(t, unit, is_static, name);
  append(&s->fns, &s->nfns, fn);
}

void summary_add_when(summary_table *t, const char *unit, const char *name, bool is_static, int arg,
                      long long value, const api_fn *fn) {
  summary_slot *s = insert(t, unit, is_static, name);
  when_list *w = NULL;
  for (unsigned i = 0; i < s->nwhens && !w; i++)
    if (s->whens[i].arg == arg && s->whens[i].value == value)
      w = &s->whens[i];
  if (!w) {
    s->whens = xrealloc(s->whens, (s->nwhens + 1) * sizeof *s->whens);
    w = &s->whens[s->nwhens++];
    *w = (when_list){.arg = arg, .value = value};
  }
  append(&w->fns, &w->nfns, fn);
}

const api_fn *const *summary_lookup_when(const summary_table *t, const char *unit, const char *name,
                                         unsigned nargs, const bool *known,
                                         const long long *value) {
  const summary_slot *s = visible(t, unit, name);
  for (unsigned i = 0; s && i < s->nwhens; i++) {
    const when_list *w = &s->whens[i];
    if ((unsigned)w->arg < nargs && known[w->arg] && value[w->arg] == w->value)
      return (const api_fn *const *)w->fns;
  }
  return NULL;
}

bool summary_has_when(const summary_table *t, const char *unit, const char *name) {
  const summary_slot *s = visible(t, unit, name);
  return s && s->nwhens;
}

typedef struct release_search {
  const summary_table *table;
  const char *unit, *acquirer;
  const api_model *model;
  const char *best;
  size_t best_len;
} release_search;

/* free() ends both a malloc() block and a strdup() string, which are
 * different families: what counts is the release they name. */
static bool same_release(const api_model *a, const api_model *b) {
  return a == b || (a && b && a->release_hint && b->release_hint &&
                    strcmp(a->release_hint, b->release_hint) == 0);
}

/* buffer_free, conn_destroy, obj_unref: the name says it ends the object;
 * ngx_destroy_pool, though it frees what it is given and shares ngx_alloc's
 * prefix, ends a pool, not a block from ngx_alloc. */
static bool ends_in_release_word(const char *name) {
  static const char *const words[] = {"free",    "destroy", "release", "close", "unref",
                                      "delete",  "del",     "put",     "fini",  "deinit",
                                      "dispose", "done",    "cleanup", "drop"};
  const char *last = strrchr(name, '_');
  last = last ? last + 1 : name;
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strcmp(last, words[i]) == 0)
      return true;
  return false;
}

static void consider_release(void *item, void *ctx) {
  const summary_slot *s = item;
  release_search *q = ctx;
  if ((s->id.unit && s->id.unit != q->unit) || !present(q->table, s))
    return;
  bool releases = false;
  for (unsigned i = 0; i < s->nfns && !releases; i++)
    releases = s->fns[i]->action == ACT_RELEASE && s->fns[i]->handle.where == HANDLE_ARG &&
               same_release(s->fns[i]->model, q->model);
  if (!releases)
    return;
  /* The acquirer's name but its last word: buffer_ of buffer_init, not
   * options_ of options_to_string (options_free ends another type). */
  const char *last = strrchr(q->acquirer, '_');
  size_t word = last ? (size_t)(last - q->acquirer) + 1 : 0;
  if (!word || strncmp(q->acquirer, s->id.name, word) != 0 || !ends_in_release_word(s->id.name))
    return;
  /* ties go to the shorter name, then the first in name order, so that the
   * choice does not depend on the table's layout */
  if (word > q->best_len ||
      (word && word == q->best_len &&
       (strlen(s->id.name) < strlen(q->best) ||
        (strlen(s->id.name) == strlen(q->best) && strcmp(s->id.name, q->best) < 0)))) {
    q->best = s->id.name;
    q->best_len = word;
  }
}

const char *summary_release_for(const summary_table *t, const char *unit, const api_model *model,
                                const char *acquirer) {
  if (!acquirer)
    return NULL;
  release_search q = {.table = t, .unit = intern(unit), .acquirer = acquirer, .model = model};
  hash_each(&t->slots, consider_release, &q);
  return q.best;
}

void summary_set_returns(summary_table *t, const char *unit, const char *name, bool is_static,
                         returns_kind k) {
  insert(t, unit, is_static, name)->returns = k;
}

returns_kind summary_returns(const summary_table *t, const char *unit, const char *name) {
  const summary_slot *s = visible(t, unit, name);
  return s ? s->returns : RETURNS_UNKNOWN;
}

void summary_set_borrowed(summary_table *t, const char *unit, const char *name, bool is_static,
                          uint32_t params) {
  summary_slot *s = insert(t, unit, is_static, name);
  s->borrowed = params;
  s->borrowed_known = true;
}

bool summary_borrows_whole(const summary_table *t, const char *unit, const char *name,
                           unsigned arg) {
  const summary_slot *s = visible(t, unit, name);
  return s && s->borrowed_known && arg < 32 && (s->borrowed & (1u << arg));
}

void summary_set_position(summary_table *t, unsigned position) {
  t->now = position;
}

const char *summary_derived_name(const char *kind, const char *fn) {
  char *t = xasprintf("#%s:%s", kind, fn);
  const char *k = intern(t);
  free(t);
  return k;
}

typedef struct restamp {
  int (*owner)(void *ctx, const char *unit, const char *fn);
  void *ctx;
} restamp;

static void restamp_slot(void *item, void *ctx) {
  summary_slot *s = item;
  restamp *r = ctx;
  const char *fn = s->id.name;
  if (fn[0] == '#' && strchr(fn, ':'))
    fn = intern(strchr(fn, ':') + 1);
  int stamp = r->owner(r->ctx, s->id.unit, fn);
  if (stamp < 0) {
    free_list(s->fns, s->nfns);
    for (unsigned w = 0; w < s->nwhens; w++)
      free_list(s->whens[w].fns, s->whens[w].nfns);
    free(s->whens);
    *s = (summary_slot){.id = s->id, .forgotten = true};
  } else {
    s->stamp = (unsigned)stamp;
  }
}

void summary_restamp(summary_table *t, int (*owner)(void *ctx, const char *unit, const char *fn),
                     void *ctx) {
  restamp r = {owner, ctx};
  hash_each(&t->slots, restamp_slot, &r);
}

/* ---- Snapshots: did a function's entries change when it was walked again? ---- */

typedef struct slot_copy {
  linked_name id;
  bool present;
  summary_slot slot; /* its lists owned by the copy */
} slot_copy;

/* The modules' own summaries of a function (walk_own_summary), by tag. */
static const char *const derived_tags[] = {"count", "chan"};
enum { SNAPSHOT_KEYS = 1 + sizeof derived_tags / sizeof *derived_tags };

struct summary_snapshot {
  slot_copy keys[SNAPSHOT_KEYS]; /* the function's own entries, then its derived ones */
};

static summary_slot *exact(summary_table *t, linked_name id) {
  summary_slot *s = linkage_find(&t->slots, id.unit, id.name);
  return s && s->id.unit == id.unit && !s->forgotten ? s : NULL;
}

static api_fn **copy_list(api_fn *const *fns, unsigned n) {
  api_fn **out = xcalloc(n + 1, sizeof *out);
  for (unsigned i = 0; i < n; i++) {
    out[i] = xmalloc(sizeof *out[i]);
    *out[i] = *fns[i];
  }
  return out;
}

static bool same_list(api_fn *const *a, unsigned na, api_fn *const *b, unsigned nb) {
  if (na != nb)
    return false;
  for (unsigned i = 0; i < na; i++)
    if (memcmp(a[i], b[i], sizeof *a[i]) != 0) /* strings are interned: a byte compare */
      return false;
  return true;
}

static bool same_slot(const summary_slot *a, const summary_slot *b) {
  if (a->returns != b->returns || a->nwhens != b->nwhens || a->borrowed != b->borrowed ||
      a->borrowed_known != b->borrowed_known || !same_list(a->fns, a->nfns, b->fns, b->nfns))
    return false;
  for (unsigned w = 0; w < a->nwhens; w++)
    if (a->whens[w].arg != b->whens[w].arg || a->whens[w].value != b->whens[w].value ||
        !same_list(a->whens[w].fns, a->whens[w].nfns, b->whens[w].fns, b->whens[w].nfns))
      return false;
  return true;
}

summary_snapshot *summary_take(summary_table *t, const char *unit, const char *name,
                               bool is_static) {
  summary_snapshot *snap = xcalloc(1, sizeof *snap);
  const char *u = is_static ? intern(unit) : NULL;
  const char *names[SNAPSHOT_KEYS] = {intern(name)};
  for (int i = 1; i < SNAPSHOT_KEYS; i++)
    names[i] = summary_derived_name(derived_tags[i - 1], name);
  for (int i = 0; i < SNAPSHOT_KEYS; i++) {
    slot_copy *c = &snap->keys[i];
    c->id = (linked_name){u, names[i]};
    summary_slot *s = exact(t, c->id);
    if (!s)
      continue;
    c->present = true;
    c->slot = (summary_slot){.id = s->id,
                             .returns = s->returns,
                             .borrowed = s->borrowed,
                             .borrowed_known = s->borrowed_known,
                             .nfns = s->nfns,
                             .nwhens = s->nwhens};
    c->slot.fns = copy_list(s->fns, s->nfns);
    c->slot.whens = s->nwhens ? xcalloc(s->nwhens, sizeof *c->slot.whens) : NULL;
    for (unsigned w = 0; w < s->nwhens; w++) {
      c->slot.whens[w] = s->whens[w];
      c->slot.whens[w].fns = copy_list(s->whens[w].fns, s->whens[w].nfns);
    }
    free_list(s->fns, s->nfns);
    for (unsigned w = 0; w < s->nwhens; w++)
      free_list(s->whens[w].fns, s->whens[w].nfns);
    free(s->whens);
    *s = (summary_slot){.id = s->id, .forgotten = true};
  }
  return snap;
}

bool summary_same_as(summary_table *t, summary_snapshot *snap) {
  bool same = true;
  for (int i = 0; i < SNAPSHOT_KEYS; i++) {
    slot_copy *c = &snap->keys[i];
    const summary_slot *now = exact(t, c->id);
    if (!now != !c->present || (now && !same_slot(now, &c->slot)))
      same = false;
    if (c->present) {
      free_list(c->slot.fns, c->slot.nfns);
      for (unsigned w = 0; w < c->slot.nwhens; w++)
        free_list(c->slot.whens[w].fns, c->slot.whens[w].nfns);
      free(c->slot.whens);
    }
  }
  free(snap);
  return same;
}
