/* summaries.h - what a function defined in the analysed code does to its
 * arguments and returns, in the vocabulary of the API models: conn_close(c)
 * releases arg 0, xmalloc(n) acquires its return value like malloc,
 * lock_table() takes the global table_lock.  Computed bottom-up over the
 * call graph of all units, so wrappers in other files are understood. */
#ifndef LEAKLINT_SUMMARIES_H
#define LEAKLINT_SUMMARIES_H

#include <stdbool.h>
#include <stdint.h>

#include "models.h"

typedef struct summary_table summary_table;

summary_table *summary_table_new(void);
void summary_table_free(summary_table *t);

/* The entries of a callee as seen from unit (static functions are
 * private to their unit), NULL-terminated, or NULL. */
const api_fn *const *summary_lookup(const summary_table *t, const char *unit, const char *name);
/* Whether name is defined anywhere in the analysed code (visible from unit). */
bool summary_is_defined(const summary_table *t, const char *unit, const char *name);
void summary_mark_defined(summary_table *t, const char *unit, const char *name, bool is_static);

/* Copies fn (strings must be interned or static) as an entry of name. */
void summary_add(summary_table *t, const char *unit, const char *name, bool is_static,
                 const api_fn *fn);

/* What a function does when its argument arg is the constant value, as
 * walked again with that argument bound (unlink(pool, TRUE) releases the
 * caller's lock, unlink(pool, FALSE) does not): a list of its own, empty
 * when fn is NULL, that replaces the plain entries at such a call. */
void summary_add_when(summary_table *t, const char *unit, const char *name, bool is_static, int arg,
                      long long value, const api_fn *fn);
/* The entries of the first context a call matches (known[i]: argument i
 * is the constant value[i]), NULL-terminated; NULL if none matches. */
const api_fn *const *summary_lookup_when(const summary_table *t, const char *unit, const char *name,
                                         unsigned nargs, const bool *known, const long long *value);
bool summary_has_when(const summary_table *t, const char *unit, const char *name);

/* What a function returns on every path: callbacks whose return value
 * decides whether a timer repeats (GLib sources) are judged by it. */
typedef enum {
  RETURNS_UNKNOWN,
  RETURNS_ZERO,    /* 0 (FALSE, G_SOURCE_REMOVE) on every path */
  RETURNS_NONZERO, /* a nonzero constant (TRUE, G_SOURCE_CONTINUE) on every path */
  RETURNS_MIXED,
  RETURNS_NEVER, /* no path returns: it exits, aborts or loops for good (xmalloc's die()) */
  /* a pointer that is never NULL on any path, though not owned by the
   * caller (an entry xcalloc'd and inserted in a table, then returned) */
  RETURNS_NONNULL,
} returns_kind;

/* The function, visible from unit, whose summary releases its argument
 * as model's release does and whose name starts as acquirer's does but for
 * its last word (buffer_free for buffer_init); NULL if none. */
const char *summary_release_for(const summary_table *t, const char *unit, const api_model *model,
                                const char *acquirer);

void summary_set_returns(summary_table *t, const char *unit, const char *name, bool is_static,
                         returns_kind k);
returns_kind summary_returns(const summary_table *t, const char *unit, const char *name);

/* An external name that several units define (a program's function and
 * a test's stub of it, in one compilation database): which one a call
 * reaches is not known, so calls to it get no summary. */
void summary_set_ambiguous(summary_table *t, const char *name);

/* Parameters the walked function only uses, with all that is read through
 * them: no store, return or keeping callee takes the pointer or what it
 * points to (ngx_read_file(&file, ..) reads file.fd).  A bit per parameter. */
void summary_set_borrowed(summary_table *t, const char *unit, const char *name, bool is_static,
                          uint32_t params);
bool summary_borrows_whole(const summary_table *t, const char *unit, const char *name,
                           unsigned arg);

/* Keeping a table from one link to the next (the language server): the
 * functions a change cannot affect keep their entries; the others are
 * walked again.  Each entry is stamped with its writer's position in the
 * walk order, and an entry stamped after the current position is not
 * seen, so that a walk over a kept table sees what a walk from scratch
 * would.  summary_set_position() before each function's walk (and after
 * the last: UINT_MAX). */
void summary_set_position(summary_table *t, unsigned position);
/* owner(ctx, unit, fn) gives the position of the function that writes
 * the entries of fn (unit: NULL for external linkage), or -1 to forget
 * them (its function is walked again, or is gone); derived entries
 * ("#count:fn") go with fn. */
void summary_restamp(summary_table *t, int (*owner)(void *ctx, const char *unit, const char *fn),
                     void *ctx);
/* Takes out the entries of function (unit, name) and its derived ones,
 * as if removed, before it is walked again; summary_same_as() then says
 * whether the walk wrote the same (and frees the snapshot): when it did,
 * its callers need no new walk. */
typedef struct summary_snapshot summary_snapshot;
summary_snapshot *summary_take(summary_table *t, const char *unit, const char *name,
                               bool is_static);
bool summary_same_as(summary_table *t, summary_snapshot *snap);

/* The name of a module's entries derived from function fn ("#count:fn"). */
const char *summary_derived_name(const char *kind, const char *fn);

/* The model family that summary entries with no family of their own
 * belong to (a helper that frees its argument, whatever it is). */
const api_model *summary_generic_model(void);

#endif
