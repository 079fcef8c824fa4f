/* util.h - allocation that cannot return NULL, growable arrays, string
 * helpers, interned paths, and atomic output files. */
#ifndef LEAKLINT_UTIL_H
#define LEAKLINT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

/* Out-of-memory is not a condition we recover from: these abort with a
 * message instead of returning NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Grows array a (count n, capacity cap) so that one more element fits. */
#define LL_GROW(a, n, cap)                                                                         \
  do {                                                                                             \
    if ((n) >= (cap)) {                                                                            \
      (cap) = (cap) ? (cap)*2 : 8;                                                                 \
      (a) = xrealloc((a), (cap) * sizeof *(a));                                                    \
    }                                                                                              \
  } while (0)

/* A string that lives until exit, shared by all equal strings; safe to
 * call from several threads.  Equal interned strings compare equal as
 * pointers. */
const char *intern(const char *s);
/* intern() of a formatted string. */
const char *intern_format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads a whole file; NULL (errno set) on failure.  *len may be NULL. */
char *read_file(const char *path, size_t *len);

/* Output written to a temporary file beside path and renamed over it on
 * commit, so readers never see half a report. */
typedef struct atomic_file {
  FILE *fp;
  char *path, *tmp;
} atomic_file;
/* path "-" means stdout (no temporary file). */
int atomic_file_open(atomic_file *af, const char *path);
/* Closes and renames; returns -1 (errno set) and removes the temporary on error. */
int atomic_file_commit(atomic_file *af);
void atomic_file_abort(atomic_file *af);

/* Walking up a tree, as clang-tidy looks for its files: path's directory
 * (path itself when it is one), resolved, into buf; false when path does
 * not exist.  Then up_one_dir() cuts the last component off, false at "/". */
bool dir_of_path(const char *path, char buf[], size_t size);
bool up_one_dir(char *dir);

bool str_ends_with(const char *s, const char *suffix);
bool str_starts_with(const char *s, const char *prefix);

#endif
