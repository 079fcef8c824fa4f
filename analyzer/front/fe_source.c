/* fe_source.c - libclang helpers for the front end: locations at the
 * user's line, source text, operators (from tokens where libclang has no
 * operator API), constants. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fe_internal.h"
#include "util.h"

static enum CXChildVisitResult gather(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  fe_children *ch = data;
  if (ch->n == ch->cap) {
    unsigned cap = ch->cap * 2;
    CXCursor *items = xmalloc(cap * sizeof *items);
    memcpy(items, ch->items, ch->n * sizeof *items);
    if (ch->items != ch->inline_items)
      free(ch->items);
    ch->items = items;
    ch->cap = cap;
  }
  ch->items[ch->n++] = c;
  return CXChildVisit_Continue;
}

void fe_children_get(CXCursor c, fe_children *out) {
  out->items = out->inline_items;
  out->n = 0;
  out->cap = sizeof out->inline_items / sizeof out->inline_items[0];
  clang_visitChildren(c, gather, out);
}

void fe_children_free(fe_children *ch) {
  if (ch->items != ch->inline_items)
    free(ch->items);
}

/* Expansion locations: inside a macro, the line of the macro's use. */
ll_location fe_loc_of(CXSourceLocation l) {
  CXFile file;
  unsigned line, col;
  clang_getExpansionLocation(l, &file, &line, &col, NULL);
  ll_location loc = {.line = line, .col = col};
  if (file) {
    CXString name = clang_getFileName(file);
    loc.path = intern(clang_getCString(name));
    clang_disposeString(name);
  }
  return loc;
}

ll_location fe_loc(CXCursor c) {
  ll_location loc = fe_loc_of(clang_getCursorLocation(c));
  CXSourceRange r = clang_getCursorExtent(c);
  ll_location end = fe_loc_of(clang_getRangeEnd(r));
  if (end.path == loc.path && end.line >= loc.line) {
    loc.end_line = end.line;
    loc.end_col = end.col;
  }
  return loc;
}

static bool is_word_char(char ch) {
  return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
         (ch >= '0' && ch <= '9');
}

static bool is_spaced_operator(const char *t) {
  static const char *const ops[] = {"==", "!=", "<",  ">", "<=", ">=", "&&", "||",
                                    "=",  "+=", "-=", "?", ":",  "|",  "^",  NULL};
  for (int i = 0; ops[i]; i++)
    if (strcmp(t, ops[i]) == 0)
      return true;
  return false;
}

/* Locations inside macro expansions are not file locations: tokenize the
 * file range they map to. */
static CXSourceRange file_range(CXTranslationUnit tu, CXSourceLocation from, CXSourceLocation to) {
  CXFile f1, f2;
  unsigned o1, o2;
  clang_getFileLocation(from, &f1, NULL, NULL, &o1);
  clang_getFileLocation(to, &f2, NULL, NULL, &o2);
  return clang_getRange(clang_getLocationForOffset(tu, f1, o1),
                        clang_getLocationForOffset(tu, f2, o2));
}

/* Whether the tokens close more parentheses than they open. */
static bool closes_unopened(CXTranslationUnit tu, const CXToken *toks, unsigned n) {
  int depth = 0;
  for (unsigned i = 0; i < n && depth >= 0; i++) {
    if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
      continue;
    CXString s = clang_getTokenSpelling(tu, toks[i]);
    const char *t = clang_getCString(s);
    depth += t[0] == '(' ? 1 : t[0] == ')' ? -1 : 0;
    clang_disposeString(s);
  }
  return depth < 0;
}

/* An expression a macro makes around its argument (IS_UDP(transport)
 * expanding to (transport == udp_transport)) has an extent from the
 * argument to the invocation's ')', which reads as "transport)": the
 * invocation as written starts at the macro's name, where the extent's
 * start expands from.  Up to 400 bytes from there; the caller keeps the
 * invocation's tokens. */
static bool invocation_range(CXTranslationUnit tu, CXSourceRange r, CXSourceRange *out) {
  CXFile ef, ff;
  unsigned eo, fo;
  clang_getExpansionLocation(clang_getRangeStart(r), &ef, NULL, NULL, &eo);
  clang_getFileLocation(clang_getRangeStart(r), &ff, NULL, NULL, &fo);
  size_t size = 0;
  if (!ef || !ff || !clang_File_isEqual(ef, ff) || eo >= fo ||
      !clang_getFileContents(tu, ef, &size) || eo >= size)
    return false;
  unsigned stop = size - eo > 400 ? eo + 400 : (unsigned)size;
  *out = clang_getRange(clang_getLocationForOffset(tu, ef, eo),
                        clang_getLocationForOffset(tu, ef, stop));
  return true;
}

/* Of tokens that start with a macro's name, how many the invocation
 * takes: the name, and its parenthesised arguments if any. */
static unsigned invocation_tokens(CXTranslationUnit tu, const CXToken *toks, unsigned n) {
  int depth = 0;
  for (unsigned i = 1; i < n; i++) {
    if (clang_getTokenKind(toks[i]) != CXToken_Punctuation) {
      if (i == 1)
        return 1;
      continue;
    }
    CXString s = clang_getTokenSpelling(tu, toks[i]);
    char ch = clang_getCString(s)[0];
    clang_disposeString(s);
    if (i == 1 && ch != '(')
      return 1;
    depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
    if (depth == 0)
      return i + 1;
  }
  return n;
}

/* The tokens' text, spaced as code is written, at most max bytes. */
static const char *tokens_text(CXTranslationUnit tu, const CXToken *toks, unsigned n, size_t max) {
  char buf[256], prev[8] = "";
  size_t len = 0;
  if (max >= sizeof buf)
    max = sizeof buf - 4;
  bool truncated = false;
  for (unsigned i = 0; i < n && !truncated; i++) {
    CXString s = clang_getTokenSpelling(tu, toks[i]);
    const char *t = clang_getCString(s);
    size_t tl = strlen(t);
    bool space = len && ((is_word_char(buf[len - 1]) && is_word_char(t[0])) ||
                         is_spaced_operator(t) || is_spaced_operator(prev));
    if (len + space + tl > max) {
      truncated = true;
    } else {
      if (space)
        buf[len++] = ' ';
      memcpy(buf + len, t, tl);
      len += tl;
    }
    snprintf(prev, sizeof prev, "%s", t);
    clang_disposeString(s);
  }
  if (truncated) {
    memcpy(buf + len, "...", 3);
    len += 3;
  }
  buf[len] = '\0';
  return intern(buf);
}

const char *fe_text(CXTranslationUnit tu, CXCursor c, size_t max) {
  CXToken *toks = NULL;
  unsigned n = 0;
  clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
  const char *text = tokens_text(tu, toks, n, max);
  clang_disposeTokens(tu, toks, n);
  return text;
}

const char *fe_test_text(CXTranslationUnit tu, CXCursor c, size_t max, const char **written) {
  CXToken *toks = NULL;
  unsigned n = 0;
  CXSourceRange r = clang_getCursorExtent(c), inv;
  clang_tokenize(tu, r, &toks, &n);
  const char *text = tokens_text(tu, toks, n, max);
  bool macro = closes_unopened(tu, toks, n);
  clang_disposeTokens(tu, toks, n);
  *written = NULL;
  if (!macro || !invocation_range(tu, r, &inv))
    return text;
  clang_tokenize(tu, inv, &toks, &n);
  if (n)
    *written = tokens_text(tu, toks, invocation_tokens(tu, toks, n), max);
  clang_disposeTokens(tu, toks, n);
  return text;
}

/* Spelling of the tokens in [from, to): the operator between two operands. */
static const char *token_between(CXTranslationUnit tu, CXSourceLocation from, CXSourceLocation to) {
  CXToken *toks = NULL;
  unsigned n = 0;
  clang_tokenize(tu, file_range(tu, from, to), &toks, &n);
  const char *op = "";
  for (unsigned i = 0; i < n; i++) {
    if (clang_getTokenKind(toks[i]) != CXToken_Punctuation)
      continue;
    CXString s = clang_getTokenSpelling(tu, toks[i]);
    const char *t = clang_getCString(s);
    if (strcmp(t, "(") != 0 && strcmp(t, ")") != 0) {
      op = intern(t);
      clang_disposeString(s);
      break;
    }
    clang_disposeString(s);
  }
  clang_disposeTokens(tu, toks, n);
  return op;
}

static bool same_file_ordered(CXSourceLocation a, CXSourceLocation b) {
  CXFile fa, fb;
  unsigned oa, ob;
  clang_getFileLocation(a, &fa, NULL, NULL, &oa);
  clang_getFileLocation(b, &fb, NULL, NULL, &ob);
  return fa && fa == fb && oa <= ob;
}

#if HAVE_CLANG_BINARY_OPERATOR_KIND
const char *fe_binop(CXTranslationUnit tu, CXCursor c, CXCursor lhs, CXCursor rhs) {
  (void)tu, (void)lhs, (void)rhs;
  enum CX_BinaryOperatorKind k = clang_getCursorBinaryOperatorKind(c);
  CXString s = clang_getBinaryOperatorKindSpelling(k);
  const char *r = intern(clang_getCString(s));
  clang_disposeString(s);
  return r;
}
#else
/* Whether l comes out of a macro expansion: its file position (where a
 * macro argument is spelled) is not where the macro is used. */
static bool from_macro(CXSourceLocation l) {
  CXFile f1, f2;
  unsigned o1, o2;
  clang_getExpansionLocation(l, &f1, NULL, NULL, &o1);
  clang_getFileLocation(l, &f2, NULL, NULL, &o2);
  return f1 != f2 || o1 != o2;
}

/* In a macro the tokens between the operands are the invocation's
 * (SET(r, open(p)) has a ',' there), and libclang 14 prints no expressions.
 * The tree still tells an assignment: its left side is an lvalue used as
 * one, where every other operator reads it through an implicit conversion
 * (which libclang shows as an unexposed expression). */
static bool is_lvalue_use(CXCursor c) {
  switch (clang_getCursorKind(c)) {
  case CXCursor_ParenExpr: {
    fe_children ch;
    fe_children_get(c, &ch);
    bool r = ch.n == 1 && is_lvalue_use(ch.items[0]);
    fe_children_free(&ch);
    return r;
  }
  case CXCursor_DeclRefExpr: {
    enum CXCursorKind k = clang_getCursorKind(clang_getCursorReferenced(c));
    return k == CXCursor_VarDecl || k == CXCursor_ParmDecl;
  }
  case CXCursor_MemberRefExpr:
  case CXCursor_ArraySubscriptExpr:
    return true;
  case CXCursor_UnaryOperator: {
    /* *p: its type is what its operand points to (!p and -x are not). */
    fe_children ch;
    fe_children_get(c, &ch);
    bool r = false;
    if (ch.n == 1) {
      CXType op = clang_getCanonicalType(clang_getCursorType(ch.items[0]));
      CXType self = clang_getCanonicalType(clang_getCursorType(c));
      r = op.kind == CXType_Pointer &&
          clang_equalTypes(clang_getCanonicalType(clang_getPointeeType(op)), self);
    }
    fe_children_free(&ch);
    return r;
  }
  default:
    return false;
  }
}

static const char *binop_from_tree(CXCursor lhs) {
  return is_lvalue_use(lhs) ? "=" : "";
}

const char *fe_binop(CXTranslationUnit tu, CXCursor c, CXCursor lhs, CXCursor rhs) {
  (void)c;
  CXSourceLocation from = clang_getRangeEnd(clang_getCursorExtent(lhs));
  CXSourceLocation to = clang_getRangeStart(clang_getCursorExtent(rhs));
  if (!from_macro(from) && !from_macro(to) && same_file_ordered(from, to)) {
    const char *op = token_between(tu, from, to);
    if (*op)
      return op;
  }
  return binop_from_tree(lhs);
}
#endif

#if HAVE_CLANG_UNARY_OPERATOR_KIND
const char *fe_unop(CXTranslationUnit tu, CXCursor c, CXCursor operand, bool *postfix) {
  (void)tu, (void)operand;
  enum CX_UnaryOperatorKind k = clang_getCursorUnaryOperatorKind(c);
  *postfix = k == CXUnaryOperator_PostInc || k == CXUnaryOperator_PostDec;
  CXString s = clang_getUnaryOperatorKindSpelling(k);
  const char *r = intern(clang_getCString(s));
  clang_disposeString(s);
  return r;
}
#else
const char *fe_unop(CXTranslationUnit tu, CXCursor c, CXCursor operand, bool *postfix) {
  CXSourceRange whole = clang_getCursorExtent(c), inner = clang_getCursorExtent(operand);
  *postfix = false;
  CXSourceLocation s0 = clang_getRangeStart(whole), s1 = clang_getRangeStart(inner);
  if (same_file_ordered(s0, s1) && !clang_equalLocations(s0, s1))
    return token_between(tu, s0, s1);
  CXSourceLocation e0 = clang_getRangeEnd(inner), e1 = clang_getRangeEnd(whole);
  if (same_file_ordered(e0, e1) && !clang_equalLocations(e0, e1)) {
    *postfix = true;
    return token_between(tu, e0, e1);
  }
  /* Inside a macro: the printed form starts with a prefix operator. */
  CXPrintingPolicy pol = clang_getCursorPrintingPolicy(c);
  CXString p = clang_getCursorPrettyPrinted(c, pol);
  const char *t = clang_getCString(p);
  const char *op = "";
  static const char *const ops[] = {"++", "--", "&", "*", "!", "~", "-", "+", NULL};
  for (int i = 0; ops[i]; i++)
    if (strncmp(t, ops[i], strlen(ops[i])) == 0) {
      op = ops[i];
      break;
    }
  if (!*op) {
    size_t tl = strlen(t);
    if (tl > 2 && (strcmp(t + tl - 2, "++") == 0 || strcmp(t + tl - 2, "--") == 0)) {
      op = t[tl - 1] == '+' ? "++" : "--";
      *postfix = true;
    }
  }
  op = intern(op);
  clang_disposeString(p);
  clang_PrintingPolicy_dispose(pol);
  return op;
}
#endif

const char *fe_spelled_name(CXTranslationUnit tu, CXCursor c, const char *callee) {
  CXFile file;
  unsigned off;
  clang_getFileLocation(clang_getRangeStart(clang_getCursorExtent(c)), &file, NULL, NULL, &off);
  if (!file)
    return callee;
  CXToken *tok = clang_getToken(tu, clang_getLocationForOffset(tu, file, off));
  if (!tok)
    return callee;
  const char *r = callee;
  if (clang_getTokenKind(*tok) == CXToken_Identifier) {
    CXString s = clang_getTokenSpelling(tu, *tok);
    r = intern(clang_getCString(s));
    clang_disposeString(s);
  }
  clang_disposeTokens(tu, tok, 1);
  return r;
}

const char *fe_constant_name(CXTranslationUnit tu, CXCursor c) {
  CXSourceRange r = clang_getCursorExtent(c);
  CXFile file, end_file;
  unsigned off, end;
  clang_getFileLocation(clang_getRangeStart(r), &file, NULL, NULL, &off);
  clang_getFileLocation(clang_getRangeEnd(r), &end_file, NULL, NULL, &end);
  if (!file || !end_file || !clang_File_isEqual(file, end_file))
    return NULL;
  CXToken *tok = clang_getToken(tu, clang_getLocationForOffset(tu, file, off));
  if (!tok)
    return NULL;
  unsigned tok_end;
  clang_getFileLocation(clang_getRangeEnd(clang_getTokenExtent(tu, *tok)), NULL, NULL, NULL,
                        &tok_end);
  const char *r_name = NULL;
  if (clang_getTokenKind(*tok) == CXToken_Identifier && tok_end == end) {
    CXString s = clang_getTokenSpelling(tu, *tok);
    r_name = intern(clang_getCString(s));
    clang_disposeString(s);
  }
  clang_disposeTokens(tu, tok, 1);
  return r_name;
}

bool fe_eval_int(CXCursor c, long long *out) {
  if (clang_getCursorKind(c) == CXCursor_GNUNullExpr) {
    *out = 0;
    return true;
  }
  /* Literals, enum constants, and casts around them: NULL is ((void *)0),
   * MAP_FAILED ((void *)-1). */
  CXEvalResult r = clang_Cursor_Evaluate(c);
  if (!r)
    return false;
  bool ok = clang_EvalResult_getKind(r) == CXEval_Int;
  if (ok)
    *out = clang_EvalResult_getAsLongLong(r);
  clang_EvalResult_dispose(r);
  return ok;
}

bool fe_tokens_contain(CXTranslationUnit tu, CXSourceLocation from, CXSourceLocation to,
                       const char *const *words) {
  CXToken *toks = NULL;
  unsigned n = 0;
  clang_tokenize(tu, file_range(tu, from, to), &toks, &n);
  bool found = false;
  for (unsigned i = 0; i < n && !found; i++) {
    if (clang_getTokenKind(toks[i]) != CXToken_Identifier &&
        clang_getTokenKind(toks[i]) != CXToken_Keyword)
      continue;
    CXString s = clang_getTokenSpelling(tu, toks[i]);
    const char *t = clang_getCString(s);
    for (int w = 0; words[w] && !found; w++)
      found = strcmp(t, words[w]) == 0;
    clang_disposeString(s);
  }
  clang_disposeTokens(tu, toks, n);
  return found;
}

static unsigned spelling_offset(CXSourceLocation l, CXFile *file) {
  unsigned off;
  clang_getSpellingLocation(l, file, NULL, NULL, &off);
  return off;
}

/* libclang visits a for statement's init, cond, inc and body but skips the
 * missing ones, so which child is which is read off the positions of the
 * two semicolons in the header (in the macro definition when the loop
 * comes from a macro such as list_for_each). */
void fe_for_parts(CXTranslationUnit tu, CXCursor stmt, const fe_children *ch, int *init, int *cond,
                  int *inc, int *body) {
  *init = *cond = *inc = -1;
  *body = ch->n ? (int)ch->n - 1 : -1;
  if (ch->n == 4) {
    *init = 0, *cond = 1, *inc = 2;
    return;
  }
  if (ch->n <= 1)
    return;
  CXFile file, f2;
  unsigned start = spelling_offset(clang_getRangeStart(clang_getCursorExtent(stmt)), &file);
  unsigned body_off =
      spelling_offset(clang_getRangeStart(clang_getCursorExtent(ch->items[*body])), &f2);
  unsigned semi[2] = {0, 0}, nsemi = 0;
  if (file && file == f2 && body_off > start) {
    CXSourceLocation a = clang_getLocationForOffset(tu, file, start);
    CXSourceLocation b = clang_getLocationForOffset(tu, file, body_off);
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(tu, clang_getRange(a, b), &toks, &n);
    int depth = 0;
    for (unsigned i = 0; i < n && nsemi < 2; i++) {
      CXString s = clang_getTokenSpelling(tu, toks[i]);
      const char *t = clang_getCString(s);
      if (strcmp(t, "(") == 0)
        depth++;
      else if (strcmp(t, ")") == 0)
        depth--;
      else if (strcmp(t, ";") == 0 && depth == 1) {
        CXFile tf;
        semi[nsemi++] = spelling_offset(clang_getTokenLocation(tu, toks[i]), &tf);
      }
      clang_disposeString(s);
    }
    clang_disposeTokens(tu, toks, n);
  }
  if (nsemi < 2) {
    /* Unknown layout: the common shapes are for (;cond;) and for (init;cond;inc). */
    if (ch->n == 2)
      *cond = 0;
    else if (ch->n == 3)
      *cond = 0, *inc = 1;
    return;
  }
  for (int i = 0; i < *body; i++) {
    CXFile cf;
    unsigned off = spelling_offset(clang_getRangeStart(clang_getCursorExtent(ch->items[i])), &cf);
    if (off < semi[0])
      *init = i;
    else if (off < semi[1])
      *cond = i;
    else
      *inc = i;
  }
}

bool fe_type_is_pointer(CXType t) {
  t = clang_getCanonicalType(t);
  return t.kind == CXType_Pointer || t.kind == CXType_BlockPointer;
}

bool fe_type_is_aggregate(CXType t) {
  t = clang_getCanonicalType(t);
  return t.kind == CXType_Record || t.kind == CXType_ConstantArray ||
         t.kind == CXType_IncompleteArray || t.kind == CXType_VariableArray;
}

bool fe_type_is_unsigned(CXType t) {
  switch (clang_getCanonicalType(t).kind) {
  case CXType_Bool:
  case CXType_Char_U:
  case CXType_UChar:
  case CXType_UShort:
  case CXType_UInt:
  case CXType_ULong:
  case CXType_ULongLong:
  case CXType_UInt128:
    return true;
  default:
    return false;
  }
}
