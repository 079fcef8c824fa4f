/* compdb.h - compile flags per file: compile_commands.json (read through
 * libclang's CompilationDatabase API, as clang-tidy does) or defaults. */
#ifndef LEAKLINT_COMPDB_H
#define LEAKLINT_COMPDB_H

#include <stdbool.h>

#include "findings.h"

typedef struct compdb compdb;

/* Opens DIR/compile_commands.json (or clang's compile_flags.txt) when dir
 * is given (-p), else the first one found walking up from start, as
 * clang-tidy does.  NULL when there is none, or when it is malformed:
 * then *failed is set and notes names the file, line and column. */
compdb *compdb_open(const char *dir, const char *start, ll_report *notes, bool *failed);
void compdb_free(compdb *db);
/* Whether the database builds any file under dir (db may be NULL). */
bool compdb_lists_under(const compdb *db, const char *dir);
const char *compdb_path(const compdb *db);

typedef struct compile_args {
  char **argv; /* without the compiler, the source file, -c and -o */
  int argc;
  char *workdir; /* NULL: the current directory */
  bool from_db;  /* the database lists the file (else the flags are guessed) */
} compile_args;

/* db may be NULL.  root is the command-line path the file was found under:
 * include/ directories between the file and root go on the default path. */
void compdb_args_for(compdb *db, const char *path, const char *root, const char *const *extra,
                     int nextra, compile_args *out);
void compile_args_free(compile_args *a);

#endif
