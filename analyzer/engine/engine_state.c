/* engine_state.c - see engine_state.h.  States are small arrays copied at
 * each branch; functions rarely hold more than a handful of resources. */
#include "engine_state.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

state *state_new(unsigned nloops) {
  state *s = xcalloc(1, sizeof *s);
  s->nloops = nloops;
  s->iters = xcalloc(nloops ? nloops : 1, 1);
  return s;
}

#define COPY_ARRAY(dst, src, n)                                                                    \
  do {                                                                                             \
    (dst) = (n) ? xmalloc((n) * sizeof *(src)) : NULL;                                             \
    if (n)                                                                                         \
      memcpy((dst), (src), (n) * sizeof *(src));                                                   \
  } while (0)

state *state_copy(const state *s) {
  state *c = xmalloc(sizeof *c);
  *c = *s;
  COPY_ARRAY(c->res, s->res, s->nres);
  c->cap_res = s->nres;
  COPY_ARRAY(c->b, s->b, s->nb);
  c->cap_b = s->nb;
  COPY_ARRAY(c->facts, s->facts, s->nfacts);
  c->cap_facts = s->nfacts;
  COPY_ARRAY(c->ranges, s->ranges, s->nranges);
  c->cap_ranges = s->nranges;
  c->iters = xmalloc(s->nloops ? s->nloops : 1);
  memcpy(c->iters, s->iters, s->nloops ? s->nloops : 1);
  return c;
}

void state_free(state *s) {
  if (!s)
    return;
  free(s->res);
  free(s->b);
  free(s->facts);
  free(s->ranges);
  free(s->iters);
  free(s);
}

binding *state_find(state *s, const char *path) {
  for (unsigned i = 0; i < s->nb; i++)
    if (s->b[i].path == path)
      return &s->b[i];
  return NULL;
}

const char *state_through_address(const state *s, const char *path) {
  const char *out = NULL;
  for (int depth = 0; depth < 4; depth++) {
    const binding *best = NULL;
    size_t best_n = 0;
    for (unsigned i = 0; i < s->nb; i++) {
      const binding *b = &s->b[i];
      size_t n = b->v.kind == V_ADDR ? strlen(b->path) : 0;
      if (n > best_n && strncmp(path, b->path, n) == 0 && path[n] == '-' && path[n + 1] == '>')
        best = b, best_n = n;
    }
    if (!best)
      break;
    char *t = xasprintf("%s.%s", value_addr_path(best->v), path + best_n + 2);
    path = out = intern(t);
    free(t);
  }
  return out;
}

value state_value_of(state *s, const char *path) {
  binding *b = state_find(s, path);
  if (!b && s->naddr && strstr(path, "->")) {
    const char *through = state_through_address(s, path);
    b = through ? state_find(s, through) : NULL;
  }
  return b ? b->v : (value){.kind = V_UNKNOWN, .res = -1};
}

void state_bind(state *s, const char *path, int var, value v) {
  binding *b = state_find(s, path);
  if (!b) {
    LL_GROW(s->b, s->nb, s->cap_b);
    b = &s->b[s->nb++];
  } else {
    s->naddr -= b->v.kind == V_ADDR;
  }
  *b = (binding){.path = path, .var = var, .v = v};
  s->naddr += v.kind == V_ADDR;
}

void state_unbind_at(state *s, unsigned i) {
  s->naddr -= s->b[i].v.kind == V_ADDR;
  s->b[i] = s->b[--s->nb];
}

unsigned state_refs(const state *s, int r) {
  unsigned n = 0;
  for (unsigned i = 0; i < s->nb; i++)
    if ((s->b[i].v.kind == V_RES || s->b[i].v.kind == V_INTERIOR) && s->b[i].v.res == r)
      n++;
  return n;
}

int state_add_res(state *s, const res *r) {
  LL_GROW(s->res, s->nres, s->cap_res);
  s->res[s->nres] = *r;
  return (int)s->nres++;
}

const fact *state_fact(const state *s, const char *text) {
  for (unsigned i = 0; i < s->nfacts; i++)
    if (s->facts[i].text == text)
      return &s->facts[i];
  return NULL;
}

void state_set_fact(state *s, const ir_cond *c, bool value) {
  for (unsigned i = 0; i < s->nfacts; i++)
    if (s->facts[i].text == c->text) {
      s->facts[i].value = value;
      return;
    }
  LL_GROW(s->facts, s->nfacts, s->cap_facts);
  s->facts[s->nfacts++] =
      (fact){.text = c->text, .reads = c->reads, .nreads = c->nreads, .value = value};
}

void state_forget_path(state *s, const char *path) {
  size_t n = strlen(path);
  for (unsigned i = 0; i < s->nfacts;) {
    /* tests read paths by their root variable: the test's text tells */
    bool reads = s->facts[i].text && strstr(s->facts[i].text, path);
    for (unsigned r = 0; r < s->facts[i].nreads && !reads; r++) {
      const char *t = s->facts[i].reads[r].text;
      reads = t == path ||
              (t && strncmp(t, path, n) == 0 && (t[n] == '.' || t[n] == '-' || t[n] == '['));
    }
    if (reads)
      s->facts[i] = s->facts[--s->nfacts];
    else
      i++;
  }
}

void state_forget_var(state *s, const ir_func *f, int var) {
  for (unsigned i = 0; i < s->nranges;) {
    if (s->ranges[i].var == var)
      s->ranges[i] = s->ranges[--s->nranges];
    else
      i++;
  }
  for (unsigned i = 0; i < s->nfacts;) {
    bool reads = false;
    for (unsigned r = 0; r < s->facts[i].nreads && !reads; r++)
      reads = s->facts[i].reads[r].var == var ||
              (s->facts[i].reads[r].var >= 0 &&
               f->vars[s->facts[i].reads[r].var].name == f->vars[var].name);
    if (reads)
      s->facts[i] = s->facts[--s->nfacts];
    else
      i++;
  }
}

/* splitmix64's finaliser: every input bit reaches every output bit.  The
 * walk prunes a state whose hash it has seen, so two different states that
 * collide lose a path; a weak mix (sums, shifts) made that happen in large
 * functions, and since interned strings' addresses vary between runs, it
 * made results vary too. */
static uint64_t avalanche(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x;
}

static uint64_t mix(uint64_t h, uint64_t v) {
  return avalanche(h ^ avalanche(v + 0x9e3779b97f4a7c15ull));
}

/* Order-independent over bindings and facts (they are unordered sets). */
uint64_t state_hash(const state *s) {
  uint64_t h = mix(0, (uint64_t)s->block);
  for (unsigned i = 0; i < s->nres; i++) {
    const res *r = &s->res[i];
    uint64_t flags = (uint64_t)r->status << 16 | r->checked << 8 | r->realloc_pending << 7 |
                     r->failure_handled << 5 | r->seen_set << 3 | r->release_guarded << 1;
    uint64_t mflags;
    _Static_assert(sizeof mflags == sizeof r->mflags, "one word of module flags");
    memcpy(&mflags, r->mflags, sizeof mflags);
    flags = mix(flags, mflags);
    h = mix(mix(mix(h, flags), (uint64_t)r->acq_instr << 8 | r->iter_at_acq),
            (uintptr_t)r->object_key);
  }
  uint64_t set = 0;
  for (unsigned i = 0; i < s->nb; i++) {
    const binding *b = &s->b[i];
    /* where an interior pointer points matters only as judged or not: the
     * finer kinds would split paths that meet (strchr(copy) or strchr(colon)) */
    uint64_t c = b->v.kind == V_INTERIOR ? b->v.c != IN_ANYWHERE : (uint64_t)b->v.c;
    uint64_t e = mix(mix(mix((uintptr_t)b->path, b->v.kind), (uint64_t)b->v.res), c);
    set += avalanche(e);
  }
  h = mix(h, set);
  set = 0;
  for (unsigned i = 0; i < s->nfacts; i++)
    set += mix((uintptr_t)s->facts[i].text, s->facts[i].value);
  h = mix(h, set);
  set = 0;
  for (unsigned i = 0; i < s->nranges; i++) {
    const range *r = &s->ranges[i];
    /* classes by their smallest member: the numbering is the path's own */
    unsigned first = (unsigned)r->var;
    for (unsigned j = 0; j < s->nranges; j++)
      if (s->ranges[j].cls == r->cls && (unsigned)s->ranges[j].var < first)
        first = (unsigned)s->ranges[j].var;
    set += mix(mix(mix(mix((uint64_t)r->var, (uint64_t)r->lo), (uint64_t)r->hi),
                   r->has_ne ? (uint64_t)r->ne : 0x5bd1e995u),
               first);
  }
  h = mix(h, set);
  for (unsigned i = 0; i < s->nloops; i++)
    h = mix(h, s->iters[i]);
  return mix(h, s->closed_std);
}
