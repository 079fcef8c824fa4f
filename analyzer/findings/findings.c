/* findings.c - the finding and report records. */
#include "findings.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source_text.h"
#include "util.h"

const char *note_level_name(ll_note_level level) {
  switch (level) {
  case NOTE_ERROR:
    return "error";
  case NOTE_WARNING:
    return "warning";
  case NOTE_INFO:
    break;
  }
  return "note";
}

void report_init(ll_report *r) {
  memset(r, 0, sizeof *r);
  r->execution_successful = true;
}

static char *dup_or_null(const char *s) {
  return s ? xstrdup(s) : NULL;
}

void finding_copy(ll_finding *dst, const ll_finding *src) {
  *dst = *src;
  dst->message = dup_or_null(src->message);
  dst->acquired_note = dup_or_null(src->acquired_note);
  dst->steps = src->nsteps ? xcalloc(src->nsteps, sizeof *dst->steps) : NULL;
  for (size_t i = 0; i < src->nsteps; i++)
    dst->steps[i] =
        (ll_step){.loc = src->steps[i].loc, .message = dup_or_null(src->steps[i].message)};
  dst->fix = dup_or_null(src->fix);
  dst->fix_code = dup_or_null(src->fix_code);
  dst->function = dup_or_null(src->function);
  dst->suppression = dup_or_null(src->suppression);
}

void finding_free(ll_finding *f) {
  free(f->message);
  free(f->acquired_note);
  for (size_t i = 0; i < f->nsteps; i++)
    free(f->steps[i].message);
  free(f->steps);
  free(f->fix);
  free(f->fix_code);
  free(f->function);
  free(f->suppression);
}

void report_free(ll_report *r) {
  for (size_t i = 0; i < r->nfindings; i++)
    finding_free(&r->findings[i]);
  free(r->findings);
  for (size_t i = 0; i < r->nhidden; i++)
    finding_free(&r->hidden[i]);
  free(r->hidden);
  for (size_t i = 0; i < r->nnotes; i++)
    free(r->notes[i].message);
  free(r->notes);
  memset(r, 0, sizeof *r);
}

void report_add_finding(ll_report *r, ll_finding *f) {
  LL_GROW(r->findings, r->nfindings, r->cap_findings);
  r->findings[r->nfindings++] = *f;
  memset(f, 0, sizeof *f);
}

void report_add_note(ll_report *r, ll_note_level level, ll_location loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = xvasprintf(fmt, ap);
  va_end(ap);
  LL_GROW(r->notes, r->nnotes, r->cap_notes);
  r->notes[r->nnotes++] = (ll_notification){.level = level, .loc = loc, .message = msg};
}

void report_merge(ll_report *dst, ll_report *src) {
  for (size_t i = 0; i < src->nfindings; i++)
    report_add_finding(dst, &src->findings[i]);
  for (size_t i = 0; i < src->nnotes; i++) {
    LL_GROW(dst->notes, dst->nnotes, dst->cap_notes);
    dst->notes[dst->nnotes++] = src->notes[i];
  }
  if (!src->execution_successful)
    dst->execution_successful = false;
  dst->skipped_files += src->skipped_files;
  dst->skipped_functions += src->skipped_functions;
  src->skipped_files = src->skipped_functions = 0;
  free(src->findings);
  free(src->notes);
  src->findings = NULL;
  src->notes = NULL;
  src->nfindings = src->cap_findings = src->nnotes = src->cap_notes = 0;
}

void report_hide_silenced(ll_report *r) {
  size_t out = 0;
  for (size_t i = 0; i < r->nfindings; i++) {
    ll_finding *f = &r->findings[i];
    if (f->suppression || f->baseline == BASELINE_UNCHANGED) {
      LL_GROW(r->hidden, r->nhidden, r->cap_hidden);
      r->hidden[r->nhidden++] = *f;
    } else {
      r->findings[out++] = *f;
    }
  }
  r->nfindings = out;
}

static int cmp_str(const char *a, const char *b) {
  if (a == b)
    return 0;
  if (!a)
    return -1;
  if (!b)
    return 1;
  return strcmp(a, b);
}

static int cmp_loc(const ll_location *a, const ll_location *b) {
  int c = cmp_str(a->path, b->path);
  if (c)
    return c;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  if (a->col != b->col)
    return a->col < b->col ? -1 : 1;
  return 0;
}

static int cmp_finding(const void *pa, const void *pb) {
  const ll_finding *a = pa, *b = pb;
  int c = cmp_loc(&a->loc, &b->loc);
  if (c)
    return c;
  if (a->rule != b->rule)
    return a->rule < b->rule ? -1 : 1;
  if ((c = cmp_loc(&a->acquired, &b->acquired)))
    return c;
  return cmp_str(a->message, b->message);
}

static int cmp_note(const void *pa, const void *pb) {
  const ll_notification *a = pa, *b = pb;
  int c = cmp_loc(&a->loc, &b->loc);
  return c ? c : cmp_str(a->message, b->message);
}

void report_sort(ll_report *r) {
  if (r->nfindings)
    qsort(r->findings, r->nfindings, sizeof *r->findings, cmp_finding);
  size_t out = 0;
  for (size_t i = 0; i < r->nfindings; i++) {
    if (out && cmp_finding(&r->findings[out - 1], &r->findings[i]) == 0) {
      finding_free(&r->findings[i]);
      continue;
    }
    r->findings[out++] = r->findings[i];
  }
  r->nfindings = out;
  if (r->nnotes)
    qsort(r->notes, r->nnotes, sizeof *r->notes, cmp_note);
  /* A header's error is met again in every unit that includes it. */
  out = 0;
  for (size_t i = 0; i < r->nnotes; i++) {
    if (out && cmp_note(&r->notes[out - 1], &r->notes[i]) == 0) {
      free(r->notes[i].message);
      continue;
    }
    r->notes[out++] = r->notes[i];
  }
  r->nnotes = out;
}

void report_fingerprint(ll_report *r) {
  /* Sorted by path: each file is hashed once, for its run of findings. */
  const char *path = NULL;
  fp_line *lines = NULL;
  size_t nlines = 0;
  for (size_t i = 0; i < r->nfindings; i++) {
    ll_finding *f = &r->findings[i];
    f->fingerprint[0] = '\0';
    if (!f->loc.path || f->loc.line == 0)
      continue;
    if (f->loc.path != path) {
      const source_text *s = source_text_get(f->loc.path);
      free(lines);
      lines = s->text ? fingerprint_lines(s->text, s->len, &nlines) : NULL;
      nlines = lines ? nlines : 0;
      path = f->loc.path;
    }
    if (f->loc.line <= nlines)
      fingerprint_format(&lines[f->loc.line - 1], f->fingerprint);
  }
  free(lines);
}
