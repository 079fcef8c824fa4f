/* ir.h - the compact intermediate form every checker sees.
 *
 * The front end lowers each function body into basic blocks of simple
 * instructions (assignments and calls whose operands are access paths,
 * constants or addresses) ending in one terminator (goto, a branch on one
 * atomic condition, switch, return).  Nested calls become temporaries;
 * && || ?: become branches; macros are already expanded and locations point
 * at the user's line.
 *
 * Ownership: an ir_unit owns its functions; an ir_func owns everything
 * inside it through its arena.  Strings (path texts, callee names, variable
 * names) are interned (util.h), so equal texts are equal pointers and they
 * outlive the IR.
 */
#ifndef LEAKLINT_IR_H
#define LEAKLINT_IR_H

#include <stdbool.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "arena.h"
#include "location.h"

typedef enum {
  VAR_LOCAL,
  VAR_PARAM,
  VAR_GLOBAL, /* file-scope or extern: stores into it escape */
  VAR_STATIC, /* static local: lives past the function */
  VAR_TEMP,   /* made by lowering: the result of a nested call */
} var_kind;

typedef struct ir_var {
  const char *name;
  var_kind kind;
  bool is_pointer;        /* of pointer type */
  bool is_scalar;         /* can hold a handle: a pointer or an integer (fd, id) */
  bool is_ptr_to_ptr;     /* T **: a callee may release or replace *p */
  bool is_unsigned;       /* an unsigned integer (or a pointer): never below 0 */
  const char *cleanup_fn; /* __attribute__((cleanup(f))), NULL if none */
  int decl_loop;          /* innermost loop of the declaration, -1 outside loops */
  ll_location loc;
} ir_var;

/* An access path: a variable followed by member, index and dereference
 * steps, kept as canonical C text ("c->mu", "s->shards[i].mu", "*pp").  Two
 * paths name the same storage when their texts are the same pointer. */
typedef struct ir_path {
  int var;          /* root variable, -1 when rooted in something else */
  const char *text; /* interned; NULL for an empty path */
  bool via_memory;  /* goes through a pointer: -> * or [] on a pointer */
} ir_path;

typedef enum {
  OPD_NONE,   /* nothing (void return) */
  OPD_PATH,   /* the value stored at path */
  OPD_ADDR,   /* &path */
  OPD_OFFSET, /* path + k, &path[k] with k != 0: an interior pointer; value is k
                 when known (in elements, negative for p - k), else 0; text
                 "colon + 1" when known, for messages */
  OPD_CONST,  /* integer constant (NULL is 0, MAP_FAILED is -1) */
  OPD_STRING, /* string literal */
  OPD_FUNC,   /* a function designator: callbacks */
  OPD_OTHER,  /* anything else; reads lists the paths it mentions */
  OPD_STEP,   /* path + value for an integer: x++, x -= 2 (value -2) */
} opd_kind;

typedef struct ir_operand {
  opd_kind kind;
  ir_path path;     /* PATH, ADDR, OFFSET */
  long long value;  /* CONST, STEP, OFFSET */
  const char *text; /* FUNC name; source text of OTHER, OFFSET (for messages);
                       CONST: the identifier it is written as, if one (SYS_close) */
  ir_path *reads;   /* OTHER: paths it reads */
  unsigned nreads;
} ir_operand;

typedef enum {
  I_ASSIGN,    /* dst = src */
  I_CALL,      /* [dst =] callee(args) */
  I_SCOPE_END, /* var leaves scope: runs its cleanup attribute function */
} ir_op;

typedef struct ir_instr {
  ir_op op;
  ll_location loc;
  bool has_dst;
  ir_path dst;        /* ASSIGN, CALL with a used result */
  ir_operand src;     /* ASSIGN */
  const char *callee; /* CALL: direct callee's name, NULL if through a pointer */
  /* CALL through a file-scope function pointer (alloc_fn(n), Curl_cmalloc(n)):
   * the variable, and the function its initializer names (NULL if none in
   * sight).  The link step resolves callee from them (program/link.c). */
  const char *via_var, *via_init;
  const char *spelled; /* CALL: the name as written, when a macro hides the callee
                          (evtimer_new for event_new, asprintf for __asprintf_chk) */
  ir_operand *args;
  unsigned nargs;
  bool callee_in_system_header; /* declared only in a system header */
  /* bit i: the callee's parameter i is a pointer to const (const T *):
   * without a body to read, the call borrows that argument */
  uint32_t const_args;
  bool noreturn; /* the call does not return */
  int var;       /* SCOPE_END */
  unsigned id;   /* unique within the function */
} ir_instr;

typedef enum {
  C_TRUTH, /* lhs != 0 */
  C_EQ,
  C_NE,
  C_LT,
  C_LE,
  C_GT,
  C_GE,
  C_OPAQUE, /* nothing known; correlated by text */
} cond_op;

/* One atomic branch condition: lhs op rhs, rhs a constant when rhs_const.
 * Negation is lowered by swapping the branch targets. */
typedef struct ir_cond {
  cond_op op;
  ir_operand lhs;
  bool rhs_const;
  long long rhs;
  ir_operand rhs_opd;  /* when !rhs_const */
  const char *text;    /* source text, interned: "n < 0" */
  const char *display; /* when set, the test as written is the negation
                          of this branch: "!f" for a branch on f */
  const char *written; /* when set, the test as written, where text (the
                          key tests are correlated by) is not: a macro's
                          invocation, "IS_UDP(transport)" */
  ir_path *reads;      /* paths the condition reads, for correlation */
  unsigned nreads;
} ir_cond;

typedef enum { T_GOTO, T_BRANCH, T_SWITCH, T_RETURN, T_UNREACHABLE } term_kind;

typedef struct ir_case {
  long long value;
  int block;
} ir_case;

typedef struct ir_term {
  term_kind kind;
  ll_location loc;
  int succ[2];    /* GOTO: succ[0]; BRANCH: [true, false] */
  ir_cond cond;   /* BRANCH */
  ir_operand val; /* SWITCH value, RETURN value */
  ir_case *cases; /* SWITCH */
  unsigned ncases;
  int default_block; /* SWITCH */
  bool is_back_edge; /* GOTO that closes a loop (set by cfg.c) */
} ir_term;

typedef struct ir_block {
  ir_instr *instrs;
  unsigned ninstrs, cap;
  ir_term term;
  int loop;   /* innermost loop containing the block, -1 if none */
  int *preds; /* filled by cfg_finish */
  unsigned npreds;
  bool reachable;
  bool is_cleanup_label; /* target of a goto whose label reads like cleanup */
  const char *label;     /* label name when the block starts at a label */
} ir_block;

typedef struct ir_loop {
  int header;
  int parent; /* enclosing loop, -1 */
  unsigned depth;
  ll_location loc; /* the loop statement */
  uint8_t *blocks; /* membership, one byte per block */
} ir_loop;

typedef struct ir_func {
  const char *name;
  const char *unit_path; /* main file of the unit */
  bool is_static;
  ll_location loc;
  ir_var *vars;
  unsigned nvars, cap_vars;
  unsigned nparams; /* the first nparams vars are the parameters */
  ir_block *blocks;
  unsigned nblocks, cap_blocks;
  int entry;
  ir_loop *loops;
  unsigned nloops;
  unsigned ninstrs;
  bool returns_value;
  bool has_errors; /* clang flagged invalid code in the body */
  /* Defined in a header the unit includes: analysed for its summary (an
   * inline allocator or lock helper), its own findings belong elsewhere. */
  bool summary_only;
  /* Clang thread-safety or sparse context annotations: the function is a
   * lock or unlock helper by declaration. */
  bool lock_annotated;
  arena arena;
} ir_func;

/* The program's main(): its return is the process's exit. */
static inline bool ir_func_is_main(const ir_func *f) {
  return !f->is_static && strcmp(f->name, "main") == 0;
}

typedef struct ir_unit {
  const char *path; /* interned, as given on the command line */
  ir_func **funcs;
  size_t nfuncs, cap_funcs;
  /* Functions named by file-scope initializers (a command table, a struct
   * of callbacks): called from places no call site shows.  Interned. */
  const char **addressed;
  size_t naddressed, cap_addressed;
} ir_unit;

void ir_func_free(ir_func *f);
void ir_unit_free(ir_unit *u);

/* Construction, used by the front end. */
ir_func *ir_func_new(const char *name);
int ir_new_block(ir_func *f);
ir_instr *ir_append(ir_func *f, int block, ir_op op, ll_location loc);
int ir_add_var(ir_func *f, const char *name, var_kind kind, bool is_pointer, ll_location loc);

/* Whether path text names a member reached through the pointer root
 * ("i->refcnt", "i->hdr.len" of "i"). */
bool ir_path_is_member_of(const char *text, const char *root);

/* Whether the callee's parameter i is a const T * (ir_instr.const_args). */
static inline bool ir_arg_is_const(const ir_instr *in, unsigned i) {
  return i < 32 && (in->const_args >> i & 1u);
}

/* Whether a OP b holds for constants (C_TRUTH: a != 0; C_OPAQUE: true). */
bool ir_compare(cond_op op, long long a, long long b);

/* Human-readable dump for --dump-ir and tests. */
void ir_dump(const ir_func *f, FILE *out);
/* The instruction numbered id (ir_instr.id) in f, or NULL. */
const ir_instr *ir_instr_by_id(const ir_func *f, unsigned id);
/* One more than the largest instruction id in f: the size of a table by id. */
unsigned ir_instr_ids(const ir_func *f);

#endif
