/* summaries.c - see summaries.h.  A hash table from (unit, name) to a
 * small NULL-terminated array of entries; exported functions use a NULL
 * unit so that every unit sees them. */
#include "summaries.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct summary_slot {
  const char *unit; /* NULL for functions with external linkage */
  const char *name; /* interned */
  api_fn **fns;     /* NULL-terminated */
  unsigned nfns;
  returns_kind returns;
  bool used;
} summary_slot;

struct summary_table {
  summary_slot *slots;
  size_t cap, count;
};

static const api_model generic = {.family = "function summary",
                                  .kind = MODEL_RESOURCE,
                                  .description = "resource",
                                  .release_hint = "its release function"};

const api_model *summary_generic_model(void) {
  return &generic;
}

summary_table *summary_table_new(void) {
  summary_table *t = xcalloc(1, sizeof *t);
  t->cap = 256;
  t->slots = xcalloc(t->cap, sizeof *t->slots);
  return t;
}

void summary_table_free(summary_table *t) {
  if (!t)
    return;
  for (size_t i = 0; i < t->cap; i++) {
    for (unsigned j = 0; j < t->slots[i].nfns; j++)
      free(t->slots[i].fns[j]);
    free(t->slots[i].fns);
  }
  free(t->slots);
  free(t);
}

static size_t slot_hash(const char *unit, const char *name) {
  return ((uintptr_t)unit * 31u) ^ ((uintptr_t)name * 2654435761u) ^ ((uintptr_t)name >> 4);
}

static summary_slot *find(const summary_table *t, const char *unit, const char *name) {
  size_t mask = t->cap - 1;
  for (size_t i = slot_hash(unit, name) & mask;; i = (i + 1) & mask) {
    summary_slot *s = &t->slots[i];
    if (!s->used || (s->unit == unit && s->name == name))
      return s;
  }
}

static void grow(summary_table *t) {
  summary_slot *old = t->slots;
  size_t old_cap = t->cap;
  t->cap *= 2;
  t->slots = xcalloc(t->cap, sizeof *t->slots);
  for (size_t i = 0; i < old_cap; i++)
    if (old[i].used)
      *find(t, old[i].unit, old[i].name) = old[i];
  free(old);
}

static summary_slot *insert(summary_table *t, const char *unit, const char *name) {
  if ((t->count + 1) * 2 > t->cap)
    grow(t);
  summary_slot *s = find(t, unit, name);
  if (!s->used) {
    s->used = true;
    s->unit = unit;
    s->name = name;
    t->count++;
  }
  return s;
}

static const summary_slot *visible(const summary_table *t, const char *unit, const char *name) {
  name = intern(name);
  const summary_slot *s = find(t, intern(unit), name);
  if (s->used)
    return s;
  s = find(t, NULL, name);
  return s->used ? s : NULL;
}

const api_fn *const *summary_lookup(const summary_table *t, const char *unit, const char *name) {
  const summary_slot *s = visible(t, unit, name);
  return s && s->nfns ? (const api_fn *const *)s->fns : NULL;
}

bool summary_is_defined(const summary_table *t, const char *unit, const char *name) {
  return visible(t, unit, name) != NULL;
}

void summary_mark_defined(summary_table *t, const char *unit, const char *name, bool is_static) {
  insert(t, is_static ? intern(unit) : NULL, intern(name));
}

void summary_add(summary_table *t, const char *unit, const char *name, bool is_static,
                 const api_fn *fn) {
  summary_slot *s = insert(t, is_static ? intern(unit) : NULL, intern(name));
  s->fns = xrealloc(s->fns, (s->nfns + 2) * sizeof *s->fns);
  api_fn *copy = xmalloc(sizeof *copy);
  *copy = *fn;
  s->fns[s->nfns++] = copy;
  s->fns[s->nfns] = NULL;
}

void summary_set_returns(summary_table *t, const char *unit, const char *name, bool is_static,
                         returns_kind k) {
  insert(t, is_static ? intern(unit) : NULL, intern(name))->returns = k;
}

returns_kind summary_returns(const summary_table *t, const char *unit, const char *name) {
  const summary_slot *s = visible(t, unit, name);
  return s ? s->returns : RETURNS_UNKNOWN;
}
