/* report.c - the short tables `leaklint verify` prints. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify_internal.h"

static const char *base_name(const char *path) {
  const char *slash = path ? strrchr(path, '/') : NULL;
  return slash ? slash + 1 : path ? path : "";
}

/* 1536 -> "1.5 KiB" */
static const char *human_bytes(double b, char *buf, size_t cap) {
  static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while ((b >= 1024 || b <= -1024) && u < 4)
    b /= 1024, u++;
  snprintf(buf, cap, u ? "%.1f %s" : "%.0f %s", b, units[u]);
  return buf;
}

static void describe(const vf_evidence *ev, char *out, size_t cap) {
  char a[32], b[32];
  if (strcmp(ev->resource, "heap") == 0) {
    if (ev->verdict == VF_NOT_EXERCISED)
      snprintf(out, cap, "no allocation sampled at this site");
    else
      snprintf(out, cap,
               /* Sampled and weighted: estimates, and said so. */
               "%s: ~%s est. in use (~%.0f objects; peak ~%.0f), ~%s/s over %zu profiles, "
               "~%.0f allocated",
               ev->reason, human_bytes(ev->inuse_bytes, a, sizeof a), ev->inuse_objects,
               ev->peak_objects, human_bytes(ev->growth_per_s, b, sizeof b), ev->profiles,
               ev->alloc_objects);
  } else {
    snprintf(out, cap, "%s: %s %.0f -> %.0f (baseline %.0f, max %.0f), %.2f/s over %zu profiles",
             ev->reason, ev->resource, ev->count_first, ev->count_last, ev->count_base,
             ev->count_max, ev->growth_per_s, ev->profiles);
  }
}

void vf_print_verdicts(const vf_findings *f) {
  printf("%-15s %-20s %-24s %s\n", "VERDICT", "RULE", "SITE", "EVIDENCE");
  for (size_t i = 0; i < f->n; i++) {
    const vf_finding *x = &f->items[i];
    char site[64], text[256];
    snprintf(site, sizeof site, "%s:%d", base_name(x->site.path), x->site.line);
    describe(&x->ev, text, sizeof text);
    printf("%-15s %-20s %-24s %s\n", vf_verdict_name(x->ev.verdict), x->rule, site, text);
  }
}

/* --- Top growing sites -------------------------------------------------- */

typedef struct top_site {
  char *key;
  double first, last, objects;
} top_site;

/* The frame a reader cares about: the first one in the program's own code,
 * past libc, the loader and the sampler. */
static bool is_system(const pp_profile *p, const pp_location *loc) {
  const pp_mapping *m = pp_mapping_by_id(p, loc->mapping_id);
  const char *file = m ? pp_string(p, m->filename) : "";
  return !loc->nlines || strncmp(file, "/lib", 4) == 0 || strncmp(file, "/usr/lib", 8) == 0 ||
         strstr(file, "libleaklint_sampler") != NULL;
}

static void site_key(const pp_profile *p, const pp_sample *s, char *out, size_t cap) {
  const pp_location *chosen = NULL;
  for (size_t d = 0; d < s->nlocations && !chosen; d++) {
    const pp_location *loc = pp_location_by_id(p, s->location_ids[d]);
    if (loc && !is_system(p, loc))
      chosen = loc;
  }
  if (!chosen && s->nlocations)
    chosen = pp_location_by_id(p, s->location_ids[0]);
  if (!chosen || !chosen->nlines) {
    snprintf(out, cap, "0x%llx", chosen ? (unsigned long long)chosen->address : 0ULL);
    return;
  }
  const pp_function *fn = pp_function_by_id(p, chosen->lines[0].function_id);
  snprintf(out, cap, "%s %s:%lld", fn ? pp_string(p, fn->name) : "??",
           fn ? base_name(pp_string(p, fn->filename)) : "", (long long)chosen->lines[0].line);
}

static top_site *site_entry(top_site **sites, size_t *n, const char *key) {
  for (size_t i = 0; i < *n; i++)
    if (strcmp((*sites)[i].key, key) == 0)
      return &(*sites)[i];
  top_site *grown = realloc(*sites, (*n + 1) * sizeof *grown);
  if (!grown)
    return NULL;
  *sites = grown;
  top_site *e = &grown[(*n)++];
  memset(e, 0, sizeof *e);
  e->key = strdup(key);
  return e;
}

static void add_snapshot(const vf_snapshot *snap, bool first, top_site **sites, size_t *n) {
  int ib = snap->idx[3], io = snap->idx[2];
  for (size_t i = 0; i < *n; i++)
    (*sites)[i].last = (*sites)[i].objects = 0;
  for (size_t i = 0; ib >= 0 && i < snap->prof.nsamples; i++) {
    const pp_sample *s = &snap->prof.samples[i];
    char key[512];
    site_key(&snap->prof, s, key, sizeof key);
    top_site *e = site_entry(sites, n, key);
    if (!e)
      continue;
    e->last += (double)s->values[ib];
    e->objects += io >= 0 ? (double)s->values[io] : 0;
    if (first)
      e->first += (double)s->values[ib];
  }
}

static int by_growth(const void *a, const void *b) {
  const top_site *x = a, *y = b;
  double gx = x->last - x->first, gy = y->last - y->first;
  if (gx != gy)
    return gx < gy ? 1 : -1;
  return (x->last < y->last) - (x->last > y->last);
}

void vf_print_top_sites(const vf_profiles *p, size_t limit) {
  for (size_t i = 0; i < p->nprocs; i++) {
    const vf_process *proc = &p->procs[i];
    if (!proc->nsnaps)
      continue;
    top_site *sites = NULL;
    size_t n = 0;
    for (size_t j = 0; j < proc->nsnaps; j++)
      add_snapshot(&proc->snaps[j], j == 0, &sites, &n);
    qsort(sites, n, sizeof *sites, by_growth);
    printf("pid %d: %zu profiles over %.1fs, last %s\n", proc->pid, proc->nsnaps,
           proc->snaps[proc->nsnaps - 1].t, proc->snaps[proc->nsnaps - 1].path);
    printf("  %12s %12s %10s  %s\n", "GROWTH", "IN USE", "OBJECTS", "SITE");
    for (size_t k = 0; k < n && k < limit; k++) {
      char g[32], u[32];
      printf("  %12s %12s %10.0f  %s\n", human_bytes(sites[k].last - sites[k].first, g, sizeof g),
             human_bytes(sites[k].last, u, sizeof u), sites[k].objects, sites[k].key);
    }
    for (size_t k = 0; k < n; k++)
      free(sites[k].key);
    free(sites);
  }
}
