/* fe_expr.c - lowering expressions and branch conditions.  Nested calls
 * become temporaries, ?: && || become branches, and every value is reduced
 * to an operand: an access path, an address, an interior pointer, a
 * constant, or "other" with the paths it carries. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fe_internal.h"
#include "util.h"

/* --- variables ---------------------------------------------------------- */

/* The variable table maps a declaration's cursor to its IR variable: items
 * are variable numbers + 1, told apart by comparing the cursors. */
typedef struct var_key {
  const fe_lower *L;
  CXCursor decl;
} var_key;

static bool same_decl(const void *item, const void *key) {
  const var_key *k = key;
  return clang_equalCursors(k->L->var_decls[(uintptr_t)item - 1], k->decl);
}

static void var_map_put(fe_lower *L, CXCursor decl, int var) {
  if ((unsigned)var >= L->cap_var_decls) {
    L->cap_var_decls = (unsigned)var * 2 + 16;
    L->var_decls = xrealloc(L->var_decls, L->cap_var_decls * sizeof *L->var_decls);
  }
  L->var_decls[var] = decl;
  var_key k = {L, decl};
  hash_slot_for(&L->vars, clang_hashCursor(decl), same_decl, &k)->item =
      (void *)(uintptr_t)(var + 1);
}

int fe_add_local(fe_lower *L, CXCursor decl, var_kind kind) {
  CXString name = clang_getCursorSpelling(decl);
  CXType t = clang_getCursorType(decl);
  int v = ir_add_var(L->f, clang_getCString(name), kind, fe_type_is_pointer(t), fe_loc(decl));
  L->f->vars[v].is_scalar = !fe_type_is_aggregate(t);
  L->f->vars[v].is_unsigned = fe_type_is_unsigned(t) || fe_type_is_pointer(t);
  L->f->vars[v].is_ptr_to_ptr =
      fe_type_is_pointer(t) && fe_type_is_pointer(clang_getPointeeType(clang_getCanonicalType(t)));
  if (kind == VAR_PARAM && fe_type_is_aggregate(t) &&
      clang_getCanonicalType(t).kind != CXType_Record)
    L->f->vars[v].is_pointer = L->f->vars[v].is_scalar = true; /* int fds[2] is int *fds */
  clang_disposeString(name);
  var_map_put(L, decl, v);
  return v;
}

int fe_var_of_decl(fe_lower *L, CXCursor decl) {
  var_key key = {L, decl};
  void *v = hash_find(&L->vars, clang_hashCursor(decl), same_decl, &key);
  if (v)
    return (int)((uintptr_t)v - 1);
  /* Not declared in the body: a global, or a static declared elsewhere. */
  enum CXCursorKind k = clang_getCursorKind(decl);
  if (k != CXCursor_VarDecl)
    return -1;
  return fe_add_local(L, decl, VAR_GLOBAL);
}

int fe_new_temp(fe_lower *L, ll_location loc) {
  char name[32];
  snprintf(name, sizeof name, "$t%u", ++L->ntemps);
  return ir_add_var(L->f, name, VAR_TEMP, true, loc);
}

void fe_terminate(fe_lower *L, ir_term t) {
  L->f->blocks[L->cur].term = t;
  L->cur = ir_new_block(L->f);
}

void fe_goto(fe_lower *L, int target) {
  ir_term t = {.kind = T_GOTO, .succ = {target, -1}};
  L->f->blocks[L->cur].term = t;
}

/* --- paths -------------------------------------------------------------- */

static CXCursor strip(CXCursor c) {
  for (;;) {
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr && k != CXCursor_CStyleCastExpr)
      return c;
    fe_children ch;
    fe_children_get(c, &ch);
    CXCursor next = clang_getNullCursor();
    for (unsigned i = 0; i < ch.n; i++)
      if (clang_isExpression(clang_getCursorKind(ch.items[i])))
        next = ch.items[i];
    unsigned n = ch.n;
    fe_children_free(&ch);
    if (clang_Cursor_isNull(next) || (k == CXCursor_UnexposedExpr && n != 1))
      return c;
    c = next;
  }
}

static ir_path make_path(int var, const char *text, bool via_memory) {
  return (ir_path){.var = var, .text = intern(text), .via_memory = via_memory};
}

ir_path fe_path(fe_lower *L, CXCursor c, bool *ok) {
  c = strip(c);
  *ok = false;
  ir_path none = {.var = -1};
  fe_children ch;
  switch (clang_getCursorKind(c)) {
  case CXCursor_DeclRefExpr: {
    CXCursor d = clang_getCursorReferenced(c);
    enum CXCursorKind dk = clang_getCursorKind(d);
    if (dk != CXCursor_VarDecl && dk != CXCursor_ParmDecl)
      return none;
    int v = fe_var_of_decl(L, d);
    if (v < 0)
      return none;
    *ok = true;
    return (ir_path){.var = v, .text = L->f->vars[v].name};
  }
  case CXCursor_MemberRefExpr: {
    fe_children_get(c, &ch);
    if (ch.n < 1) {
      fe_children_free(&ch);
      return none;
    }
    CXCursor base = strip(ch.items[0]);
    bool arrow = fe_type_is_pointer(clang_getCursorType(ch.items[0]));
    fe_children_free(&ch);
    CXString m = clang_getCursorSpelling(c);
    const char *member = clang_getCString(m);
    ir_path r = none;
    bool bok;
    /* (&x)->f is x.f; (*p).f is p->f: one lock, one text. */
    bool pfx;
    fe_children inner = {0};
    if (arrow && clang_getCursorKind(base) == CXCursor_UnaryOperator)
      fe_children_get(base, &inner);
    if (inner.n == 1 && strcmp(fe_unop(L->tu, base, inner.items[0], &pfx), "&") == 0) {
      ir_path b = fe_path(L, inner.items[0], &bok);
      fe_children_free(&inner);
      if (bok) {
        char *t = xasprintf("%s.%s", b.text, member);
        r = make_path(b.var, t, b.via_memory);
        free(t);
        *ok = true;
      }
    } else {
      fe_children_free(&inner);
      ir_path b = fe_path(L, base, &bok);
      if (bok) {
        char *t;
        if (!arrow && b.text[0] == '*')
          t = xasprintf("%s->%s", b.text + 1, member);
        else
          t = xasprintf("%s%s%s", b.text, arrow ? "->" : ".", member);
        r = make_path(b.var, t, b.via_memory || arrow || b.text[0] == '*');
        free(t);
        *ok = true;
      }
    }
    clang_disposeString(m);
    return r;
  }
  case CXCursor_ArraySubscriptExpr: {
    fe_children_get(c, &ch);
    ir_path r = none;
    if (ch.n == 2) {
      bool bok;
      ir_path b = fe_path(L, ch.items[0], &bok);
      if (bok) {
        long long k;
        char *t = fe_eval_int(ch.items[1], &k)
                      ? xasprintf("%s[%lld]", b.text, k)
                      : xasprintf("%s[%s]", b.text, fe_text(L->tu, ch.items[1], 40));
        /* An array parameter is a pointer to the caller's array. */
        bool ptr = fe_type_is_pointer(clang_getCursorType(ch.items[0])) ||
                   (b.var >= 0 && L->f->vars[b.var].kind == VAR_PARAM);
        r = make_path(b.var, t, b.via_memory || ptr);
        free(t);
        *ok = true;
      }
    }
    fe_children_free(&ch);
    return r;
  }
  case CXCursor_UnaryOperator: {
    fe_children_get(c, &ch);
    ir_path r = none;
    bool post;
    if (ch.n == 1 && strcmp(fe_unop(L->tu, c, ch.items[0], &post), "*") == 0) {
      bool bok;
      ir_path b = fe_path(L, ch.items[0], &bok);
      if (bok) {
        char *t = xasprintf("*%s", b.text);
        r = make_path(b.var, t, true);
        free(t);
        *ok = true;
      }
    }
    fe_children_free(&ch);
    return r;
  }
  default:
    return none;
  }
}

/* --- operands ----------------------------------------------------------- */

static ir_operand opd_path(ir_path p) {
  return (ir_operand){.kind = OPD_PATH, .path = p};
}
static ir_operand opd_const(long long v) {
  return (ir_operand){.kind = OPD_CONST, .value = v};
}

/* No text: nothing but --dump-ir would read it, and tokenizing every
 * expression was a third of the lowering time. */
static ir_operand opd_other(fe_lower *L, CXCursor c) {
  (void)L, (void)c;
  return (ir_operand){.kind = OPD_OTHER};
}

/* Whether p is a member reached through its root pointer variable
 * ("i->refcnt", "i->hdr.len"); sets root to the variable's own path. */
static bool field_through_root(const fe_lower *L, const ir_path *p, ir_path *root) {
  if (p->var < 0 || !p->text)
    return false;
  const char *name = L->f->vars[p->var].name;
  if (!ir_path_is_member_of(p->text, name))
    return false;
  *root = (ir_path){.var = p->var, .text = name, .via_memory = false};
  return true;
}

/* Adds to o the paths that v carries: a pointer stored in a struct
 * initializer or passed through ?: still owns its block. */
static void add_reads(fe_lower *L, ir_operand *o, const ir_operand *v) {
  const ir_path *src;
  unsigned n;
  ir_path root;
  if (v->kind == OPD_ADDR && field_through_root(L, &v->path, &root)) {
    /* {&i->refcnt}: the pointer i itself, offset, is what is carried. */
    src = &root;
    n = 1;
  } else if (v->kind == OPD_PATH || v->kind == OPD_OFFSET || v->kind == OPD_ADDR) {
    src = &v->path;
    n = 1;
  } else if (v->kind == OPD_OTHER) {
    src = v->reads;
    n = v->nreads;
  } else {
    return;
  }
  if (!n)
    return;
  ir_path *r = arena_alloc(&L->f->arena, (o->nreads + n) * sizeof *r);
  if (o->nreads)
    memcpy(r, o->reads, o->nreads * sizeof *r);
  memcpy(r + o->nreads, src, n * sizeof *r);
  o->reads = r;
  o->nreads += n;
}

static bool carries_pointer(CXCursor c) {
  CXType t = clang_getCursorType(c);
  return fe_type_is_pointer(t) || fe_type_is_aggregate(t);
}

/* Lowers every child expression for its side effects; the value is
 * "other", carrying the children's paths when it can hold a pointer. */
static ir_operand lower_children_carrying(fe_lower *L, CXCursor c, bool carry) {
  ir_operand o = opd_other(L, c);
  fe_children ch;
  fe_children_get(c, &ch);
  for (unsigned i = 0; i < ch.n; i++) {
    enum CXCursorKind k = clang_getCursorKind(ch.items[i]);
    if (k == CXCursor_CompoundStmt) {
      fe_stmt(L, ch.items[i]);
      continue;
    }
    if (!clang_isExpression(k))
      continue;
    ir_operand v = fe_expr(L, ch.items[i], carry);
    if (carry)
      add_reads(L, &o, &v);
  }
  fe_children_free(&ch);
  return o;
}

static ir_operand lower_children(fe_lower *L, CXCursor c) {
  return lower_children_carrying(L, c, carries_pointer(c));
}

static ir_instr *emit_assign(fe_lower *L, ir_path dst, ir_operand src, ll_location loc) {
  ir_instr *in = ir_append(L->f, L->cur, I_ASSIGN, loc);
  in->has_dst = true;
  in->dst = dst;
  in->src = src;
  return in;
}

static bool decl_is_noreturn_uncached(CXTranslationUnit tu, CXCursor decl);

/* Whether the callee never returns, asked once per name and unit: reading
 * the declaration's tokens at every call was a sixth of the lowering. */
static bool decl_is_noreturn(fe_lower *L, const char *name, CXCursor decl) {
  hash_table *c = L->noreturn;
  if (!c)
    return decl_is_noreturn_uncached(L->tu, decl);
  /* Items are 1 (returns) or 2 (never returns). */
  hash_slot *slot = hash_slot_for(c, hash_identity(name), NULL, name);
  if (!slot->item)
    slot->item = (void *)(uintptr_t)(1 + decl_is_noreturn_uncached(L->tu, decl));
  return (uintptr_t)slot->item == 2;
}

static bool decl_is_noreturn_uncached(CXTranslationUnit tu, CXCursor decl) {
  CXType t = clang_getCursorType(decl);
  CXString s = clang_getTypeSpelling(t);
  bool nr = strstr(clang_getCString(s), "noreturn") != NULL;
  clang_disposeString(s);
  if (nr)
    return true;
  static const char *const words[] = {"_Noreturn", "noreturn", "__noreturn__", NULL};
  CXSourceRange r = clang_getCursorExtent(decl);
  return fe_tokens_contain(tu, clang_getRangeStart(r), clang_getRangeEnd(r), words);
}

/* __builtin_expect(e, v) (likely(), unlikely()) tests e; NULL cursor if c
 * is not such a call. */
static CXCursor expected_operand(CXCursor c) {
  if (clang_getCursorKind(c) != CXCursor_CallExpr || clang_Cursor_getNumArguments(c) < 1)
    return clang_getNullCursor();
  CXString name = clang_getCursorSpelling(c);
  bool expect = str_starts_with(clang_getCString(name), "__builtin_expect");
  clang_disposeString(name);
  return expect ? clang_Cursor_getArgument(c, 0) : clang_getNullCursor();
}

static ir_operand lower_call_into(fe_lower *L, CXCursor c, bool want, const ir_path *into);

/* A call through var, a file-scope function pointer: its name, and the
 * function its initializer names (static void *(*alloc_fn)(size_t) =
 * malloc), looked up in the definition when this unit has it. */
static void through_global_pointer(CXCursor var, const char **name, const char **init) {
  if (clang_getCursorKind(var) != CXCursor_VarDecl ||
      clang_Cursor_hasVarDeclGlobalStorage(var) != 1 ||
      clang_getCursorKind(clang_getCursorSemanticParent(var)) != CXCursor_TranslationUnit)
    return;
  CXString s = clang_getCursorSpelling(var);
  *name = intern(clang_getCString(s));
  clang_disposeString(s);
  CXCursor def = clang_getCursorDefinition(var);
  CXCursor e = clang_Cursor_isNull(def) ? def : clang_Cursor_getVarDeclInitializer(def);
  if (clang_Cursor_isNull(e))
    return;
  e = strip(e);
  if (clang_getCursorKind(e) == CXCursor_UnaryOperator) { /* &malloc */
    fe_children ch;
    fe_children_get(e, &ch);
    e = ch.n == 1 ? strip(ch.items[0]) : clang_getNullCursor();
    fe_children_free(&ch);
  }
  CXCursor f = clang_getCursorReferenced(e);
  if (clang_getCursorKind(e) == CXCursor_DeclRefExpr &&
      clang_getCursorKind(f) == CXCursor_FunctionDecl) {
    CXString fs = clang_getCursorSpelling(f);
    *init = intern(clang_getCString(fs));
    clang_disposeString(fs);
  }
}

/* Which of the declared parameters are const T * (one bit each, up to 32). */
static uint32_t const_pointer_params(CXCursor decl) {
  CXType t = clang_getCursorType(decl);
  int n = clang_getNumArgTypes(t);
  uint32_t bits = 0;
  for (int i = 0; i < n && i < 32; i++) {
    CXType a = clang_getCanonicalType(clang_getArgType(t, (unsigned)i));
    if (a.kind == CXType_Pointer && clang_isConstQualifiedType(clang_getPointeeType(a)))
      bits |= 1u << i;
  }
  return bits;
}

static ir_operand lower_call(fe_lower *L, CXCursor c, bool want) {
  return lower_call_into(L, c, want, NULL);
}

/* p = f(...): the call's result goes straight into p, so messages name p. */
ir_operand fe_call_into(fe_lower *L, CXCursor c, const ir_path *into) {
  return lower_call_into(L, c, true, into);
}

static ir_operand lower_call_into(fe_lower *L, CXCursor c, bool want, const ir_path *into) {
  ll_location loc = fe_loc(c);
  CXCursor callee = clang_getCursorReferenced(c);
  const char *name = NULL;
  bool system = false, noreturn = false;
  if (clang_getCursorKind(callee) == CXCursor_FunctionDecl) {
    CXString s = clang_getCursorSpelling(callee);
    name = intern(clang_getCString(s));
    clang_disposeString(s);
    system = clang_Location_isInSystemHeader(clang_getCursorLocation(callee));
    noreturn = decl_is_noreturn(L, name, callee);
  }
  int nargs = clang_Cursor_getNumArguments(c);
  if (nargs < 0)
    nargs = 0;
  /* __builtin_expect(x, v) is x. */
  CXCursor expected = expected_operand(c);
  if (!clang_Cursor_isNull(expected))
    return fe_expr(L, expected, want);
  ir_operand *args = nargs ? arena_alloc(&L->f->arena, nargs * sizeof *args) : NULL;
  for (int i = 0; i < nargs; i++) {
    CXCursor a = clang_Cursor_getArgument(c, (unsigned)i);
    args[i] = fe_expr(L, a, true);
    /* syscall(SYS_close, fd): a model may name the macro, whose value
     * differs by architecture */
    if (args[i].kind == OPD_CONST && !args[i].text)
      args[i].text = fe_constant_name(L->tu, a);
  }
  ir_instr *in = ir_append(L->f, L->cur, I_CALL, loc);
  in->callee = name;
  in->spelled = name ? fe_spelled_name(L->tu, c, name) : NULL;
  in->args = args;
  in->nargs = (unsigned)nargs;
  in->callee_in_system_header = system;
  in->noreturn = noreturn;
  if (name)
    in->const_args = const_pointer_params(callee);
  else
    through_global_pointer(callee, &in->via_var, &in->via_init);
  ir_operand result = {.kind = OPD_NONE};
  if (into && !noreturn) {
    in->has_dst = true;
    in->dst = *into;
    result = opd_path(in->dst);
  } else if (want && !noreturn) {
    int t = fe_new_temp(L, loc);
    in->has_dst = true;
    in->dst = (ir_path){.var = t, .text = L->f->vars[t].name};
    result = opd_path(in->dst);
  }
  if (noreturn)
    fe_terminate(L, (ir_term){.kind = T_UNREACHABLE, .loc = loc, .succ = {-1, -1}});
  return result;
}

static ir_operand lower_assign(fe_lower *L, CXCursor c, CXCursor lhs, CXCursor rhs) {
  bool ok;
  if (clang_getCursorKind(strip(rhs)) == CXCursor_CallExpr) {
    ir_path dst = fe_path(L, lhs, &ok);
    if (ok && !dst.via_memory)
      return fe_call_into(L, strip(rhs), &dst);
  }
  ir_operand v = fe_expr(L, rhs, true);
  ir_path dst = fe_path(L, lhs, &ok);
  if (!ok) {
    /* Stored somewhere we cannot name (*f() = p): treat as memory. */
    fe_expr(L, lhs, false);
    dst = (ir_path){.var = -1, .text = fe_text(L->tu, lhs, 40), .via_memory = true};
  }
  emit_assign(L, dst, v, fe_loc(c));
  return ok ? opd_path(dst) : v;
}

/* An interior pointer into p's block at offset k from what p holds (0:
 * not known), with its text for messages when k is known ("colon + 1"). */
static ir_operand opd_offset(ir_path p, long long k, bool subscript) {
  ir_operand o = {.kind = OPD_OFFSET, .path = p, .value = k};
  if (k && p.text) {
    char *t = subscript ? xasprintf("&%s[%lld]", p.text, k)
                        : xasprintf("%s %c %lld", p.text, k < 0 ? '-' : '+', k < 0 ? -k : k);
    o.text = intern(t);
    free(t);
  }
  return o;
}

/* p + k, p - k on a pointer: an interior pointer into p's block. */
static ir_operand lower_pointer_arith(fe_lower *L, CXCursor c, CXCursor lhs, CXCursor rhs,
                                      const char *op) {
  ir_operand a = fe_expr(L, lhs, true), b = fe_expr(L, rhs, true);
  bool a_ptr = fe_type_is_pointer(clang_getCursorType(lhs));
  ir_operand *p = a_ptr ? &a : &b, *k = a_ptr ? &b : &a;
  if (p->kind == OPD_PATH || p->kind == OPD_OFFSET) {
    if (k->kind == OPD_CONST && k->value == 0)
      return *p;
    /* the offset from p's own value: known when k and any earlier step are */
    long long off = 0;
    bool known = k->kind == OPD_CONST && k->value > -(1LL << 40) && k->value < (1LL << 40) &&
                 (p->kind == OPD_PATH || p->value);
    if (known) {
      bool minus = strcmp(op, "-") == 0;
      off = (minus ? -k->value : k->value) + (p->kind == OPD_OFFSET ? p->value : 0);
    }
    return opd_offset(p->path, off, false);
  }
  ir_operand o = opd_other(L, c);
  add_reads(L, &o, p);
  return o;
}

/* The two operands of a binary or compound-assignment expression. */
static bool operands(CXCursor c, CXCursor *lhs, CXCursor *rhs) {
  fe_children ch;
  fe_children_get(c, &ch);
  bool two = ch.n == 2;
  if (two)
    *lhs = ch.items[0], *rhs = ch.items[1];
  fe_children_free(&ch);
  return two;
}

static ir_operand lower_comparison_value(fe_lower *L, CXCursor c, CXCursor lhs, CXCursor rhs);
static cond_op compare_op(const char *op);

static ir_operand lower_binary(fe_lower *L, CXCursor c, bool want) {
  CXCursor lhs, rhs;
  if (!operands(c, &lhs, &rhs))
    return lower_children(L, c);
  const char *op = fe_binop(L->tu, c, lhs, rhs);
  if (strcmp(op, "=") == 0)
    return lower_assign(L, c, lhs, rhs);
  if (strcmp(op, ",") == 0) {
    fe_expr(L, lhs, false);
    return fe_expr(L, rhs, want);
  }
  long long k;
  if (fe_eval_int(c, &k))
    return opd_const(k);
  if (want && compare_op(op) != C_OPAQUE) {
    ir_operand v = lower_comparison_value(L, c, lhs, rhs);
    if (v.kind != OPD_NONE)
      return v;
  }
  if ((strcmp(op, "+") == 0 || strcmp(op, "-") == 0) && fe_type_is_pointer(clang_getCursorType(c)))
    return lower_pointer_arith(L, c, lhs, rhs, op);
  /* (uintptr_t)p | TAG, ((uintptr_t)p + a - 1) & ~(a - 1) (ngx_align_ptr):
   * a pointer-sized integer tagged, masked or moved from p still carries
   * p; a difference of two pointers does not.  Inside a macro libclang 14
   * does not tell the operator: an unsigned one (uintptr_t, not the
   * ptrdiff_t of a difference) carries. */
  CXType t = clang_getCanonicalType(clang_getCursorType(c));
  bool bits = strcmp(op, "|") == 0 || strcmp(op, "&") == 0 || strcmp(op, "^") == 0 ||
              strcmp(op, "+") == 0 || (strcmp(op, "-") == 0 && fe_eval_int(rhs, &k)) ||
              (!*op && t.kind >= CXType_Char_U && t.kind <= CXType_UInt128);
  if (bits && t.kind >= CXType_Char_U && t.kind <= CXType_Int128 &&
      clang_Type_getSizeOf(t) == (long long)sizeof(void *))
    return lower_children_carrying(L, c, true);
  return lower_children(L, c);
}

/* target changed in place (++, --, +=, ...): a pointer moves inside its
 * block (an interior pointer now); an integer by k when known (known), else
 * to something unknown. */
static ir_operand lower_step(fe_lower *L, CXCursor c, CXCursor target, bool known, long long k) {
  bool ok;
  ir_path p = fe_path(L, target, &ok);
  if (!ok)
    return lower_children(L, c);
  ir_operand v = fe_type_is_pointer(clang_getCursorType(target))
                     ? (ir_operand){.kind = OPD_OFFSET, .path = p, .value = known ? k : 0}
                 : known ? (ir_operand){.kind = OPD_STEP, .path = p, .value = k}
                         : opd_other(L, c);
  emit_assign(L, p, v, fe_loc(c));
  return opd_path(p);
}

static ir_operand lower_compound_assign(fe_lower *L, CXCursor c) {
  CXCursor lhs, rhs;
  if (!operands(c, &lhs, &rhs))
    return lower_children(L, c);
  fe_expr(L, rhs, false);
  const char *op = fe_binop(L->tu, c, lhs, rhs);
  long long k;
  bool known = fe_eval_int(rhs, &k) && (strcmp(op, "+=") == 0 || strcmp(op, "-=") == 0) &&
               k > -(1LL << 40) && k < (1LL << 40);
  return lower_step(L, c, lhs, known, strcmp(op, "-=") == 0 ? -k : k);
}

static ir_operand lower_address_of(fe_lower *L, CXCursor operand) {
  CXCursor o = strip(operand);
  bool ok;
  if (clang_getCursorKind(o) == CXCursor_ArraySubscriptExpr) {
    fe_children ch;
    fe_children_get(o, &ch);
    ir_operand r = {.kind = OPD_NONE};
    if (ch.n == 2) {
      ir_path base = fe_path(L, ch.items[0], &ok);
      bool ptr = fe_type_is_pointer(clang_getCursorType(ch.items[0]));
      long long k;
      bool known = fe_eval_int(ch.items[1], &k) && k > -(1LL << 40) && k < (1LL << 40);
      bool zero = known && k == 0;
      if (ok)
        fe_expr(L, ch.items[1], false); /* &ud[size++]: the index's own effects */
      if (ok && ptr)
        r = zero ? opd_path(base) : opd_offset(base, known ? k : 0, true);
      else if (ok)
        r = (ir_operand){.kind = OPD_ADDR, .path = base};
    }
    fe_children_free(&ch);
    if (r.kind != OPD_NONE)
      return r;
  }
  ir_path p = fe_path(L, o, &ok);
  if (ok)
    return (ir_operand){.kind = OPD_ADDR, .path = p};
  return lower_children(L, operand);
}

static ir_operand lower_unary(fe_lower *L, CXCursor c) {
  fe_children ch;
  fe_children_get(c, &ch);
  if (ch.n != 1) {
    fe_children_free(&ch);
    return opd_other(L, c); /* sizeof and friends: not evaluated */
  }
  CXCursor operand = ch.items[0];
  fe_children_free(&ch);
  bool postfix;
  const char *op = fe_unop(L->tu, c, operand, &postfix);
  long long k;
  if (strcmp(op, "&") == 0)
    return lower_address_of(L, operand);
  if (strcmp(op, "*") == 0) {
    bool ok;
    ir_path p = fe_path(L, c, &ok);
    if (ok)
      return opd_path(p);
    return lower_children(L, c);
  }
  if (strcmp(op, "++") == 0 || strcmp(op, "--") == 0)
    return lower_step(L, c, operand, true, op[0] == '+' ? 1 : -1);
  if (fe_eval_int(c, &k))
    return opd_const(k);
  if (strcmp(op, "__extension__") == 0)
    return fe_expr(L, operand, true);
  return lower_children(L, c);
}

/* c ? a : b as a value: branches that assign a temporary. */
static ir_operand lower_conditional(fe_lower *L, CXCursor c) {
  fe_children ch;
  fe_children_get(c, &ch);
  if (ch.n != 3) {
    fe_children_free(&ch);
    return lower_children(L, c);
  }
  ll_location loc = fe_loc(c);
  int t = fe_new_temp(L, loc);
  ir_path tp = {.var = t, .text = L->f->vars[t].name};
  int ba = ir_new_block(L->f), bb = ir_new_block(L->f), join = ir_new_block(L->f);
  fe_cond(L, ch.items[0], ba, bb);
  L->cur = ba;
  emit_assign(L, tp, fe_expr(L, ch.items[1], true), loc);
  fe_goto(L, join);
  L->cur = bb;
  emit_assign(L, tp, fe_expr(L, ch.items[2], true), loc);
  fe_goto(L, join);
  L->cur = join;
  fe_children_free(&ch);
  return opd_path(tp);
}

/* ({ stmt; ...; value; }) */
static ir_operand lower_stmt_expr(fe_lower *L, CXCursor c, bool want) {
  fe_children ch;
  fe_children_get(c, &ch);
  ir_operand v = {.kind = OPD_NONE};
  if (ch.n == 1 && clang_getCursorKind(ch.items[0]) == CXCursor_CompoundStmt) {
    fe_children body;
    fe_children_get(ch.items[0], &body);
    for (unsigned i = 0; i < body.n; i++) {
      bool last = i + 1 == body.n;
      if (last && clang_isExpression(clang_getCursorKind(body.items[i])))
        v = fe_expr(L, body.items[i], want);
      else
        fe_stmt(L, body.items[i]);
    }
    fe_children_free(&body);
  }
  fe_children_free(&ch);
  return v;
}

/* a[i++], a[next()]: the index is evaluated for what it does, though the
 * path names the element by its text. */
static void lower_index_effects(fe_lower *L, CXCursor c) {
  fe_children ch;
  fe_children_get(c, &ch);
  long long k;
  if (ch.n == 2 && !fe_eval_int(ch.items[1], &k))
    fe_expr(L, ch.items[1], false);
  fe_children_free(&ch);
}

bool fe_void_cast(fe_lower *L, CXCursor c) {
  while (clang_getCursorKind(c) == CXCursor_ParenExpr) {
    fe_children ch;
    fe_children_get(c, &ch);
    CXCursor inner = ch.n == 1 ? ch.items[0] : clang_getNullCursor();
    fe_children_free(&ch);
    if (clang_Cursor_isNull(inner))
      return false;
    c = inner;
  }
  if (clang_getCursorKind(c) != CXCursor_CStyleCastExpr ||
      clang_getCanonicalType(clang_getCursorType(c)).kind != CXType_Void)
    return false;
  CXCursor operand = strip(c);
  if (clang_equalCursors(operand, c))
    return false;
  bool ok;
  ir_path p = fe_path(L, operand, &ok);
  /* a local only: (void)param; is the unused-parameter idiom, and a call
   * that keeps the parameter would tell every caller it is kept */
  if (!ok || p.var < 0 || L->f->vars[p.var].kind != VAR_LOCAL)
    return false;
  ir_instr *in = ir_append(L->f, L->cur, I_CALL, fe_loc(c));
  in->callee = intern("(void)");
  in->args = arena_alloc(&L->f->arena, sizeof *in->args);
  in->args[0] = opd_path(p);
  in->nargs = 1;
  return true;
}

ir_operand fe_expr(fe_lower *L, CXCursor c, bool want) {
  enum CXCursorKind k = clang_getCursorKind(c);
  long long val;
  switch (k) {
  case CXCursor_ParenExpr:
  case CXCursor_CStyleCastExpr:
  case CXCursor_UnexposedExpr: {
    CXCursor s = strip(c);
    if (!clang_equalCursors(s, c))
      return fe_expr(L, s, want);
    if (fe_eval_int(c, &val))
      return opd_const(val);
    /* A designated initializer (.array = xcalloc(..)) has no type of its
     * own: what it holds goes where the initializer list goes. */
    return lower_children_carrying(L, c, carries_pointer(c) || want);
  }
  case CXCursor_IntegerLiteral:
  case CXCursor_CharacterLiteral:
  case CXCursor_GNUNullExpr:
    if (fe_eval_int(c, &val))
      return opd_const(val);
    return opd_other(L, c);
  case CXCursor_StringLiteral:
    return (ir_operand){.kind = OPD_STRING};
  case CXCursor_DeclRefExpr: {
    CXCursor d = clang_getCursorReferenced(c);
    enum CXCursorKind dk = clang_getCursorKind(d);
    if (dk == CXCursor_FunctionDecl) {
      CXString s = clang_getCursorSpelling(d);
      ir_operand o = {.kind = OPD_FUNC, .text = intern(clang_getCString(s))};
      clang_disposeString(s);
      return o;
    }
    if (dk == CXCursor_EnumConstantDecl)
      return opd_const(clang_getEnumConstantDeclValue(d));
    bool ok;
    ir_path p = fe_path(L, c, &ok);
    return ok ? opd_path(p) : opd_other(L, c);
  }
  case CXCursor_MemberRefExpr:
  case CXCursor_ArraySubscriptExpr: {
    bool ok;
    ir_path p = fe_path(L, c, &ok);
    if (ok && k == CXCursor_ArraySubscriptExpr)
      lower_index_effects(L, c);
    if (ok)
      return opd_path(p);
    return lower_children(L, c);
  }
  case CXCursor_CallExpr:
    return lower_call(L, c, want);
  case CXCursor_BinaryOperator:
    return lower_binary(L, c, want);
  case CXCursor_CompoundAssignOperator:
    return lower_compound_assign(L, c);
  case CXCursor_UnaryOperator:
    return lower_unary(L, c);
  case CXCursor_ConditionalOperator:
    return lower_conditional(L, c);
  case CXCursor_StmtExpr:
    return lower_stmt_expr(L, c, want);
  case CXCursor_UnaryExpr: /* sizeof, _Alignof: operand not evaluated */
    if (fe_eval_int(c, &val))
      return opd_const(val);
    return opd_other(L, c);
  default:
    return lower_children(L, c);
  }
}

/* --- conditions --------------------------------------------------------- */

typedef struct read_collector {
  fe_lower *L;
  ir_path items[16];
  unsigned n;
} read_collector;

static enum CXChildVisitResult collect_read(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  read_collector *rc = data;
  if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
    return CXChildVisit_Recurse;
  CXCursor d = clang_getCursorReferenced(c);
  enum CXCursorKind dk = clang_getCursorKind(d);
  if ((dk == CXCursor_VarDecl || dk == CXCursor_ParmDecl) && rc->n < 16) {
    int v = fe_var_of_decl(rc->L, d);
    if (v >= 0)
      rc->items[rc->n++] = (ir_path){.var = v, .text = rc->L->f->vars[v].name};
  }
  return CXChildVisit_Continue;
}

static void cond_reads(fe_lower *L, CXCursor c, ir_cond *cond) {
  read_collector rc = {.L = L};
  if (clang_getCursorKind(c) == CXCursor_DeclRefExpr)
    collect_read(c, c, &rc);
  else
    clang_visitChildren(c, collect_read, &rc);
  cond->nreads = rc.n;
  cond->reads = rc.n ? arena_dup(&L->f->arena, rc.items, rc.n * sizeof *rc.items) : NULL;
}

static void branch(fe_lower *L, CXCursor c, ir_cond cond, int t, int f) {
  /* the key stays the condition's own text: one invocation may hold
   * several tests (ngx_conf_merge_value), which must not read as one */
  cond.text = fe_test_text(L->tu, c, 60, &cond.written);
  cond_reads(L, c, &cond);
  ir_term term = {.kind = T_BRANCH, .loc = fe_loc(c), .succ = {t, f}, .cond = cond};
  L->f->blocks[L->cur].term = term;
}

static cond_op compare_op(const char *op) {
  static const struct {
    const char *s;
    cond_op op;
  } ops[] = {{"==", C_EQ}, {"!=", C_NE}, {"<", C_LT}, {"<=", C_LE}, {">", C_GT}, {">=", C_GE}};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    if (strcmp(op, ops[i].s) == 0)
      return ops[i].op;
  return C_OPAQUE;
}

static cond_op mirror(cond_op op) {
  switch (op) {
  case C_LT:
    return C_GT;
  case C_LE:
    return C_GE;
  case C_GT:
    return C_LT;
  case C_GE:
    return C_LE;
  default:
    return op;
  }
}

static void lower_compare(fe_lower *L, CXCursor c, cond_op op, CXCursor lhs, CXCursor rhs, int t,
                          int f) {
  ir_operand a = fe_expr(L, lhs, true), b = fe_expr(L, rhs, true);
  ir_cond cond = {.op = op};
  if (a.kind == OPD_CONST && b.kind != OPD_CONST) {
    ir_operand tmp = a;
    a = b;
    b = tmp;
    cond.op = mirror(op);
  }
  cond.lhs = a;
  if (b.kind == OPD_CONST) {
    cond.rhs_const = true;
    cond.rhs = b.value;
  } else {
    cond.rhs_opd = b;
  }
  branch(L, c, cond, t, f);
}

/* *failed = p == NULL: a test of a path against a constant, kept as a
 * value, is a branch that sets a temporary to 1 or 0, so that what the
 * test told (p failed) travels with the value to where it is tested again
 * (redis's dictExpand: if (*malloc_failed) return). */
static ir_operand lower_comparison_value(fe_lower *L, CXCursor c, CXCursor lhs, CXCursor rhs) {
  long long k;
  bool ok;
  /* NULL is ((void *)0): the constant is under the casts */
  CXCursor other = fe_eval_int(strip(rhs), &k)   ? lhs
                   : fe_eval_int(strip(lhs), &k) ? rhs
                                                 : clang_getNullCursor();
  if (clang_Cursor_isNull(other))
    return (ir_operand){.kind = OPD_NONE};
  fe_path(L, strip(other), &ok);
  if (!ok)
    return (ir_operand){.kind = OPD_NONE};
  ll_location loc = fe_loc(c);
  int t = fe_new_temp(L, loc);
  ir_path tp = {.var = t, .text = L->f->vars[t].name};
  int yes = ir_new_block(L->f), no = ir_new_block(L->f), join = ir_new_block(L->f);
  fe_cond(L, c, yes, no);
  L->cur = yes;
  emit_assign(L, tp, opd_const(1), loc);
  fe_goto(L, join);
  L->cur = no;
  emit_assign(L, tp, opd_const(0), loc);
  fe_goto(L, join);
  L->cur = join;
  return opd_path(tp);
}

/* if (~flags & BIT) is if (flags & BIT) with the branches swapped: the
 * same question as tmux's 'if (flags & JOB_PTY)' elsewhere, so that the
 * walk answers both alike.  The step still shows the test as written. */
static bool lower_complement_test(fe_lower *L, CXCursor c, CXCursor lhs, CXCursor rhs, int t,
                                  int f) {
  long long bits;
  CXCursor inner = strip(lhs);
  if (clang_getCursorKind(inner) != CXCursor_UnaryOperator || !fe_eval_int(rhs, &bits) ||
      bits == 0 || (bits & (bits - 1)) != 0)
    return false;
  fe_children ch;
  fe_children_get(inner, &ch);
  bool post;
  bool complement = ch.n == 1 && strcmp(fe_unop(L->tu, inner, ch.items[0], &post), "~") == 0;
  fe_children_free(&ch);
  if (!complement)
    return false;
  /* the text as written less its '~' ("flags&JOB_PTY"), as the other test
   * of the same bit reads */
  const char *written = fe_text(L->tu, c, 60);
  if (written[0] != '~')
    return false;
  fe_expr(L, c, false);
  ir_cond cond = {.op = C_OPAQUE, .lhs = {.kind = OPD_OTHER}, .display = written};
  branch(L, c, cond, f, t);
  L->f->blocks[L->cur].term.cond.text = intern(written + 1);
  return true;
}

void fe_cond(fe_lower *L, CXCursor c, int t, int f) {
  c = strip(c);
  CXCursor expected = expected_operand(c);
  if (!clang_Cursor_isNull(expected)) {
    fe_cond(L, expected, t, f);
    return;
  }
  long long val;
  if (fe_eval_int(c, &val)) {
    fe_goto(L, val ? t : f);
    return;
  }
  enum CXCursorKind k = clang_getCursorKind(c);
  fe_children ch;
  fe_children_get(c, &ch);
  if (k == CXCursor_UnaryOperator && ch.n == 1) {
    bool post;
    if (strcmp(fe_unop(L->tu, c, ch.items[0], &post), "!") == 0) {
      CXCursor inner = ch.items[0];
      fe_children_free(&ch);
      int before = L->cur;
      fe_cond(L, inner, f, t);
      /* Show the test as written: "'!f' is false", not "'f' is true". */
      ir_term *term = &L->f->blocks[before].term;
      if (L->cur == before && term->kind == T_BRANCH && !term->cond.display) {
        term->cond.display = fe_text(L->tu, c, 60);
      }
      return;
    }
  } else if (k == CXCursor_BinaryOperator && ch.n == 2) {
    CXCursor lhs = ch.items[0], rhs = ch.items[1];
    const char *op = fe_binop(L->tu, c, lhs, rhs);
    fe_children_free(&ch);
    if (strcmp(op, "&&") == 0 || strcmp(op, "||") == 0) {
      int mid = ir_new_block(L->f);
      if (op[0] == '&')
        fe_cond(L, lhs, mid, f);
      else
        fe_cond(L, lhs, t, mid);
      L->cur = mid;
      fe_cond(L, rhs, t, f);
      return;
    }
    if (strcmp(op, ",") == 0) {
      fe_expr(L, lhs, false);
      fe_cond(L, rhs, t, f);
      return;
    }
    cond_op cop = compare_op(op);
    if (cop != C_OPAQUE) {
      lower_compare(L, c, cop, lhs, rhs, t, f);
      return;
    }
    if (strcmp(op, "&") == 0 && lower_complement_test(L, c, lhs, rhs, t, f))
      return;
    goto value;
  } else if (k == CXCursor_ConditionalOperator && ch.n == 3) {
    int ba = ir_new_block(L->f), bb = ir_new_block(L->f);
    CXCursor a = ch.items[1], b = ch.items[2];
    fe_cond(L, ch.items[0], ba, bb);
    fe_children_free(&ch);
    L->cur = ba;
    fe_cond(L, a, t, f);
    L->cur = bb;
    fe_cond(L, b, t, f);
    return;
  }
  fe_children_free(&ch);
value:;
  ir_operand v = fe_expr(L, c, true);
  ir_cond cond = {.op = C_TRUTH, .lhs = v};
  if (v.kind == OPD_OTHER || v.kind == OPD_NONE || v.kind == OPD_STRING)
    cond.op = C_OPAQUE;
  branch(L, c, cond, t, f);
}
