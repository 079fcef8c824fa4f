/* fe_stmt.c - lowering statements into basic blocks. */
#include <stdlib.h>
#include <string.h>

#include "fe_internal.h"
#include "util.h"

static void push_scope(fe_lower *L) {
  LL_GROW(L->scopes, L->nscopes, L->cap_scopes);
  L->scopes[L->nscopes++] = (fe_scope){0};
}

/* Runs the cleanup functions of the scopes deeper than depth, innermost
 * first, as the compiler does on leaving them. */
static void emit_scope_ends(fe_lower *L, unsigned depth, ll_location loc) {
  for (unsigned s = L->nscopes; s-- > depth;) {
    fe_scope *sc = &L->scopes[s];
    for (unsigned i = sc->n; i-- > 0;) {
      ir_instr *in = ir_append(L->f, L->cur, I_SCOPE_END, loc);
      in->var = sc->cleanup_vars[i];
    }
  }
}

static void pop_scope(fe_lower *L, ll_location end) {
  emit_scope_ends(L, L->nscopes - 1, end);
  free(L->scopes[L->nscopes - 1].cleanup_vars);
  L->nscopes--;
}

static int label_block(fe_lower *L, const char *name) {
  for (unsigned i = 0; i < L->nlabels; i++)
    if (L->labels[i].name == name)
      return L->labels[i].block;
  LL_GROW(L->labels, L->nlabels, L->cap_labels);
  int b = ir_new_block(L->f);
  L->f->blocks[b].label = name;
  L->labels[L->nlabels++] = (fe_label){.name = name, .block = b};
  return b;
}

static const char *cursor_name(CXCursor c) {
  CXString s = clang_getCursorSpelling(c);
  const char *r = intern(clang_getCString(s));
  clang_disposeString(s);
  return r;
}

/* __attribute__((cleanup(fn))): libclang does not expose the attribute,
 * so read its tokens. */
static const char *cleanup_function(fe_lower *L, CXCursor decl) {
  fe_children ch;
  fe_children_get(decl, &ch);
  const char *fn = NULL;
  for (unsigned i = 0; i < ch.n && !fn; i++) {
    if (clang_getCursorKind(ch.items[i]) != CXCursor_UnexposedAttr)
      continue;
    CXToken *toks = NULL;
    unsigned n = 0;
    clang_tokenize(L->tu, clang_getCursorExtent(ch.items[i]), &toks, &n);
    for (unsigned t = 0; t + 2 < n; t++) {
      CXString s = clang_getTokenSpelling(L->tu, toks[t]);
      bool is_cleanup = strcmp(clang_getCString(s), "cleanup") == 0 ||
                        strcmp(clang_getCString(s), "__cleanup__") == 0;
      clang_disposeString(s);
      if (is_cleanup) {
        CXString f = clang_getTokenSpelling(L->tu, toks[t + 2]);
        fn = intern(clang_getCString(f));
        clang_disposeString(f);
        break;
      }
    }
    clang_disposeTokens(L->tu, toks, n);
  }
  fe_children_free(&ch);
  return fn;
}

static void lower_var_decl(fe_lower *L, CXCursor d) {
  enum CX_StorageClass sc = clang_Cursor_getStorageClass(d);
  if (sc == CX_SC_Extern) {
    fe_var_of_decl(L, d);
    return;
  }
  int v = fe_add_local(L, d, sc == CX_SC_Static ? VAR_STATIC : VAR_LOCAL);
  L->f->vars[v].decl_loop = L->cur; /* block for now; cfg.c turns it into a loop */
  CXCursor init = clang_Cursor_getVarDeclInitializer(d);
  if (!clang_Cursor_isNull(init) && sc != CX_SC_Static) {
    ir_path self = {.var = v, .text = L->f->vars[v].name};
    CXCursor call = init;
    while (clang_getCursorKind(call) == CXCursor_UnexposedExpr ||
           clang_getCursorKind(call) == CXCursor_CStyleCastExpr ||
           clang_getCursorKind(call) == CXCursor_ParenExpr) {
      fe_children ich;
      fe_children_get(call, &ich);
      CXCursor next = ich.n ? ich.items[ich.n - 1] : clang_getNullCursor();
      fe_children_free(&ich);
      if (clang_Cursor_isNull(next))
        break;
      call = next;
    }
    if (clang_getCursorKind(call) == CXCursor_CallExpr) {
      fe_call_into(L, call, &self);
      goto cleanup;
    }
    ir_operand val = fe_expr(L, init, true);
    ir_instr *in = ir_append(L->f, L->cur, I_ASSIGN, fe_loc(d));
    in->has_dst = true;
    in->dst = (ir_path){.var = v, .text = L->f->vars[v].name};
    in->src = val;
  }
cleanup:;
  const char *cleanup = cleanup_function(L, d);
  if (cleanup) {
    L->f->vars[v].cleanup_fn = cleanup;
    fe_scope *s = &L->scopes[L->nscopes - 1];
    LL_GROW(s->cleanup_vars, s->n, s->cap);
    s->cleanup_vars[s->n++] = v;
  }
}

static void lower_decl_stmt(fe_lower *L, CXCursor c) {
  fe_children ch;
  fe_children_get(c, &ch);
  for (unsigned i = 0; i < ch.n; i++)
    if (clang_getCursorKind(ch.items[i]) == CXCursor_VarDecl)
      lower_var_decl(L, ch.items[i]);
  fe_children_free(&ch);
}

static void lower_if(fe_lower *L, const fe_children *ch) {
  if (ch->n < 2)
    return;
  int then_b = ir_new_block(L->f), join = ir_new_block(L->f);
  int else_b = ch->n >= 3 ? ir_new_block(L->f) : join;
  fe_cond(L, ch->items[0], then_b, else_b);
  L->cur = then_b;
  fe_stmt(L, ch->items[1]);
  fe_goto(L, join);
  if (ch->n >= 3) {
    L->cur = else_b;
    fe_stmt(L, ch->items[2]);
    fe_goto(L, join);
  }
  L->cur = join;
}

/* Runs body with break/continue bound to the given blocks. */
static void lower_loop_body(fe_lower *L, CXCursor body, int brk, int cont) {
  int saved_brk = L->brk, saved_cont = L->cont;
  unsigned saved_bs = L->brk_scope, saved_cs = L->cont_scope;
  L->brk = brk, L->cont = cont;
  L->brk_scope = L->cont_scope = L->nscopes;
  fe_stmt(L, body);
  L->brk = saved_brk, L->cont = saved_cont;
  L->brk_scope = saved_bs, L->cont_scope = saved_cs;
}

static void lower_while(fe_lower *L, const fe_children *ch) {
  if (ch->n < 2)
    return;
  int head = ir_new_block(L->f), body = ir_new_block(L->f), exit = ir_new_block(L->f);
  fe_goto(L, head);
  L->cur = head;
  fe_cond(L, ch->items[0], body, exit);
  L->cur = body;
  lower_loop_body(L, ch->items[1], exit, head);
  fe_goto(L, head);
  L->cur = exit;
}

static void lower_do(fe_lower *L, const fe_children *ch) {
  if (ch->n < 2)
    return;
  int body = ir_new_block(L->f), test = ir_new_block(L->f), exit = ir_new_block(L->f);
  fe_goto(L, body);
  L->cur = body;
  lower_loop_body(L, ch->items[0], exit, test);
  fe_goto(L, test);
  L->cur = test;
  fe_cond(L, ch->items[1], body, exit);
  L->cur = exit;
}

static void lower_for(fe_lower *L, CXCursor c, const fe_children *ch) {
  int init, cond, inc, body;
  fe_for_parts(L->tu, c, ch, &init, &cond, &inc, &body);
  if (body < 0)
    return;
  if (init >= 0)
    fe_stmt(L, ch->items[init]);
  int head = ir_new_block(L->f), bb = ir_new_block(L->f), step = ir_new_block(L->f),
      exit = ir_new_block(L->f);
  fe_goto(L, head);
  L->cur = head;
  if (cond >= 0)
    fe_cond(L, ch->items[cond], bb, exit);
  else
    fe_goto(L, bb);
  L->cur = bb;
  lower_loop_body(L, ch->items[body], exit, step);
  fe_goto(L, step);
  L->cur = step;
  if (inc >= 0)
    fe_expr(L, ch->items[inc], false);
  fe_goto(L, head);
  L->cur = exit;
}

static void lower_switch(fe_lower *L, CXCursor c, const fe_children *ch) {
  if (ch->n < 2)
    return;
  ir_operand v = fe_expr(L, ch->items[0], true);
  int sw_block = L->cur, exit = ir_new_block(L->f);
  ir_term *saved_sw = L->sw;
  int saved_swb = L->sw_block;
  bool saved_def = L->sw_has_default;
  ir_term *t = &L->f->blocks[sw_block].term;
  *t = (ir_term){
      .kind = T_SWITCH, .loc = fe_loc(c), .val = v, .default_block = exit, .succ = {-1, -1}};
  L->sw = NULL; /* blocks may move: refer to it by block index */
  L->sw_block = sw_block;
  L->sw_has_default = false;
  L->cur = ir_new_block(L->f); /* code before the first case is unreachable */
  int saved_brk = L->brk;
  unsigned saved_bs = L->brk_scope;
  L->brk = exit;
  L->brk_scope = L->nscopes;
  fe_stmt(L, ch->items[1]);
  fe_goto(L, exit);
  L->brk = saved_brk;
  L->brk_scope = saved_bs;
  L->sw = saved_sw;
  L->sw_block = saved_swb;
  L->sw_has_default = saved_def;
  L->cur = exit;
}

static void lower_case(fe_lower *L, CXCursor c, const fe_children *ch, bool is_default) {
  int b = ir_new_block(L->f);
  fe_goto(L, b); /* fall-through from the previous case */
  if (L->sw_block >= 0) {
    ir_term *t = &L->f->blocks[L->sw_block].term;
    if (is_default) {
      t->default_block = b;
    } else {
      long long v = 0;
      if (ch->n && fe_eval_int(ch->items[0], &v)) {
        ir_case *cases = arena_alloc(&L->f->arena, (t->ncases + 1) * sizeof *cases);
        if (t->ncases)
          memcpy(cases, t->cases, t->ncases * sizeof *cases);
        cases[t->ncases++] = (ir_case){.value = v, .block = b};
        t->cases = cases;
      }
    }
  }
  (void)c;
  L->cur = b;
  if (ch->n)
    fe_stmt(L, ch->items[ch->n - 1]);
}

static void lower_return(fe_lower *L, CXCursor c, const fe_children *ch) {
  ir_operand v = {.kind = OPD_NONE};
  if (ch->n && clang_isExpression(clang_getCursorKind(ch->items[0])))
    v = fe_expr(L, ch->items[0], true);
  ll_location loc = fe_loc(c);
  emit_scope_ends(L, 0, loc);
  fe_terminate(L, (ir_term){.kind = T_RETURN, .loc = loc, .val = v, .succ = {-1, -1}});
}

static void jump(fe_lower *L, CXCursor c, int target, unsigned depth) {
  ll_location loc = fe_loc(c);
  if (target < 0) {
    fe_terminate(L, (ir_term){.kind = T_UNREACHABLE, .loc = loc, .succ = {-1, -1}});
    return;
  }
  emit_scope_ends(L, depth, loc);
  fe_terminate(L, (ir_term){.kind = T_GOTO, .loc = loc, .succ = {target, -1}});
}

void fe_stmt(fe_lower *L, CXCursor c) {
  enum CXCursorKind k = clang_getCursorKind(c);
  if (clang_isExpression(k)) {
    if (!fe_void_cast(L, c))
      fe_expr(L, c, false);
    return;
  }
  fe_children ch;
  fe_children_get(c, &ch);
  switch (k) {
  case CXCursor_CompoundStmt:
    push_scope(L);
    for (unsigned i = 0; i < ch.n; i++)
      fe_stmt(L, ch.items[i]);
    pop_scope(L, fe_loc_of(clang_getRangeEnd(clang_getCursorExtent(c))));
    break;
  case CXCursor_DeclStmt:
    lower_decl_stmt(L, c);
    break;
  case CXCursor_IfStmt:
    lower_if(L, &ch);
    break;
  case CXCursor_WhileStmt:
    lower_while(L, &ch);
    break;
  case CXCursor_DoStmt:
    lower_do(L, &ch);
    break;
  case CXCursor_ForStmt:
    lower_for(L, c, &ch);
    break;
  case CXCursor_SwitchStmt:
    lower_switch(L, c, &ch);
    break;
  case CXCursor_CaseStmt:
    lower_case(L, c, &ch, false);
    break;
  case CXCursor_DefaultStmt:
    lower_case(L, c, &ch, true);
    break;
  case CXCursor_BreakStmt:
    jump(L, c, L->brk, L->brk_scope);
    break;
  case CXCursor_ContinueStmt:
    jump(L, c, L->cont, L->cont_scope);
    break;
  case CXCursor_ReturnStmt:
    lower_return(L, c, &ch);
    break;
  case CXCursor_GotoStmt: {
    CXCursor label = ch.n ? clang_getCursorReferenced(ch.items[0]) : clang_getNullCursor();
    int target = clang_Cursor_isNull(label) ? -1 : label_block(L, cursor_name(label));
    if (target >= 0)
      L->f->blocks[target].is_cleanup_label = true;
    jump(L, c, target, L->nscopes); /* scope ends of a goto: not modelled */
    break;
  }
  case CXCursor_LabelStmt: {
    int b = label_block(L, cursor_name(c));
    fe_goto(L, b);
    L->cur = b;
    for (unsigned i = 0; i < ch.n; i++)
      if (clang_getCursorKind(ch.items[i]) != CXCursor_LabelRef)
        fe_stmt(L, ch.items[i]);
    break;
  }
  case CXCursor_IndirectGotoStmt:
    fe_terminate(L, (ir_term){.kind = T_UNREACHABLE, .loc = fe_loc(c), .succ = {-1, -1}});
    break;
  case CXCursor_NullStmt:
  case CXCursor_AsmStmt:
  case CXCursor_MSAsmStmt:
    break;
  default:
    /* Attributed statements, statement expressions used as statements and
     * anything newer: lower what is inside. */
    for (unsigned i = 0; i < ch.n; i++)
      fe_stmt(L, ch.items[i]);
    break;
  }
  fe_children_free(&ch);
}
