/* ir.c - building, freeing and printing the IR. */
#include "ir.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

ir_func *ir_func_new(const char *name) {
  ir_func *f = xcalloc(1, sizeof *f);
  f->name = intern(name);
  f->entry = ir_new_block(f);
  return f;
}

void ir_func_free(ir_func *f) {
  if (!f)
    return;
  for (unsigned i = 0; i < f->nblocks; i++) {
    free(f->blocks[i].instrs);
    free(f->blocks[i].preds);
  }
  for (unsigned i = 0; i < f->nloops; i++)
    free(f->loops[i].blocks);
  free(f->loops);
  free(f->blocks);
  free(f->vars);
  arena_free(&f->arena);
  free(f);
}

void ir_unit_free(ir_unit *u) {
  if (!u)
    return;
  for (size_t i = 0; i < u->nfuncs; i++)
    ir_func_free(u->funcs[i]);
  free(u->funcs);
  free(u->addressed);
  free(u);
}

int ir_new_block(ir_func *f) {
  LL_GROW(f->blocks, f->nblocks, f->cap_blocks);
  ir_block *b = &f->blocks[f->nblocks];
  memset(b, 0, sizeof *b);
  b->term.kind = T_UNREACHABLE;
  b->term.succ[0] = b->term.succ[1] = -1;
  b->loop = -1;
  return (int)f->nblocks++;
}

ir_instr *ir_append(ir_func *f, int block, ir_op op, ll_location loc) {
  ir_block *b = &f->blocks[block];
  LL_GROW(b->instrs, b->ninstrs, b->cap);
  ir_instr *in = &b->instrs[b->ninstrs++];
  memset(in, 0, sizeof *in);
  in->op = op;
  in->loc = loc;
  in->var = -1;
  in->id = f->ninstrs++;
  return in;
}

int ir_add_var(ir_func *f, const char *name, var_kind kind, bool is_pointer, ll_location loc) {
  LL_GROW(f->vars, f->nvars, f->cap_vars);
  f->vars[f->nvars] = (ir_var){
      .name = intern(name), .kind = kind, .is_pointer = is_pointer, .decl_loop = -1, .loc = loc};
  return (int)f->nvars++;
}

static void dump_operand(const ir_operand *o, FILE *out) {
  switch (o->kind) {
  case OPD_NONE:
    fputs("-", out);
    break;
  case OPD_PATH:
    fputs(o->path.text, out);
    break;
  case OPD_ADDR:
    fprintf(out, "&%s", o->path.text);
    break;
  case OPD_OFFSET:
    fprintf(out, "%s+k", o->path.text);
    break;
  case OPD_CONST:
    if (o->text)
      fprintf(out, "%s=", o->text); /* written as that macro or enumerator */
    fprintf(out, "%lld", o->value);
    break;
  case OPD_STRING:
    fputs("\"...\"", out);
    break;
  case OPD_FUNC:
    fprintf(out, "fn:%s", o->text);
    break;
  case OPD_STEP:
    fprintf(out, "%s%+lld", o->path.text, o->value);
    break;
  case OPD_OTHER:
    fprintf(out, "?(%s)", o->text ? o->text : "");
    for (unsigned i = 0; i < o->nreads; i++)
      fprintf(out, "%s%s", i ? "," : "{", o->reads[i].text);
    if (o->nreads)
      fputs("}", out);
    break;
  }
}

static const char *const cond_ops[] = {"truth", "==", "!=", "<", "<=", ">", ">=", "opaque"};

static void dump_term(const ir_term *t, FILE *out) {
  switch (t->kind) {
  case T_GOTO:
    fprintf(out, "  goto B%d%s\n", t->succ[0], t->is_back_edge ? " (back edge)" : "");
    break;
  case T_BRANCH:
    fprintf(out, "  if [%s] ", t->cond.text ? t->cond.text : "");
    dump_operand(&t->cond.lhs, out);
    fprintf(out, " %s", cond_ops[t->cond.op]);
    if (t->cond.op != C_TRUTH && t->cond.op != C_OPAQUE) {
      if (t->cond.rhs_const)
        fprintf(out, " %lld", t->cond.rhs);
      else {
        fputc(' ', out);
        dump_operand(&t->cond.rhs_opd, out);
      }
    }
    fprintf(out, " then B%d else B%d\n", t->succ[0], t->succ[1]);
    break;
  case T_SWITCH:
    fputs("  switch ", out);
    dump_operand(&t->val, out);
    for (unsigned i = 0; i < t->ncases; i++)
      fprintf(out, " %lld:B%d", t->cases[i].value, t->cases[i].block);
    fprintf(out, " default:B%d\n", t->default_block);
    break;
  case T_RETURN:
    fputs("  return ", out);
    dump_operand(&t->val, out);
    fputc('\n', out);
    break;
  case T_UNREACHABLE:
    fputs("  unreachable\n", out);
    break;
  }
}

void ir_dump(const ir_func *f, FILE *out) {
  fprintf(out, "function %s (%u params)\n", f->name, f->nparams);
  for (unsigned i = 0; i < f->nvars; i++) {
    const ir_var *v = &f->vars[i];
    fprintf(out, "  var %u %s kind=%d%s", i, v->name, v->kind, v->is_pointer ? " ptr" : "");
    if (v->cleanup_fn)
      fprintf(out, " cleanup=%s", v->cleanup_fn);
    fprintf(out, " loop=%d\n", v->decl_loop);
  }
  for (unsigned b = 0; b < f->nblocks; b++) {
    const ir_block *bl = &f->blocks[b];
    if (!bl->reachable)
      continue;
    fprintf(out, "B%u%s%s (loop %d)%s\n", b, bl->label ? " " : "", bl->label ? bl->label : "",
            bl->loop, b == (unsigned)f->entry ? " entry" : "");
    for (unsigned i = 0; i < bl->ninstrs; i++) {
      const ir_instr *in = &bl->instrs[i];
      fprintf(out, "  %u: ", in->loc.line);
      if (in->has_dst)
        fprintf(out, "%s = ", in->dst.text);
      if (in->op == I_ASSIGN) {
        dump_operand(&in->src, out);
      } else if (in->op == I_CALL) {
        fprintf(out, "%s(", in->callee ? in->callee : "<indirect>");
        for (unsigned a = 0; a < in->nargs; a++) {
          if (a)
            fputs(", ", out);
          dump_operand(&in->args[a], out);
        }
        fputs(")", out);
        if (in->noreturn)
          fputs(" noreturn", out);
      } else {
        fprintf(out, "scope_end %s", f->vars[in->var].name);
      }
      fputc('\n', out);
    }
    dump_term(&bl->term, out);
  }
}

bool ir_path_is_member_of(const char *text, const char *root) {
  size_t n = strlen(root);
  return text && strncmp(text, root, n) == 0 && strncmp(text + n, "->", 2) == 0;
}

bool ir_compare(cond_op op, long long a, long long b) {
  switch (op) {
  case C_TRUTH:
    return a != 0;
  case C_EQ:
    return a == b;
  case C_NE:
    return a != b;
  case C_LT:
    return a < b;
  case C_LE:
    return a <= b;
  case C_GT:
    return a > b;
  case C_GE:
    return a >= b;
  default:
    return true;
  }
}

const ir_instr *ir_instr_by_id(const ir_func *f, unsigned id) {
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; i < f->blocks[b].ninstrs; i++)
      if (f->blocks[b].instrs[i].id == id)
        return &f->blocks[b].instrs[i];
  return NULL;
}

unsigned ir_instr_ids(const ir_func *f) {
  unsigned n = 0;
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; i < f->blocks[b].ninstrs; i++)
      if (f->blocks[b].instrs[i].id >= n)
        n = f->blocks[b].instrs[i].id + 1;
  return n;
}
