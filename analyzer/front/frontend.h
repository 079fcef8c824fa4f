/* frontend.h - libclang parses one translation unit and lowers every
 * function defined in its main file to IR.  libclang stays behind this
 * interface: nothing past the front end sees a CXCursor. */
#ifndef LEAKLINT_FRONTEND_H
#define LEAKLINT_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"
#include "ir.h"

typedef struct fe_context fe_context;

/* One per worker thread (each owns a CXIndex). */
fe_context *fe_new(void);
void fe_free(fe_context *fe);

typedef struct fe_unit_request {
  const char *path;        /* the source file, as the user named it */
  const char *workdir;     /* the compile command's directory (paths in args are
                              already absolute: see compdb.c) */
  const char *const *args; /* compiler arguments, without the compiler and file */
  int nargs;
  bool verbose;
  bool parse_only; /* benchmarks: parse, report errors, lower nothing */
  /* An editor's unsaved buffer of path (the language server, --stdin-filename):
   * parsed instead of the file on disk.  NULL: the file as it is. */
  const char *unsaved;
  size_t unsaved_len;
} fe_unit_request;

/* Parses and lowers.  Errors clang reports (syntax errors, missing
 * headers) become notifications in notes, naming file and line.  Returns
 * NULL when the file could not be parsed at all. */
ir_unit *fe_lower_unit(fe_context *fe, const fe_unit_request *req, ll_report *notes);

#endif
