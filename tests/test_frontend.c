/* test_frontend.c - the IR and CFG the front end builds: loops and their
 * back edges, switch fall-through, short circuits, noreturn calls,
 * cleanup attributes, calls assigned straight into their variable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend.h"
#include "util.h"

#include "check.h"

static const char source[] = "#include <stdlib.h>\n"
                             "_Noreturn void die(const char *);\n"
                             "static void freep(char **p) { free(*p); }\n"
                             "int loops(int n) {\n" /* 4 */
                             "  int s = 0;\n"
                             "  for (int i = 0; i < n; i++) {\n" /* 6: loop 1 */
                             "    while (s > 100) s -= 7;\n"     /* 7: loop 2, nested */
                             "  }\n"
                             "  return s;\n"
                             "}\n"
                             "int sw(int k) {\n" /* 11 */
                             "  int r = 0;\n"
                             "  switch (k) { case 1: r++; case 2: r++; break; default: r = 9; }\n"
                             "  return r;\n"
                             "}\n"
                             "int cond(char *a, char *b) {\n" /* 16 */
                             "  if (a && (b || !a)) return 1;\n"
                             "  return 0;\n"
                             "}\n"
                             "void fatal(char *p) {\n" /* 20 */
                             "  if (!p) die(\"x\");\n"
                             "  free(p);\n"
                             "}\n"
                             "void scoped(void) {\n" /* 24 */
                             "  __attribute__((cleanup(freep))) char *q = malloc(4);\n"
                             "  char *r;\n"
                             "  r = malloc(8);\n"
                             "  free(r);\n"
                             "}\n";

static const ir_func *find(const ir_unit *u, const char *name) {
  for (size_t i = 0; i < u->nfuncs; i++)
    if (strcmp(u->funcs[i]->name, name) == 0)
      return u->funcs[i];
  return NULL;
}

static unsigned count_branches(const ir_func *f) {
  unsigned n = 0;
  for (unsigned b = 0; b < f->nblocks; b++)
    n += f->blocks[b].reachable && f->blocks[b].term.kind == T_BRANCH;
  return n;
}

static void test_loops(const ir_unit *u) {
  const ir_func *f = find(u, "loops");
  CHECK(f && f->nloops == 2, "two loops, got %u", f ? f->nloops : 0);
  if (!f || f->nloops != 2)
    return;
  int outer = f->loops[0].parent < 0 ? 0 : 1, inner = 1 - outer;
  CHECK(f->loops[inner].parent == outer, "the while loop nests in the for loop");
  CHECK(f->loops[outer].depth == 1 && f->loops[inner].depth == 2, "loop depths 1 and 2");
  unsigned back = 0;
  for (unsigned b = 0; b < f->nblocks; b++)
    back += f->blocks[b].reachable && f->blocks[b].term.is_back_edge;
  CHECK(back == 2, "two back edges, got %u", back);
}

static void test_switch(const ir_unit *u) {
  const ir_func *f = find(u, "sw");
  CHECK(f != NULL, "sw lowered");
  if (!f)
    return;
  const ir_term *t = NULL;
  for (unsigned b = 0; b < f->nblocks && !t; b++)
    if (f->blocks[b].term.kind == T_SWITCH)
      t = &f->blocks[b].term;
  CHECK(t && t->ncases == 2, "a switch with two cases");
  if (!t || t->ncases != 2)
    return;
  /* case 1 falls through into case 2's block */
  const ir_block *c1 = &f->blocks[t->cases[0].block];
  int next = c1->term.succ[0];
  CHECK(c1->term.kind == T_GOTO && next == t->cases[1].block,
        "case 1 falls through to case 2 (goto B%d, case 2 is B%d)", next, t->cases[1].block);
  CHECK(t->default_block != t->cases[0].block, "default has its own block");
}

static void test_short_circuit(const ir_unit *u) {
  const ir_func *f = find(u, "cond");
  CHECK(f && count_branches(f) == 3, "a && (b || !a): three branches, got %u",
        f ? count_branches(f) : 0);
}

static void test_noreturn(const ir_unit *u) {
  const ir_func *f = find(u, "fatal");
  bool seen = false;
  for (unsigned b = 0; f && b < f->nblocks; b++)
    for (unsigned i = 0; i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->op == I_CALL && in->callee && strcmp(in->callee, "die") == 0) {
        seen = true;
        CHECK(in->noreturn, "die() is _Noreturn");
        CHECK(f->blocks[b].term.kind == T_UNREACHABLE, "nothing follows die()");
      }
    }
  CHECK(seen, "the call to die() is in the IR");
}

static void test_cleanup_and_calls(const ir_unit *u) {
  const ir_func *f = find(u, "scoped");
  CHECK(f != NULL, "scoped lowered");
  if (!f)
    return;
  int q = -1;
  for (unsigned v = 0; v < f->nvars; v++)
    if (strcmp(f->vars[v].name, "q") == 0)
      q = (int)v;
  CHECK(q >= 0 && f->vars[q].cleanup_fn && strcmp(f->vars[q].cleanup_fn, "freep") == 0,
        "q has cleanup(freep)");
  bool scope_end = false, direct = false;
  for (unsigned b = 0; b < f->nblocks; b++)
    for (unsigned i = 0; i < f->blocks[b].ninstrs; i++) {
      const ir_instr *in = &f->blocks[b].instrs[i];
      if (in->op == I_SCOPE_END && in->var == q)
        scope_end = true;
      if (in->op == I_CALL && in->callee && strcmp(in->callee, "malloc") == 0 && in->has_dst &&
          strcmp(in->dst.text, "r") == 0)
        direct = true;
    }
  CHECK(scope_end, "q's scope end runs its cleanup");
  CHECK(direct, "r = malloc(8) assigns the call's result straight to r");
}

int main(void) {
  char path[] = "/tmp/leaklint-fe-XXXXXX.c";
  int fd = mkstemps(path, 2);
  if (fd < 0 || write(fd, source, sizeof source - 1) != (ssize_t)(sizeof source - 1)) {
    perror("temporary file");
    return 1;
  }
  close(fd);
  fe_context *fe = fe_new();
  const char *args[] = {"-std=gnu11"};
  fe_unit_request req = {.path = path, .args = args, .nargs = 1};
  ll_report notes;
  report_init(&notes);
  ir_unit *u = fe_lower_unit(fe, &req, &notes);
  CHECK(u != NULL, "the unit parses");
  CHECK(notes.nnotes == 0, "no parse errors (%zu notes)", notes.nnotes);
  if (u) {
    test_loops(u);
    test_switch(u);
    test_short_circuit(u);
    test_noreturn(u);
    test_cleanup_and_calls(u);
  }
  ir_unit_free(u);
  report_free(&notes);
  fe_free(fe);
  unlink(path);
  if (failures)
    fprintf(stderr, "%d check(s) failed\n", failures);
  return failures != 0;
}
