/* verdict.c - does the run show what the finding claims?
 *
 * For each process the run left profiles for, we build a time series at the
 * finding's site: the in-use memory of sampled stacks passing through the
 * acquisition line, or, for descriptors, threads and timers, the process's
 * counts.  A finding is confirmed when that series grows as a trend (a
 * Mann-Kendall test over the stretch up to its peak, so one noisy difference
 * is not enough and a leak that is released only at the very end still
 * counts), or when the resource is still held at exit.  It is not reproduced
 * when the site ran and gave back what it took, and not exercised when the
 * site never ran. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "verify_internal.h"

enum {
  /* z above which a rising stretch counts as a trend (one-sided p < 0.025),
   * and the least rise in objects (or descriptors, threads...) it must show. */
  MIN_POINTS = 4,
  MIN_RISE = 3,
};
static const double TREND_Z = 1.96;

const ll_evidence *vf_rule_evidence(const char *rule) {
  /* A rule this build does not know (a log from another version): a leak of
   * memory or descriptors, the most common. */
  static const ll_evidence unknown[LL_MAX_EVIDENCE] = {EVIDENCE_HEAP, EVIDENCE_FDS};
  const ll_rule_info *info = rule_info(rule_id_lookup(rule));
  return info ? info->evidence : unknown;
}

const char *vf_verdict_name(vf_verdict_kind v) {
  return v == VF_CONFIRMED        ? "confirmed"
         : v == VF_NOT_REPRODUCED ? "not-reproduced"
                                  : "not-exercised";
}

bool vf_same_file(const char *a, const char *b) {
  if (!a || !b || !*a || !*b)
    return false;
  while (strncmp(a, "./", 2) == 0)
    a += 2;
  while (strncmp(b, "./", 2) == 0)
    b += 2;
  size_t la = strlen(a), lb = strlen(b);
  if (la == lb)
    return strcmp(a, b) == 0;
  const char *longer = la > lb ? a : b, *shorter = la > lb ? b : a;
  size_t ls = la > lb ? lb : la, ll = la > lb ? la : lb;
  return strcmp(longer + ll - ls, shorter) == 0 && longer[ll - ls - 1] == '/';
}

double vf_trend_z(const double *y, size_t n) {
  if (n < 2)
    return 0;
  double s = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++)
      s += (y[j] > y[i]) - (y[j] < y[i]);
  double var = (double)n * (double)(n - 1) * (double)(2 * n + 5) / 18.0;
  if (s > 0)
    return (s - 1) / sqrt(var);
  return s < 0 ? (s + 1) / sqrt(var) : 0;
}

static double slope(const double *t, const double *y, size_t n) {
  double mt = 0, my = 0, num = 0, den = 0;
  for (size_t i = 0; i < n; i++)
    mt += t[i] / (double)n, my += y[i] / (double)n;
  for (size_t i = 0; i < n; i++) {
    num += (t[i] - mt) * (y[i] - my);
    den += (t[i] - mt) * (t[i] - mt);
  }
  return den > 0 ? num / den : 0;
}

/* --- Series ------------------------------------------------------------- */

typedef struct series {
  double t[4096], y[4096], objects[4096];
  size_t n;
  double alloc_objects, alloc_bytes, max;
  bool final;
} series;

static bool location_at_site(const pp_profile *p, uint64_t id, const vf_site *site) {
  const pp_location *loc = pp_location_by_id(p, id);
  for (size_t i = 0; loc && i < loc->nlines; i++) {
    const pp_function *fn = pp_function_by_id(p, loc->lines[i].function_id);
    int64_t line = loc->lines[i].line;
    if (fn && line >= site->line && line <= site->end_line &&
        vf_same_file(site->path, pp_string(p, fn->filename)))
      return true;
  }
  return false;
}

static double value(const vf_snapshot *s, const pp_sample *sample, int which) {
  int i = s->idx[which];
  return i >= 0 && (size_t)i < sample->nvalues ? (double)sample->values[i] : 0;
}

/* Sums the values of the samples whose stack passes through the site. */
static void site_totals(const vf_snapshot *s, const vf_site *site, double out[4]) {
  const pp_profile *p = &s->prof;
  bool *hit = calloc(p->nlocations + 1, sizeof *hit);
  for (size_t i = 0; hit && i < p->nlocations; i++)
    hit[i] = location_at_site(p, p->locations[i].id, site);
  out[0] = out[1] = out[2] = out[3] = 0;
  for (size_t i = 0; hit && i < p->nsamples; i++) {
    const pp_sample *sample = &p->samples[i];
    bool through = false;
    for (size_t d = 0; d < sample->nlocations && !through; d++) {
      const pp_location *loc = pp_location_by_id(p, sample->location_ids[d]);
      through = loc && hit[loc - p->locations];
    }
    for (int k = 0; through && k < 4; k++)
      out[k] += value(s, sample, k);
  }
  free(hit);
}

static int count_of(const vf_counts *c, ll_evidence k) {
  return k == EVIDENCE_FDS       ? c->fds
         : k == EVIDENCE_THREADS ? c->threads
         : k == EVIDENCE_BLOCKED ? c->blocked
                                 : c->timers;
}

static void build_series(const vf_process *proc, const vf_site *site, ll_evidence k, series *s,
                         double *base) {
  memset(s, 0, sizeof *s);
  *base = 0;
  for (size_t i = 0; i < proc->nsnaps && s->n < 4096; i++) {
    const vf_snapshot *snap = &proc->snaps[i];
    double y, objects = 0;
    if (k == EVIDENCE_HEAP) {
      double v[4];
      site_totals(snap, site, v);
      y = v[3], objects = v[2];
      s->alloc_objects = v[0] > s->alloc_objects ? v[0] : s->alloc_objects;
      s->alloc_bytes = v[1] > s->alloc_bytes ? v[1] : s->alloc_bytes;
    } else {
      if (count_of(&snap->now, k) < 0)
        continue;
      y = objects = count_of(&snap->now, k);
      *base = count_of(&snap->base, k);
    }
    s->t[s->n] = snap->t, s->y[s->n] = y, s->objects[s->n] = objects;
    s->max = y > s->max ? y : s->max;
    s->final = snap->final;
    s->n++;
  }
}

/* --- Deciding ----------------------------------------------------------- */

/* Fills ev from one series; returns the verdict it supports. */
static vf_verdict_kind judge(const series *s, ll_evidence k, double base, vf_evidence *ev) {
  size_t peak = 0;
  for (size_t i = 1; i < s->n; i++)
    if (s->y[i] > s->y[peak])
      peak = i;
  size_t len = peak + 1;
  ev->resource = evidence_name(k);
  ev->profiles = s->n;
  ev->trend_z = vf_trend_z(s->y, len);
  ev->growth_per_s = slope(s->t, s->y, len);
  size_t last = s->n ? s->n - 1 : 0;
  ev->inuse_bytes = k == EVIDENCE_HEAP && s->n ? s->y[last] : 0;
  ev->inuse_objects = k == EVIDENCE_HEAP && s->n ? s->objects[last] : 0;
  ev->alloc_objects = s->alloc_objects;
  ev->alloc_bytes = s->alloc_bytes;
  ev->count_base = base;
  ev->count_first = s->n ? s->objects[0] : 0;
  ev->count_last = s->n ? s->objects[last] : 0;
  ev->count_max = s->max;
  ev->peak_objects = s->n ? s->objects[peak] : 0;
  bool grows =
      len >= MIN_POINTS && ev->trend_z >= TREND_Z && s->objects[peak] - s->objects[0] >= MIN_RISE;
  bool held =
      s->n && s->final && (k == EVIDENCE_HEAP ? s->objects[last] >= 0.5 : s->y[last] > base);
  bool ran = k == EVIDENCE_HEAP ? s->alloc_objects > 0 : s->max > base;
  ev->reason = grows ? "grows" : held ? "held-at-exit" : ran ? "released" : "never-ran";
  return grows || held ? VF_CONFIRMED : ran ? VF_NOT_REPRODUCED : VF_NOT_EXERCISED;
}

static vf_verdict_kind decide_process(const vf_finding *f, const vf_process *proc,
                                      vf_evidence *ev) {
  const ll_evidence *kinds = vf_rule_evidence(f->rule);
  static series s; /* large; verify is single-threaded */
  double base;
  vf_evidence heap_ev = {0};
  build_series(proc, &f->site, EVIDENCE_HEAP, &s, &base);
  vf_verdict_kind heap_v = judge(&s, EVIDENCE_HEAP, 0, &heap_ev);
  /* Heap evidence decides for heap rules whose site ran. */
  if (kinds[0] == EVIDENCE_HEAP && heap_v != VF_NOT_EXERCISED) {
    *ev = heap_ev;
    return heap_v;
  }
  vf_verdict_kind best = VF_NOT_EXERCISED;
  for (int i = 0; i < LL_MAX_EVIDENCE && kinds[i] != EVIDENCE_NONE; i++) {
    if (kinds[i] == EVIDENCE_HEAP)
      continue;
    vf_evidence count_ev = {0};
    build_series(proc, &f->site, kinds[i], &s, &base);
    vf_verdict_kind v = judge(&s, kinds[i], base, &count_ev);
    if (v > best || !ev->resource) {
      best = v > best ? v : best;
      *ev = count_ev;
    }
    if (v == VF_CONFIRMED)
      return v;
  }
  /* The site ran (its allocations were sampled) though nothing stayed. */
  if (best == VF_NOT_EXERCISED && heap_v != VF_NOT_EXERCISED) {
    ev->reason = "released";
    best = VF_NOT_REPRODUCED;
  }
  if (!ev->resource)
    *ev = heap_ev;
  return best;
}

void vf_decide(vf_finding *f, const vf_profiles *p) {
  memset(&f->ev, 0, sizeof f->ev);
  f->ev.resource = "heap";
  f->ev.reason = "never-ran";
  bool have = false;
  for (size_t i = 0; i < p->nprocs; i++) {
    const vf_process *proc = &p->procs[i];
    if (!proc->nsnaps)
      continue;
    vf_evidence ev = {0};
    vf_verdict_kind v = decide_process(f, proc, &ev);
    ev.verdict = v;
    ev.pid = proc->pid;
    ev.profile = proc->snaps[proc->nsnaps - 1].path;
    /* The first process (the one verify started) wins ties. */
    if (!have || v > f->ev.verdict)
      f->ev = ev;
    have = true;
  }
}
