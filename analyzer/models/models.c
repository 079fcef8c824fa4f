/* models.c - the model set: families, entries and the name -> entries table.
 * The JSON loader lives in models_json.c and fills the set through the
 * functions below.
 *
 * One hash table maps every string the set owns (function names, file
 * paths, summary handle fields) to its slot; a function name's slot also
 * holds its NULL-terminated entry array, so model_lookup() is one hash and
 * one probe sequence, with no allocation.  Entries are allocated one by one and never
 * moved or freed before model_set_free(), so a pointer handed out by
 * model_set_add() or model_lookup() stays valid even after a later file
 * replaces the entry.
 */
#include "models.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash_table.h"
#include "rule_ids.h"
#include "util.h"

/* Entries that apply under one condition (argument value_arg1 - 1 holds
 * equals or is spelled equals_name), NULL-terminated. */
typedef struct when_group {
  const api_fn *cond; /* the first entry put here: its condition is the group's */
  const api_fn **fns;
  size_t nfns, capfns;
} when_group;

typedef struct slot {
  char *str;          /* owned */
  const api_fn **fns; /* entries named str, NULL-terminated; NULL if none */
  size_t nfns, capfns;
  when_group *when; /* conditional entries, by condition */
  size_t nwhen;
} slot;

struct model_set {
  api_model **models;
  size_t nmodels, capmodels;
  api_fn **entries; /* every entry ever added, replaced ones too */
  size_t nentries, capentries;
  hash_table slots; /* string -> slot */
};

static bool same_str(const void *item, const void *key) {
  return strcmp(((const slot *)item)->str, key) == 0;
}

/* The slot holding s, or NULL. */
static slot *slot_find(const model_set *set, const char *s) {
  return hash_find(&set->slots, hash_string(s), same_str, s);
}

/* The slot for s, created (with a copy of s) if missing. */
static slot *slot_intern(model_set *set, const char *s) {
  hash_slot *hs = hash_slot_for(&set->slots, hash_string(s), same_str, s);
  if (!hs->item) {
    slot *sl = xcalloc(1, sizeof *sl);
    sl->str = xstrdup(s);
    hs->item = sl;
  }
  return hs->item;
}

static void slot_free(void *item, void *ctx) {
  (void)ctx;
  slot *sl = item;
  free(sl->str);
  free(sl->fns);
  for (size_t i = 0; i < sl->nwhen; i++)
    free(sl->when[i].fns);
  free(sl->when);
  free(sl);
}

model_set *model_set_new(void) {
  model_set *set = xcalloc(1, sizeof *set);
  return set;
}

static void model_free(api_model *m) {
  free(m->family);
  free(m->description);
  free(m->release_hint);
  free(m->release_code);
  free(m->file);
  free(m);
}

void model_set_free(model_set *set) {
  if (!set)
    return;
  for (size_t i = 0; i < set->nmodels; i++)
    model_free(set->models[i]);
  free(set->models);
  for (size_t i = 0; i < set->nentries; i++)
    free(set->entries[i]);
  free(set->entries);
  hash_each(&set->slots, slot_free, NULL);
  hash_free(&set->slots);
  free(set);
}

/* The rules a family serves when its file does not say. */
static unsigned default_rules(model_kind kind) {
  switch (kind) {
  case MODEL_RESOURCE:
    return RULE_BIT(RULE_RESOURCE_LEAK) | RULE_BIT(RULE_LOOP_DEFERRED_RELEASE);
  case MODEL_LOCK:
    return RULE_BIT(RULE_LOCK_IMBALANCE);
  case MODEL_TIMER:
    return RULE_BIT(RULE_UNSTOPPED_TIMER);
  case MODEL_THREAD:
  case MODEL_COUNTER:
    return RULE_BIT(RULE_WAITGROUP_IMBALANCE);
  case MODEL_CHANNEL:
    return RULE_BIT(RULE_BLOCKED_CHANNEL);
  }
  return 0;
}

static api_model *family_find(const model_set *set, const char *family) {
  for (size_t i = 0; i < set->nmodels; i++)
    if (strcmp(set->models[i]->family, family) == 0)
      return set->models[i];
  return NULL;
}

api_model *model_set_family(model_set *set, const char *family, model_kind kind) {
  api_model *m = family_find(set, family);
  if (m)
    return m->kind == kind ? m : NULL;
  m = xcalloc(1, sizeof *m);
  m->family = xstrdup(family);
  m->kind = kind;
  m->rules = default_rules(kind);
  m->description = xstrdup(family);
  m->release_hint = xstrdup("");
  m->file = xstrdup("(run time)");
  LL_GROW(set->models, set->nmodels, set->capmodels);
  set->models[set->nmodels++] = m;
  return m;
}

static bool owns_model(const model_set *set, const api_model *m) {
  for (size_t i = 0; i < set->nmodels; i++)
    if (set->models[i] == m)
      return true;
  return false;
}

bool model_fn_is_conditional(const api_fn *fn) {
  return fn->value_arg1 > 0 && fn->action != ACT_DETACH_ATTR;
}

bool model_fn_same_condition(const api_fn *a, const api_fn *b) {
  return a->value_arg1 == b->value_arg1 &&
         (a->equals_name || b->equals_name
              ? a->equals_name && b->equals_name && strcmp(a->equals_name, b->equals_name) == 0
              : a->equals == b->equals);
}

/* Puts fn into a NULL-terminated entry array: in place of the entry it
 * overrides (same action, same family), else at the end. */
static void list_put(const api_fn ***fns, size_t *n, size_t *cap, const api_fn *fn) {
  for (size_t i = 0; i < *n; i++) {
    if ((*fns)[i]->action == fn->action && (*fns)[i]->model == fn->model) {
      (*fns)[i] = fn;
      return;
    }
  }
  if (*n + 1 >= *cap) {
    *cap = *cap ? *cap * 2 : 4;
    *fns = xrealloc(*fns, *cap * sizeof **fns);
  }
  (*fns)[(*n)++] = fn;
  (*fns)[*n] = NULL;
}

static void slot_put(slot *sl, const api_fn *fn) {
  if (!model_fn_is_conditional(fn)) {
    list_put(&sl->fns, &sl->nfns, &sl->capfns, fn);
    return;
  }
  size_t g = 0;
  while (g < sl->nwhen && !model_fn_same_condition(sl->when[g].cond, fn))
    g++;
  if (g == sl->nwhen) {
    sl->when = xrealloc(sl->when, (sl->nwhen + 1) * sizeof *sl->when);
    sl->when[sl->nwhen++] = (when_group){.cond = fn};
  }
  when_group *w = &sl->when[g];
  list_put(&w->fns, &w->nfns, &w->capfns, fn);
}

const api_fn *model_set_add(model_set *set, const api_fn *fn) {
  if (!fn || !fn->name || !fn->model || !owns_model(set, fn->model))
    return NULL;
  api_fn *copy = xmalloc(sizeof *copy);
  *copy = *fn;
  if (fn->file)
    copy->file = slot_intern(set, fn->file)->str;
  if (fn->handle_field)
    copy->handle_field = slot_intern(set, fn->handle_field)->str;
  if (fn->equals_name)
    copy->equals_name = slot_intern(set, fn->equals_name)->str;
  slot *sl = slot_intern(set, fn->name);
  copy->name = sl->str;
  LL_GROW(set->entries, set->nentries, set->capentries);
  set->entries[set->nentries++] = copy;
  slot_put(sl, copy);
  return copy;
}

const api_fn *const *model_lookup(const model_set *set, const char *name) {
  if (!set || !name)
    return NULL;
  const slot *sl = slot_find(set, name);
  return sl && sl->nfns ? (const api_fn *const *)sl->fns : NULL;
}

const api_fn *const *model_lookup_call(const model_set *set, const char *name, model_arg_test holds,
                                       const void *call) {
  const slot *sl = set && name ? slot_find(set, name) : NULL;
  for (size_t g = 0; sl && g < sl->nwhen; g++) {
    const api_fn *c = sl->when[g].cond;
    if (holds(call, c->value_arg1 - 1, c->equals, c->equals_name))
      return (const api_fn *const *)sl->when[g].fns;
  }
  return sl && sl->nfns ? (const api_fn *const *)sl->fns : NULL;
}

const api_fn *model_lookup_action(const model_set *set, const char *name, api_action action) {
  const api_fn *const *fns = model_lookup(set, name);
  for (; fns && *fns; fns++)
    if ((*fns)->action == action)
      return *fns;
  return NULL;
}

size_t model_set_count(const model_set *set) {
  return set->nmodels;
}

const api_model *model_set_model(const model_set *set, size_t i) {
  return i < set->nmodels ? set->models[i] : NULL;
}

const char *model_kind_name(model_kind k) {
  static const char *const names[] = {"resource", "lock", "timer", "thread", "counter", "channel"};
  return (unsigned)k < sizeof names / sizeof *names ? names[k] : NULL;
}

const char *api_action_name(api_action a) {
  static const char *const names[] = {"acquire", "release", "realloc",     "arm",  "stop",
                                      "borrow",  "keep",    "wait",        "wake", "add",
                                      "done",    "self",    "detach_attr", "post"};
  return (unsigned)a < sizeof names / sizeof *names ? names[a] : NULL;
}
