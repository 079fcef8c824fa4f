/* module.h - what a domain module is: the semantics of one kind of
 * resource (a lock, a timer; later a thread, a counter, a channel, an
 * interior pointer), plugged into the generic walk (walk.h).
 *
 * A module keeps per-function data of its own (data_size bytes, zeroed
 * before the walk) and per-resource flags of its own (res.mflags, which it
 * alone reads and writes), and registers hooks; every hook is optional.
 * Hooks run in module_list.h's order.  A module models; it does not report:
 * the events it raises reach the checkers (checks/), which decide which
 * become findings, as clang's DynamicMemoryModeling feeds MallocChecker.
 *
 * To add one: a file <name>_module.c defining `const engine_module
 * <name>_module`, one line in module_list.h, and a checker for its events
 * (checks/check_template.c walks through it). */
#ifndef LEAKLINT_MODULE_H
#define LEAKLINT_MODULE_H

#include <stdbool.h>
#include <stddef.h>

#include "engine.h"
#include "engine_state.h"

struct run;

/* A window (an interior pointer of a block) leaving for good. */
typedef struct window_exit {
  window_exit_kind kind;
  const ir_path *dst;        /* STORED: the storage written */
  const char *callee;        /* KEPT: the callee that keeps it */
  const ir_operand *operand; /* the operand that carries it, when it is one */
  const char *held_in;       /* the member of a struct handed on whole that holds it */
  ll_location at;
} window_exit;

/* What a module binds to a call's result besides the acquisition status
 * (walk_module_result): the status of a later operation on the handle, or
 * an id that names the resource (where the id goes, the duty to end the
 * resource goes). */
enum { RESULT_STATUS = 1, RESULT_ID = 2 };

typedef struct engine_module {
  const char *name;
  size_t data_size;
  /* Before the walk, for each call entry of each reachable block. */
  void (*prescan_call)(struct run *R, void *data, const ir_instr *in, const api_fn *fn, int block,
                       unsigned idx);
  /* Every call, before its entries apply (entries and summary may be NULL). */
  void (*call)(struct run *R, void *data, state *s, const ir_instr *in,
               const api_fn *const *entries, const api_fn *const *summary);
  /* The path enters loop l from outside it (before its first test). */
  void (*enter_loop)(struct run *R, void *data, state *s, int l);
  /* The path leaves loop l from block `from`; early: by an edge that is
   * neither the header's nor a latch's (a break, a goto out). */
  void (*leave_loop)(struct run *R, void *data, state *s, int l, int from, bool early);
  /* A resource fn has just made (before it is added to the state). */
  void (*created)(res *r, const api_fn *fn);
  /* After the prescan, before the walk. */
  void (*begin)(struct run *R, void *data);
  /* A call entry: true if the module applied it (the walk then does not). */
  bool (*apply)(struct run *R, void *data, state *s, const ir_instr *in, const api_fn *fn,
                bool *covered, bool *acquired);
  /* A keyed acquisition whose key is already held live as `held`: true if
   * the module judged it (otherwise the old resource is lost). */
  bool (*reacquire)(struct run *R, void *data, state *s, const ir_instr *in, const api_fn *fn,
                    int held);
  /* A keyed acquisition of an object inside a struct or global: true to
   * track it anyway (by default its owner ends it). */
  bool (*track_owned)(const api_fn *fn);
  /* Before r is released by fn: true if the module handled it (r stays). */
  bool (*release)(struct run *R, void *data, state *s, int r, const ir_instr *in, const api_fn *fn);
  /* After r became released. */
  void (*released)(struct run *R, void *data, state *s, int r);
  /* Whether fn releases by key (the walk looks the held key up). */
  bool (*releases_by_key)(const api_fn *fn);
  /* A keyed release with nothing live under key. */
  void (*release_unheld)(struct run *R, void *data, state *s, const ir_instr *in, const api_fn *fn,
                         const char *key);
  /* Whether passing or overwriting a pointer leaves r alone (a lock is
   * named by its address, not owned through it). */
  bool (*not_owned_through_pointer)(const res *r);
  /* Whether r, live at `at`, is not lost there (a timer whose callback
   * may end it); the walk then raises no leak. */
  bool (*not_lost)(struct run *R, void *data, state *s, const res *r);
  /* Fills the module's fields of a leak event about r. */
  void (*leak_event)(const res *r, engine_event *ev);
  /* The interior pointer v of r leaves for good (wx): true if the module
   * judges it, and r does not escape by it. */
  bool (*window_escapes)(struct run *R, void *data, state *s, int r, value v,
                         const window_exit *wx);
  /* What kind of event the loss of a live r is: EV_LEAK unless a module
   * says otherwise (EV_STRANDED), and then its fields of that event. */
  ev_kind (*loss_kind)(struct run *R, void *data, const res *r);
  /* Whether only a binding of r's start still holds it: its interior
   * pointers cannot free it (a block whose window has left). */
  bool (*held_by_start_only)(const res *r);
  void (*loss_event)(struct run *R, void *data, const res *r, engine_event *ev);
  /* A branch testing a value the module bound (walk_is_module_result):
   * whether direction dir is possible, updating s. */
  bool (*branch)(struct run *R, void *data, state *s, const ir_cond *c, bool dir, int r, int what);
  /* Whether the state must remember r though it is no longer live. */
  bool (*keep)(const res *r);
  /* A path returns: before the walk checks what is still live. */
  void (*path_return)(struct run *R, void *data, state *s, const ir_term *t);
  /* Whether r, live at a return, is meant to be (the walk skips it). */
  bool (*held_at_return)(struct run *R, void *data, state *s, const res *r);
  /* A path's exit, for the function's summary. */
  void (*exit_summary)(struct run *R, void *data, state *s);
  /* After a complete walk: the module's summary entries. */
  void (*summarize)(struct run *R, void *data);
  /* After summarize: whether what the function does depends on which
   * exit a path takes in a way its summary could not say (a lock dropped
   * on some exits only), so that walks with a constant argument may. */
  bool (*wants_contexts)(struct run *R, void *data);
  /* Whether ev should not reach the checkers (the function means it). */
  bool (*drop_event)(struct run *R, void *data, const engine_event *ev);
  void (*fini)(struct run *R, void *data);
} engine_module;

#define ENGINE_MODULE(name) extern const engine_module name##_module;
#include "module_list.h"
#undef ENGINE_MODULE

enum {
#define ENGINE_MODULE(name) MODULE_##name,
#include "module_list.h"
#undef ENGINE_MODULE
  ENGINE_MODULE_COUNT
};

extern const engine_module *const engine_modules[ENGINE_MODULE_COUNT];

#endif
