/* fe_internal.h - state shared by the front end's files while lowering one
 * function.  Only fe_*.c include this. */
#ifndef LEAKLINT_FE_INTERNAL_H
#define LEAKLINT_FE_INTERNAL_H

#include <clang-c/Index.h>
#include <stdint.h>

#include "hash_table.h"
#include "ir.h"

/* Children of a cursor, gathered once. */
typedef struct fe_children {
  CXCursor *items;
  unsigned n, cap;
  CXCursor inline_items[8];
} fe_children;

void fe_children_get(CXCursor c, fe_children *out);
void fe_children_free(fe_children *ch);

typedef struct fe_label {
  const char *name;
  int block;
} fe_label;

/* One lexical scope: the cleanup-attributed variables declared in it. */
typedef struct fe_scope {
  int *cleanup_vars;
  unsigned n, cap;
} fe_scope;

typedef struct fe_lower {
  CXTranslationUnit tu;
  ir_func *f;
  int cur; /* current block; lowering after return/break goes to a fresh
              unreachable block so it is still seen but never reached */
  int brk, cont;
  unsigned brk_scope, cont_scope; /* scope depth at the loop or switch */
  /* switch being lowered */
  ir_term *sw;
  int sw_block;
  bool sw_has_default;
  hash_table vars;     /* declaration -> variable (fe_expr.c) */
  CXCursor *var_decls; /* each variable's declaration */
  unsigned cap_var_decls;
  fe_label *labels;
  unsigned nlabels, cap_labels;
  fe_scope *scopes;
  unsigned nscopes, cap_scopes;
  unsigned ntemps;
  hash_table *noreturn; /* callee name -> does not return, for the unit */
} fe_lower;

/* fe_source.c: locations, tokens and texts. */
ll_location fe_loc(CXCursor c);
ll_location fe_loc_of(CXSourceLocation l);
/* Source text of c, tokens joined ("n < 0"), at most max bytes; interned. */
const char *fe_text(CXTranslationUnit tu, CXCursor c, size_t max);
/* fe_text of a test, tokenized once, and in *written the test as written
 * when that is not its text: for a test a macro makes around its argument
 * (IS_UDP(transport) expanding to (transport == udp_transport)), the
 * invocation, where its own extent reads "transport)"; else NULL. */
const char *fe_test_text(CXTranslationUnit tu, CXCursor c, size_t max, const char **written);
/* The binary operator of c ("=", "==", "&&", "+="), or "" if unknown. */
const char *fe_binop(CXTranslationUnit tu, CXCursor c, CXCursor lhs, CXCursor rhs);
/* The unary operator of c ("&", "*", "!", "++"), and whether it is postfix. */
const char *fe_unop(CXTranslationUnit tu, CXCursor c, CXCursor operand, bool *postfix);
/* The identifier written where call c starts, if it differs from callee
 * (a macro such as evtimer_new); else callee. */
const char *fe_spelled_name(CXTranslationUnit tu, CXCursor c, const char *callee);
/* The name a constant expression is written as, when it is one identifier
 * (a macro or an enumerator: SYS_close, PROT_READ, not PROT_READ | X). */
const char *fe_constant_name(CXTranslationUnit tu, CXCursor c);
/* Evaluates an integer constant expression; false if it is not one. */
bool fe_eval_int(CXCursor c, long long *out);
/* Whether the spelled tokens from c's start up to (not including) stop
 * contain one of the words (NULL-terminated). */
bool fe_tokens_contain(CXTranslationUnit tu, CXSourceLocation from, CXSourceLocation to,
                       const char *const *words);
/* For a for statement: which of its children are init, cond and inc. */
void fe_for_parts(CXTranslationUnit tu, CXCursor stmt, const fe_children *ch, int *init, int *cond,
                  int *inc, int *body);
bool fe_type_is_pointer(CXType t);
bool fe_type_is_aggregate(CXType t);
/* An unsigned integer type (size_t, unsigned, bool), through typedefs. */
bool fe_type_is_unsigned(CXType t);

/* fe_expr.c */
ir_operand fe_expr(fe_lower *L, CXCursor c, bool want_value);
/* (void)fd; as a statement: lowered as a call of "(void)" that keeps fd
 * (the code says it leaves the handle be); false if c is not one. */
bool fe_void_cast(fe_lower *L, CXCursor c);
ir_operand fe_call_into(fe_lower *L, CXCursor call, const ir_path *into);
ir_path fe_path(fe_lower *L, CXCursor c, bool *ok);
void fe_cond(fe_lower *L, CXCursor c, int t, int f);
int fe_var_of_decl(fe_lower *L, CXCursor decl);
int fe_add_local(fe_lower *L, CXCursor decl, var_kind kind);
int fe_new_temp(fe_lower *L, ll_location loc);
/* Ends the current block with t and continues in a fresh unreachable one. */
void fe_terminate(fe_lower *L, ir_term t);
void fe_goto(fe_lower *L, int target);

/* fe_stmt.c */
void fe_stmt(fe_lower *L, CXCursor c);

#endif
