/* pprof.c - the in-memory profile: growth of its arrays and string interning. */
#include "pprof.h"

#include <stdlib.h>
#include <string.h>

size_t pp_capacity(size_t n) {
  size_t cap = 4;
  while (cap <= n)
    cap *= 2;
  return cap;
}

void *pp_grow(void *arr_ptr, size_t *n, size_t elem) {
  void **arr = arr_ptr;
  size_t cap = pp_capacity(*n);
  /* Capacity is implicit (next power of two >= n+1), so reallocate only when
   * n reaches a power of two: amortized O(1) without a stored capacity. */
  if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0) || *arr == NULL) {
    void *grown = realloc(*arr, cap * elem);
    if (!grown)
      return NULL;
    *arr = grown;
  }
  char *slot = (char *)*arr + *n * elem;
  memset(slot, 0, elem);
  (*n)++;
  return slot;
}

static uint32_t hash_str(const char *s) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

/* Rebuilds the intern index at twice the string count, so it stays sparse. */
static int rehash(pp_profile *p) {
  size_t cap = 64;
  while (cap < p->nstrings * 2 + 2)
    cap *= 2;
  uint32_t *slots = calloc(cap, sizeof *slots);
  if (!slots)
    return -1;
  for (size_t i = 0; i < p->nstrings; i++) {
    size_t j = hash_str(p->strings[i]) & (cap - 1);
    while (slots[j])
      j = (j + 1) & (cap - 1);
    slots[j] = (uint32_t)i + 1;
  }
  free(p->intern_slots);
  p->intern_slots = slots;
  p->intern_cap = cap;
  return 0;
}

int64_t pp_intern(pp_profile *p, const char *s) {
  if (!s)
    s = "";
  if (p->intern_cap < p->nstrings * 2 + 2 && rehash(p) != 0)
    return -1;
  size_t j = hash_str(s) & (p->intern_cap - 1);
  for (; p->intern_slots[j]; j = (j + 1) & (p->intern_cap - 1))
    if (strcmp(p->strings[p->intern_slots[j] - 1], s) == 0)
      return p->intern_slots[j] - 1;
  char *copy = strdup(s);
  char **slot = copy ? pp_grow(&p->strings, &p->nstrings, sizeof *p->strings) : NULL;
  if (!slot) {
    free(copy);
    return -1;
  }
  *slot = copy;
  p->intern_slots[j] = (uint32_t)p->nstrings;
  return (int64_t)p->nstrings - 1;
}

int pp_init(pp_profile *p) {
  memset(p, 0, sizeof *p);
  return pp_intern(p, "") == 0 ? 0 : -1;
}

void pp_free(pp_profile *p) {
  for (size_t i = 0; i < p->nsamples; i++) {
    free(p->samples[i].location_ids);
    free(p->samples[i].values);
  }
  for (size_t i = 0; i < p->nlocations; i++)
    free(p->locations[i].lines);
  for (size_t i = 0; i < p->nstrings; i++)
    free(p->strings[i]);
  free(p->sample_types);
  free(p->samples);
  free(p->mappings);
  free(p->locations);
  free(p->functions);
  free(p->strings);
  free(p->comments);
  free(p->intern_slots);
  memset(p, 0, sizeof *p);
}

const char *pp_string(const pp_profile *p, int64_t i) {
  return i >= 0 && (size_t)i < p->nstrings ? p->strings[i] : "";
}

pp_sample *pp_add_sample(pp_profile *p, size_t nlocations, size_t nvalues) {
  uint64_t *locs = calloc(nlocations ? nlocations : 1, sizeof *locs);
  int64_t *vals = calloc(nvalues ? nvalues : 1, sizeof *vals);
  pp_sample *s = locs && vals ? pp_grow(&p->samples, &p->nsamples, sizeof *s) : NULL;
  if (!s) {
    free(locs);
    free(vals);
    return NULL;
  }
  s->location_ids = locs;
  s->nlocations = nlocations;
  s->values = vals;
  s->nvalues = nvalues;
  return s;
}

pp_mapping *pp_add_mapping(pp_profile *p) {
  return pp_grow(&p->mappings, &p->nmappings, sizeof(pp_mapping));
}

pp_location *pp_add_location(pp_profile *p) {
  return pp_grow(&p->locations, &p->nlocations, sizeof(pp_location));
}

pp_line *pp_location_add_line(pp_location *loc) {
  return pp_grow(&loc->lines, &loc->nlines, sizeof(pp_line));
}

pp_function *pp_add_function(pp_profile *p) {
  return pp_grow(&p->functions, &p->nfunctions, sizeof(pp_function));
}

int pp_add_comment(pp_profile *p, const char *text) {
  int64_t s = pp_intern(p, text);
  int64_t *slot = s >= 0 ? pp_grow(&p->comments, &p->ncomments, sizeof *slot) : NULL;
  if (!slot)
    return -1;
  *slot = s;
  return 0;
}

int pp_add_sample_type(pp_profile *p, const char *type, const char *unit) {
  int64_t t = pp_intern(p, type), u = pp_intern(p, unit);
  pp_value_type *vt =
      t >= 0 && u >= 0 ? pp_grow(&p->sample_types, &p->nsample_types, sizeof *vt) : NULL;
  if (!vt)
    return -1;
  vt->type = t;
  vt->unit = u;
  return 0;
}

#define BY_ID(arr, n, id)                                                                          \
  do {                                                                                             \
    if ((id) >= 1 && (id) <= (n) && (arr)[(id)-1].id == (id))                                      \
      return &(arr)[(id)-1];                                                                       \
    for (size_t i_ = 0; i_ < (n); i_++)                                                            \
      if ((arr)[i_].id == (id))                                                                    \
        return &(arr)[i_];                                                                         \
    return NULL;                                                                                   \
  } while (0)

const pp_location *pp_location_by_id(const pp_profile *p, uint64_t id) {
  BY_ID(p->locations, p->nlocations, id);
}

const pp_function *pp_function_by_id(const pp_profile *p, uint64_t id) {
  BY_ID(p->functions, p->nfunctions, id);
}

const pp_mapping *pp_mapping_by_id(const pp_profile *p, uint64_t id) {
  BY_ID(p->mappings, p->nmappings, id);
}
