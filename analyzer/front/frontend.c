/* frontend.c - parsing a unit with libclang and lowering its functions. */
#include "frontend.h"

#include <clang-c/Index.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cfg.h"
#include "config.h"
#include "fe_internal.h"
#include "util.h"

struct fe_context {
  CXIndex index;
};

fe_context *fe_new(void) {
  fe_context *fe = xcalloc(1, sizeof *fe);
  fe->index = clang_createIndex(0, 0);
  return fe;
}

void fe_free(fe_context *fe) {
  if (!fe)
    return;
  clang_disposeIndex(fe->index);
  free(fe);
}

/* Lock helpers declared as such: Clang's thread-safety attributes or
 * sparse's context annotations (macros that expand to nothing outside
 * sparse, so read the spelled tokens of the declaration). */
static bool has_lock_annotation(CXTranslationUnit tu, CXCursor fn, CXCursor body) {
  static const char *const words[] = {"acquire_capability",
                                      "release_capability",
                                      "try_acquire_capability",
                                      "acquire_shared_capability",
                                      "release_shared_capability",
                                      "try_acquire_shared_capability",
                                      "exclusive_lock_function",
                                      "shared_lock_function",
                                      "unlock_function",
                                      "exclusive_trylock_function",
                                      "shared_trylock_function",
                                      "__acquires",
                                      "__releases",
                                      "__acquire",
                                      "__release",
                                      "__must_hold",
                                      "__cond_lock",
                                      "ACQUIRE",
                                      "RELEASE",
                                      "TRY_ACQUIRE",
                                      NULL};
  CXSourceLocation start = clang_getRangeStart(clang_getCursorExtent(fn));
  CXSourceLocation end = clang_getRangeStart(clang_getCursorExtent(body));
  if (fe_tokens_contain(tu, start, end, words))
    return true;
  /* A prototype earlier in the file (or a header) may carry the attribute. */
  CXCursor canon = clang_getCanonicalCursor(fn);
  if (!clang_equalCursors(canon, fn)) {
    CXSourceRange r = clang_getCursorExtent(canon);
    return fe_tokens_contain(tu, clang_getRangeStart(r), clang_getRangeEnd(r), words);
  }
  return false;
}

static ir_func *lower_function(CXTranslationUnit tu, CXCursor fn, const char *unit_path,
                               hash_table *noreturn) {
  fe_children ch;
  fe_children_get(fn, &ch);
  CXCursor body = clang_getNullCursor();
  for (unsigned i = 0; i < ch.n; i++)
    if (clang_getCursorKind(ch.items[i]) == CXCursor_CompoundStmt)
      body = ch.items[i];
  fe_children_free(&ch);
  if (clang_Cursor_isNull(body))
    return NULL;
  CXString name = clang_getCursorSpelling(fn);
  ir_func *f = ir_func_new(clang_getCString(name));
  clang_disposeString(name);
  f->unit_path = unit_path;
  f->loc = fe_loc_of(clang_getCursorLocation(fn));
  f->is_static = clang_Cursor_getStorageClass(fn) == CX_SC_Static;
  f->returns_value = clang_getResultType(clang_getCursorType(fn)).kind != CXType_Void;
  f->has_errors = clang_isInvalidDeclaration(fn);
  f->lock_annotated = has_lock_annotation(tu, fn, body);

  fe_lower L = {.tu = tu,
                .f = f,
                .cur = f->entry,
                .brk = -1,
                .cont = -1,
                .sw_block = -1,
                .noreturn = noreturn};
  int nparams = clang_Cursor_getNumArguments(fn);
  for (int i = 0; i < nparams; i++)
    fe_add_local(&L, clang_Cursor_getArgument(fn, (unsigned)i), VAR_PARAM);
  f->nparams = nparams > 0 ? (unsigned)nparams : 0;
  fe_stmt(&L, body);
  ll_location end = fe_loc_of(clang_getRangeEnd(clang_getCursorExtent(body)));
  f->blocks[L.cur].term = (ir_term){.kind = T_RETURN, .loc = end, .succ = {-1, -1}};
  hash_free(&L.vars);
  free(L.var_decls);
  free(L.labels);
  for (unsigned i = 0; i < L.nscopes; i++)
    free(L.scopes[i].cleanup_vars);
  free(L.scopes);
  cfg_finish(f);
  return f;
}

typedef struct unit_walk {
  CXTranslationUnit tu;
  ir_unit *unit;
  hash_table noreturn;
  CXSourceLocation *errors; /* where clang reported errors (all: -ferror-limit=0) */
  unsigned nerrors, cap_errors;
} unit_walk;

/* Whether clang reported an error inside fn's extent: code it dropped as
 * invalid (a call to an undeclared function, an unknown identifier) would
 * make any finding there a guess. */
static bool has_error_inside(const unit_walk *w, CXCursor fn) {
  CXSourceRange r = clang_getCursorExtent(fn);
  CXFile file, f;
  unsigned from, to, line;
  clang_getExpansionLocation(clang_getRangeStart(r), &file, &from, NULL, NULL);
  clang_getExpansionLocation(clang_getRangeEnd(r), NULL, &to, NULL, NULL);
  for (unsigned i = 0; i < w->nerrors; i++) {
    clang_getExpansionLocation(w->errors[i], &f, &line, NULL, NULL);
    if (f && clang_File_isEqual(f, file) && line >= from && line <= to)
      return true;
  }
  return false;
}

static void collect_errors(unit_walk *w) {
  unsigned n = clang_getNumDiagnostics(w->tu);
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(w->tu, i);
    if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
      LL_GROW(w->errors, w->nerrors, w->cap_errors);
      w->errors[w->nerrors++] = clang_getDiagnosticLocation(d);
    }
    clang_disposeDiagnostic(d);
  }
}

static enum CXChildVisitResult visit_named_function(CXCursor c, CXCursor parent,
                                                    CXClientData data) {
  (void)parent;
  if (clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
      clang_getCursorKind(clang_getCursorReferenced(c)) == CXCursor_FunctionDecl) {
    ir_unit *u = data;
    CXString s = clang_getCursorSpelling(clang_getCursorReferenced(c));
    LL_GROW(u->addressed, u->naddressed, u->cap_addressed);
    u->addressed[u->naddressed++] = intern(clang_getCString(s));
    clang_disposeString(s);
  }
  return CXChildVisit_Recurse;
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  unit_walk *w = data;
  if (clang_getCursorKind(c) == CXCursor_VarDecl &&
      !clang_Location_isInSystemHeader(clang_getCursorLocation(c))) {
    /* {"sinter", sinterCommand, ...}: a function reached through a table */
    CXCursor init = clang_Cursor_getVarDeclInitializer(c);
    if (!clang_Cursor_isNull(init))
      clang_visitChildren(c, visit_named_function, w->unit);
    return CXChildVisit_Continue;
  }
  if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c))
    return CXChildVisit_Continue;
  CXSourceLocation where = clang_getCursorLocation(c);
  bool in_header = !clang_Location_isFromMainFile(where);
  if (in_header && clang_Location_isInSystemHeader(where))
    return CXChildVisit_Continue;
  ir_func *f = lower_function(w->tu, c, w->unit->path, &w->noreturn);
  if (f) {
    f->summary_only = in_header;
    f->has_errors |= w->nerrors && has_error_inside(w, c);
    LL_GROW(w->unit->funcs, w->unit->nfuncs, w->unit->cap_funcs);
    w->unit->funcs[w->unit->nfuncs++] = f;
  }
  return CXChildVisit_Continue;
}

enum { MAX_ERRORS_PER_UNIT = 5 };

static void report_diagnostics(CXTranslationUnit tu, const char *path, ll_report *notes) {
  unsigned n = clang_getNumDiagnostics(tu), errors = 0;
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(tu, i);
    enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
    if (sev >= CXDiagnostic_Error) {
      if (errors++ < MAX_ERRORS_PER_UNIT) {
        ll_location loc = fe_loc_of(clang_getDiagnosticLocation(d));
        if (!loc.path)
          loc.path = path;
        CXString msg = clang_getDiagnosticSpelling(d);
        report_add_note(notes, NOTE_ERROR, loc, "%s", clang_getCString(msg));
        clang_disposeString(msg);
      }
    }
    clang_disposeDiagnostic(d);
  }
  if (errors > MAX_ERRORS_PER_UNIT)
    report_add_note(notes, NOTE_ERROR, (ll_location){.path = path}, "%u more errors in this file",
                    errors - MAX_ERRORS_PER_UNIT);
  if (errors)
    report_add_note(notes, NOTE_WARNING, (ll_location){.path = path},
                    "this file has errors: its functions were analysed as far as clang "
                    "understood them, findings in invalid code are suppressed");
}

static const char *error_name(enum CXErrorCode e) {
  switch (e) {
  case CXError_Crashed:
    return "libclang crashed while parsing";
  case CXError_InvalidArguments:
    return "invalid compiler arguments";
  case CXError_ASTReadError:
    return "could not read the file";
  default:
    return "could not parse";
  }
}

ir_unit *fe_lower_unit(fe_context *fe, const fe_unit_request *req, ll_report *notes) {
  int extra = 7;
  const char **argv = xmalloc((req->nargs + extra) * sizeof *argv);
  int argc = 0;
  struct stat st;
  if (stat(LEAKLINT_CLANG_RESOURCE_DIR, &st) == 0) {
    argv[argc++] = "-resource-dir";
    argv[argc++] = LEAKLINT_CLANG_RESOURCE_DIR;
  }
  for (int i = 0; i < req->nargs; i++)
    argv[argc++] = req->args[i];
  argv[argc++] = "-w"; /* warnings are not ours to report */
  /* every error, so that each function with invalid code is known (past
   * the default limit of 20, clang reports nothing of the rest) */
  argv[argc++] = "-ferror-limit=0";
  CXTranslationUnit tu = NULL;
  unsigned opts = CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
  struct CXUnsavedFile buffer = {
      .Filename = req->path, .Contents = req->unsaved, .Length = (unsigned long)req->unsaved_len};
  enum CXErrorCode err = clang_parseTranslationUnit2(fe->index, req->path, argv, argc, &buffer,
                                                     req->unsaved ? 1 : 0, opts, &tu);
  free(argv);
  const char *path = intern(req->path);
  if (err != CXError_Success || !tu) {
    report_add_note(notes, NOTE_ERROR, (ll_location){.path = path}, "%s", error_name(err));
    return NULL;
  }
  report_diagnostics(tu, path, notes);
  ir_unit *unit = xcalloc(1, sizeof *unit);
  unit->path = path;
  unit_walk w = {.tu = tu, .unit = unit};
  collect_errors(&w);
  if (!req->parse_only)
    clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_top, &w);
  hash_free(&w.noreturn);
  free(w.errors);
  clang_disposeTranslationUnit(tu);
  return unit;
}
