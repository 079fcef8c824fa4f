/* sources.h - which files to analyse: paths walked for C sources. */
#ifndef LEAKLINT_SOURCES_H
#define LEAKLINT_SOURCES_H

#include <stddef.h>

#include "findings.h"

typedef struct source_file {
  char *path; /* as the user would write it: relative paths stay relative */
  char *root; /* the command-line path it was found under */
} source_file;

typedef struct source_list {
  source_file *items;
  size_t n, cap;
} source_list;

/* Walks each path (a file, or a directory searched recursively for .c
 * files, skipping hidden directories, .git and build directories).  A path
 * that does not exist or cannot be read becomes an error note.  The result
 * is sorted and free of duplicates.  Returns the number of bad paths. */
int sources_collect(const char *const *paths, int npaths, source_list *out, ll_report *notes);
/* The named paths that are readable .c files, sorted and free of
 * duplicates; others (deleted, headers, directories) are skipped silently,
 * as a commit hook wants. */
void sources_collect_named(const char *const *paths, int npaths, source_list *out);
void sources_free(source_list *l);

#endif
