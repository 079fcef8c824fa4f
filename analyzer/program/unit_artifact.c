/* unit_artifact.c - see unit_artifact.h and artifact.md. */
#include "unit_artifact.h"

#include <errno.h>
#include <string.h>

#include "engine.h"
#include "ir_codec.h"
#include "util.h"

static const char magic[8] = {'L', 'L', 'U', 'N', 'I', 'T', '\r', '\n'};

/* function: where it happens, NULL at file scope */
static void add_fact(unit_artifact *a, fact_kind kind, const char *function, const char *subject,
                     const char *via, ll_location loc) {
  if (!subject)
    return;
  LL_GROW(a->facts, a->nfacts, a->cap_facts);
  a->facts[a->nfacts++] =
      (unit_fact){.kind = kind, .function = function, .subject = subject, .via = via, .loc = loc};
}

/* The channel a wake names, or "*family" when it wakes one through a
 * pointer variable: any channel of the family may be the one woken.  A
 * helper's wake of its parameter is settled at link time.  A pipe end in a variable of its own is
 * no channel's name (read() and write() serve every descriptor). */
static const char *wake_subject(const ir_func *f, const ir_instr *in, const api_fn *fn) {
  const char *key = channel_key(in, fn);
  const char *name = channel_name(key, fn->model);
  int arg = -1;
  if (name || !key || fn->model->two_ended)
    return name;
  const char *field = key[0] == '*' ? engine_param_relative(f, key, &arg) : NULL;
  if (field && !*field && arg >= 0)
    return NULL; /* a helper's parameter: its callers name the channel (channel_facts.h) */
  return channel_any(fn->model);
}

static void call_facts(unit_artifact *a, const ir_func *f, const ir_instr *in,
                       const model_set *models) {
  const api_fn *const *e = in->callee ? model_lookup(models, in->callee) : NULL;
  for (; e && *e; e++) {
    const api_fn *fn = *e;
    if (fn->model && fn->model->kind == MODEL_CHANNEL && fn->action == ACT_WAIT && !fn->timed)
      add_fact(a, FACT_WAITS, f->name, channel_name(channel_key(in, fn), fn->model), in->callee,
               in->loc);
    if (fn->model && fn->model->kind == MODEL_CHANNEL && fn->action == ACT_WAKE)
      add_fact(a, FACT_WAKES, f->name, wake_subject(f, in, fn), in->callee, in->loc);
    if (fn->action == ACT_ADD && fn->model) {
      const char *key = channel_key(in, fn);
      add_fact(a, FACT_ADDS, f->name, key ? counter_group_name(key) : NULL, in->callee, in->loc);
      add_fact(a, FACT_ADDS, f->name, intern(fn->model->family), in->callee, in->loc);
    }
    if (fn->action == ACT_ACQUIRE && fn->model && fn->model->kind == MODEL_THREAD)
      for (unsigned i = 0; i < in->nargs; i++)
        if (in->args[i].kind == OPD_FUNC)
          add_fact(a, FACT_THREAD_ENTRY, f->name, in->args[i].text, in->callee, in->loc);
  }
}

/* A function used as a value: its callers are not all call sites. */
static void address_fact(unit_artifact *a, const ir_func *f, const ir_operand *o, ll_location loc) {
  if (o->kind == OPD_FUNC)
    add_fact(a, FACT_ADDRESS_TAKEN, f->name, o->text, NULL, loc);
}

unit_artifact *unit_artifact_make(ir_unit *u, const model_set *models) {
  unit_artifact *a = xcalloc(1, sizeof *a);
  a->ir = u;
  report_init(&a->notes);
  for (size_t i = 0; i < u->naddressed; i++)
    add_fact(a, FACT_ADDRESS_TAKEN, NULL, u->addressed[i], NULL, (ll_location){.path = u->path});
  for (size_t i = 0; i < u->nfuncs; i++) {
    const ir_func *f = u->funcs[i];
    for (unsigned b = 0; b < f->nblocks; b++) {
      const ir_block *bl = &f->blocks[b];
      if (!bl->reachable)
        continue;
      address_fact(a, f, &bl->term.val, bl->term.loc);
      for (unsigned k = 0; k < bl->ninstrs; k++) {
        const ir_instr *in = &bl->instrs[k];
        if (in->op == I_ASSIGN)
          address_fact(a, f, &in->src, in->loc);
        for (unsigned j = 0; in->op == I_CALL && j < in->nargs; j++)
          address_fact(a, f, &in->args[j], in->loc);
        if (in->op == I_CALL && models)
          call_facts(a, f, in, models);
        if (in->has_dst && in->dst.var >= 0 && f->vars[in->dst.var].kind == VAR_GLOBAL)
          add_fact(a, FACT_GLOBAL_WRITTEN, f->name, f->vars[in->dst.var].name, NULL, in->loc);
      }
    }
  }
  return a;
}

void unit_artifact_free(unit_artifact *a) {
  if (!a)
    return;
  ir_unit_free(a->ir);
  free(a->facts);
  report_free(&a->notes);
  free(a);
}

void unit_artifact_encode(const unit_artifact *a, byte_writer *w) {
  bw_bytes(w, magic, sizeof magic);
  bw_u64(w, UNIT_ARTIFACT_VERSION);
  ir_encode_unit(w, a->ir);
  bw_u64(w, a->nfacts);
  for (size_t i = 0; i < a->nfacts; i++) {
    const unit_fact *f = &a->facts[i];
    bw_u64(w, f->kind);
    bw_str(w, f->function);
    bw_str(w, f->subject);
    bw_str(w, f->via);
    bw_str(w, f->loc.path);
    bw_u64(w, f->loc.line), bw_u64(w, f->loc.col);
  }
  bw_u64(w, a->notes.nnotes);
  for (size_t i = 0; i < a->notes.nnotes; i++) {
    const ll_notification *n = &a->notes.notes[i];
    bw_u64(w, n->level);
    bw_str(w, n->loc.path);
    bw_u64(w, n->loc.line), bw_u64(w, n->loc.col);
    bw_u64(w, n->loc.end_line), bw_u64(w, n->loc.end_col);
    bw_str(w, n->message);
  }
}

unit_artifact *unit_artifact_decode(const void *data, size_t len, const char **err) {
  byte_reader r = {.p = data, .end = (const unsigned char *)data + len};
  char m[sizeof magic];
  if (!br_bytes(&r, m, sizeof m) || memcmp(m, magic, sizeof magic) != 0) {
    *err = "not a leaklint unit artifact";
    return NULL;
  }
  if (br_u64(&r) != UNIT_ARTIFACT_VERSION) {
    *err = "a unit artifact of another format version (analyse the unit again)";
    return NULL;
  }
  unit_artifact *a = xcalloc(1, sizeof *a);
  report_init(&a->notes);
  a->ir = ir_decode_unit(&r);
  size_t n = a->ir ? (size_t)br_below(&r, 1u << 24) : 0;
  for (size_t i = 0; i < n && !r.failed; i++) {
    unit_fact f = {.kind = (fact_kind)br_below(&r, FACT_UNIT_KINDS)};
    f.function = br_str(&r);
    f.subject = br_str(&r);
    f.via = br_str(&r);
    f.loc.path = br_str(&r);
    f.loc.line = (unsigned)br_u64(&r), f.loc.col = (unsigned)br_u64(&r);
    LL_GROW(a->facts, a->nfacts, a->cap_facts);
    a->facts[a->nfacts++] = f;
  }
  size_t nnotes = a->ir ? (size_t)br_below(&r, 1u << 24) : 0;
  for (size_t i = 0; i < nnotes && !r.failed; i++) {
    ll_note_level level = (ll_note_level)br_below(&r, NOTE_INFO + 1);
    ll_location loc = {.path = br_str(&r)};
    loc.line = (unsigned)br_u64(&r), loc.col = (unsigned)br_u64(&r);
    loc.end_line = (unsigned)br_u64(&r), loc.end_col = (unsigned)br_u64(&r);
    const char *message = br_str(&r);
    if (!r.failed && message)
      report_add_note(&a->notes, level, loc, "%s", message);
  }
  bool trailing = r.p != r.end;
  br_free(&r);
  if (!a->ir || r.failed || trailing) {
    unit_artifact_free(a);
    *err = "corrupt unit artifact";
    return NULL;
  }
  return a;
}

int unit_artifact_write(const unit_artifact *a, const char *path) {
  byte_writer w = {0};
  unit_artifact_encode(a, &w);
  atomic_file af;
  int rc = atomic_file_open(&af, path);
  if (rc == 0) {
    if (fwrite(w.data, 1, w.len, af.fp) != w.len) {
      int e = errno;
      atomic_file_abort(&af);
      errno = e;
      rc = -1;
    } else {
      rc = atomic_file_commit(&af);
    }
  }
  bw_free(&w);
  return rc;
}

unit_artifact *unit_artifact_read(const char *path, const char **err) {
  size_t len;
  char *data = read_file(path, &len);
  if (!data) {
    *err = strerror(errno);
    return NULL;
  }
  unit_artifact *a = unit_artifact_decode(data, len, err);
  free(data);
  return a;
}
