/* models_json.c - reads API models from rules/NAME.json (format: rules/README.md).
 *
 * cJSON parses (through json_doc.h, which knows where each node is); this
 * file checks every key, type and value and reports the first problem as
 * "file:line:col: error: message".
 *
 * A document is checked completely before anything is added to the set, so
 * a file with an error leaves the set as it was.
 */
#include "models.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_doc.h"
#include "rule_ids.h"
#include "util.h"

#define MAX_ARG 31 /* args_mask has one bit per argument */

/* ---- checking ----------------------------------------------------------- */

/* One family object of the document, and one entry of its "functions". */
typedef struct pending_family {
  const cJSON *obj;
  const char *name;
  model_kind kind;
} pending_family;

typedef struct pending_fn {
  api_fn fn;
  size_t family; /* index into checker.families */
  const cJSON *obj;
} pending_fn;

typedef struct checker {
  json_doc *d;
  char *err;
  size_t errlen;
  model_set *set;
  char where[200]; /* prefix of messages: "functions[3] (\"fclose\")" */
  pending_family *families;
  size_t nfamilies, capfamilies;
  pending_fn *fns;
  size_t nfns, capfns;
} checker;

/* Reports a problem with node's value (at_key: with its key) after the
 * checker's current prefix. */
static int fail(checker *ck, const cJSON *node, bool at_key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(checker *ck, const cJSON *node, bool at_key, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = xvasprintf(fmt, ap);
  va_end(ap);
  json_doc_error(ck->d, node, at_key, ck->err, ck->errlen, "%s%s%s", ck->where,
                 ck->where[0] ? ": " : "", msg);
  free(msg);
  return -1;
}

static unsigned line_of(const json_doc *d, const cJSON *node) {
  unsigned line, col;
  json_doc_position(d, node, false, &line, &col);
  return line;
}

static const char *type_name(const cJSON *v) {
  if (cJSON_IsString(v))
    return "a string";
  if (cJSON_IsNumber(v))
    return "a number";
  if (cJSON_IsBool(v))
    return cJSON_IsTrue(v) ? "true" : "false";
  if (cJSON_IsNull(v))
    return "null";
  return cJSON_IsArray(v) ? "an array" : "an object";
}

/* The member's key, for messages (every caller passes an object member). */
static const char *key_of(const cJSON *v) {
  return v->string ? v->string : "value";
}

static int want_string(checker *ck, const cJSON *v, const char **out) {
  if (!cJSON_IsString(v))
    return fail(ck, v, false, "\"%s\" must be a string, not %s", key_of(v), type_name(v));
  *out = v->valuestring;
  return 0;
}

static int want_bool(checker *ck, const cJSON *v, bool *out) {
  if (!cJSON_IsBool(v))
    return fail(ck, v, false, "\"%s\" must be true or false, not %s", key_of(v), type_name(v));
  *out = cJSON_IsTrue(v);
  return 0;
}

static bool is_int_in(const cJSON *v, int lo, int hi) {
  return cJSON_IsNumber(v) && v->valuedouble >= lo && v->valuedouble <= hi &&
         v->valuedouble == (int)v->valuedouble;
}

/* An argument index, 0..MAX_ARG. */
static int want_index(checker *ck, const cJSON *v, int *out) {
  if (!is_int_in(v, 0, MAX_ARG))
    return fail(ck, v, false, "\"%s\" must be an argument index from 0 to %d", key_of(v), MAX_ARG);
  *out = (int)v->valuedouble;
  return 0;
}

typedef const char *name_fn(int i);

static const char *kind_name(int i) {
  return model_kind_name((model_kind)i);
}
static const char *action_name(int i) {
  return api_action_name((api_action)i);
}
static const char *rule_name(int i) {
  return i < RULE_COUNT ? rule_id_name((ll_rule_id)i) : NULL;
}

/* In failure_kind order. */
_Static_assert(FAIL_NONE == 0 && FAIL_ZERO == 5, "failure_names follows failure_kind");
static const char *const failure_names[] = {"none",    "null",       "negative",
                                            "nonzero", "map_failed", "zero"};
static const char *failure_name(int i) {
  return i < (int)(sizeof failure_names / sizeof *failure_names) ? failure_names[i] : NULL;
}

/* The index of s among name(0), name(1), ... (which ends with NULL), or -1;
 * expected receives the list for the error message. */
static int lookup_name(name_fn *name, const char *s, char *expected, size_t n) {
  int found = -1;
  size_t len = 0;
  expected[0] = '\0';
  for (int i = 0; name(i); i++) {
    if (strcmp(name(i), s) == 0)
      found = i;
    int w = snprintf(expected + len, n - len, "%s%s", i ? ", " : "", name(i));
    if (w > 0 && (size_t)w < n - len)
      len += (size_t)w;
  }
  return found;
}

static bool is_identifier(const char *s) {
  if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
    return false;
  for (s++; *s; s++)
    if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
          (*s >= '0' && *s <= '9')))
      return false;
  return true;
}

/* Finds the members of obj, refusing unknown and repeated keys.  vals[i]
 * receives the member named keys[i], or NULL. */
static int collect_keys(checker *ck, const cJSON *obj, const char *const *keys, size_t nkeys,
                        const cJSON **vals) {
  memset(vals, 0, nkeys * sizeof *vals);
  for (const cJSON *m = obj->child; m; m = m->next) {
    size_t k = 0;
    while (k < nkeys && strcmp(keys[k], m->string) != 0)
      k++;
    if (k == nkeys) {
      char expected[256] = "";
      for (size_t i = 0; i < nkeys; i++)
        snprintf(expected + strlen(expected), sizeof expected - strlen(expected), "%s%s",
                 i ? ", " : "", keys[i]);
      return fail(ck, m, true, "unknown key \"%s\" (expected %s)", m->string, expected);
    }
    if (vals[k])
      return fail(ck, m, true, "\"%s\" is given twice", m->string);
    vals[k] = m;
  }
  return 0;
}

/* ---- one entry of "functions" ------------------------------------------- */

enum {
  F_NAME,
  F_ACTION,
  F_HANDLE,
  F_COUNT,
  F_FAILURE,
  F_MUST_CHECK,
  F_SHARED,
  F_OLD,
  F_REPEAT,
  F_CALLBACK,
  F_REPEATS,
  F_ARGS,
  F_RETURNS,
  F_COPIES,
  F_NOTE,
  F_AMOUNT,
  F_ATTR,
  F_VALUE,
  F_EQUALS,
  F_READ_ONLY,
  F_REUSES,
  F_TIMED,
  F_BLOCKS,
  F_TRANSIENT,
  F_SIZE,
  F_CLOSES,
  F_NKEYS
};
static const char *const fn_keys[F_NKEYS] = {
    "name",  "action", "handle",    "count",   "failure", "must_check", "shared",
    "old",   "repeat", "callback",  "repeats", "args",    "returns",    "copies",
    "note",  "amount", "attr",      "value",   "equals",  "read_only",  "reuses",
    "timed", "blocks", "transient", "size",    "closes"};

static bool takes_args(api_action a) {
  return a == ACT_BORROW || a == ACT_KEEP;
}

/* Why key k does not belong in an entry with this action, or NULL if it does.
 * Refusing stray keys catches a misplaced field before it silently does
 * nothing. */
static const char *misplaced(int k, api_action a, model_kind kind, handle_where where) {
  bool acquire_or_arm = a == ACT_ACQUIRE || a == ACT_ARM;
  switch (k) {
  case F_HANDLE:
    return takes_args(a) ? "borrow and keep entries list \"args\", not a handle" : NULL;
  case F_COUNT:
    return where != HANDLE_OUT ? "applies only to an \"outN\" handle" : NULL;
  case F_FAILURE:
    return acquire_or_arm || a == ACT_REALLOC ? NULL : "applies only to acquire, realloc and arm";
  case F_MUST_CHECK:
  case F_SHARED:
    return a == ACT_ACQUIRE && kind == MODEL_LOCK ? NULL
                                                  : "applies only to acquire in a lock family";
  case F_OLD:
    return a == ACT_REALLOC ? NULL : "applies only to realloc";
  case F_REPEAT:
    return a == ACT_ARM ? NULL : "applies only to arm";
  case F_CALLBACK:
  case F_REPEATS:
    return acquire_or_arm && kind == MODEL_TIMER
               ? NULL
               : "applies only to acquire and arm in a timer family";
  case F_ARGS:
    return takes_args(a) ? NULL : "applies only to borrow and keep";
  case F_RETURNS:
  case F_COPIES:
    return a == ACT_BORROW ? NULL : "applies only to borrow";
  case F_AMOUNT:
    return (kind == MODEL_COUNTER && (a == ACT_ADD || a == ACT_ACQUIRE)) ||
                   (kind == MODEL_CHANNEL && a == ACT_ACQUIRE)
               ? NULL
               : "applies only to add and acquire in a counter family, and to acquire in a "
                 "channel family";
  case F_ATTR:
    return a == ACT_ACQUIRE && kind == MODEL_THREAD ? NULL
                                                    : "applies only to acquire in a thread family";
  case F_VALUE:
  case F_EQUALS:
    return NULL; /* detach_attr's test, or any entry's condition */
  case F_REUSES:
    return a == ACT_ACQUIRE && where == HANDLE_OUT && kind == MODEL_RESOURCE
               ? NULL
               : "applies only to acquire of an \"outN\" handle in a resource family";
  case F_READ_ONLY:
    return a == ACT_ACQUIRE && kind == MODEL_RESOURCE
               ? NULL
               : "applies only to acquire in a resource family";
  case F_TIMED: /* a wait, or a channel's send that gives up after a timeout */
    return a == ACT_WAIT || (a == ACT_WAKE && kind == MODEL_CHANNEL)
               ? NULL
               : "applies only to wait, or to wake in a channel family";
  case F_SIZE:
    return (a == ACT_ACQUIRE || a == ACT_REALLOC) && kind == MODEL_RESOURCE
               ? NULL
               : "applies only to acquire and realloc in a resource family";
  case F_BLOCKS:
  case F_TRANSIENT:
  case F_CLOSES:
    return a == ACT_WAKE && kind == MODEL_CHANNEL ? NULL
                                                  : "applies only to wake in a channel family";
  }
  return NULL;
}

/* "return", "argN" or "outN". */
static int parse_handle_text(checker *ck, const cJSON *v, const char *s, handle_spec *h);

static int parse_handle(checker *ck, const cJSON *v, handle_spec *h) {
  const char *s;
  if (want_string(ck, v, &s) < 0)
    return -1;
  return parse_handle_text(ck, v, s, h);
}

/* s is v's text, or a part of it; errors point at v. */
static int parse_handle_text(checker *ck, const cJSON *v, const char *s, handle_spec *h) {
  h->arg = -1;
  if (strcmp(s, "return") == 0) {
    h->where = HANDLE_RETURN;
    return 0;
  }
  const char *digits = NULL;
  if (strncmp(s, "arg", 3) == 0)
    h->where = HANDLE_ARG, digits = s + 3;
  else if (strncmp(s, "out", 3) == 0)
    h->where = HANDLE_OUT, digits = s + 3;
  size_t n = digits ? strspn(digits, "0123456789") : 0;
  if (!digits || n == 0 || n > 2 || digits[n] != '\0' || atoi(digits) > MAX_ARG)
    return fail(ck, v, false,
                "bad handle \"%s\" (expected \"return\", \"argN\" or \"outN\", N from 0 to %d)", s,
                MAX_ARG);
  h->arg = atoi(digits);
  return 0;
}

/* Where a handle can be for each action: only a call that creates one
 * returns it or stores it; every other action is given it. */
static const char *handle_misfit(handle_where where, api_action a) {
  if (a == ACT_REALLOC && where != HANDLE_RETURN)
    return "a realloc entry's handle is \"return\"";
  if (where == HANDLE_OUT && a != ACT_ACQUIRE)
    return "an \"outN\" handle applies only to acquire";
  if (where == HANDLE_RETURN && a != ACT_ACQUIRE && a != ACT_REALLOC && a != ACT_SELF)
    return "a \"return\" handle applies only to acquire, realloc and self";
  return NULL;
}

static int parse_args(checker *ck, const cJSON *v, unsigned *mask) {
  if (!cJSON_IsArray(v) || !v->child)
    return fail(ck, v, false, "\"args\" must be a non-empty array of argument indexes");
  *mask = 0;
  int i = 0;
  for (const cJSON *e = v->child; e; e = e->next, i++) {
    if (!is_int_in(e, 0, MAX_ARG))
      return fail(ck, e, false, "\"args\"[%d] must be an argument index from 0 to %d", i, MAX_ARG);
    *mask |= 1u << (int)e->valuedouble;
  }
  return 0;
}

/* "returns": "argN" - the result is that argument; "argN_or_null" - that
 * argument, or NULL when the call fails; "argN_or_minus_one" - that integer
 * argument, or -1 when the call fails; "inside_argN" - a
 * pointer into the block argument N points to (through a T ** argument,
 * the block the pointer it points to points to), or NULL. */
static int parse_returns(checker *ck, const cJSON *v, api_fn *fn) {
  handle_spec h = {.where = HANDLE_NONE};
  const char *s;
  if (want_string(ck, v, &s) < 0)
    return -1;
  static const char or_null[] = "_or_null", or_minus_one[] = "_or_minus_one", prefix[] = "inside_";
  fn->returns_or_null = str_ends_with(s, or_null);
  fn->returns_or_minus_one = str_ends_with(s, or_minus_one);
  fn->returns_inside = str_starts_with(s, prefix);
  bool either = fn->returns_or_null || fn->returns_or_minus_one;
  char *arg = xstrdup(fn->returns_inside ? s + sizeof prefix - 1 : s);
  if (either)
    arg[strlen(arg) - (fn->returns_or_null ? sizeof or_null : sizeof or_minus_one) + 1] = '\0';
  int rc = fn->returns_inside && either ? 0 : parse_handle_text(ck, v, arg, &h);
  free(arg);
  if (rc < 0)
    return -1;
  if (h.where != HANDLE_ARG)
    return fail(ck, v, false,
                "\"returns\" names the argument the result is, or points into: \"argN\", "
                "\"argN_or_null\", \"argN_or_minus_one\" or \"inside_argN\"");
  fn->returns_alias = !fn->returns_inside;
  fn->returns_arg = h.arg;
  return 0;
}

/* "copies": [DST, SRC] - what SRC points to is copied to where DST points. */
static int parse_copies(checker *ck, const cJSON *v, api_fn *fn) {
  const cJSON *d = cJSON_IsArray(v) ? v->child : NULL, *src = d ? d->next : NULL;
  if (!d || !src || src->next || !is_int_in(d, 0, MAX_ARG) || !is_int_in(src, 0, MAX_ARG))
    return fail(ck, v, false, "\"copies\" must be [DST, SRC]: two argument indexes from 0 to %d",
                MAX_ARG);
  fn->copies = true;
  fn->copy_dst = (int)d->valuedouble;
  fn->copy_src = (int)src->valuedouble;
  return 0;
}

/* "size": N, or [N, M] for a count times an element size (calloc). */
static int parse_size(checker *ck, const cJSON *v, api_fn *fn) {
  const cJSON *a = cJSON_IsArray(v) ? v->child : v, *b = cJSON_IsArray(v) && a ? a->next : NULL;
  if (!a || !is_int_in(a, 0, MAX_ARG) ||
      (cJSON_IsArray(v) && (!b || b->next || !is_int_in(b, 0, MAX_ARG))))
    return fail(ck, v, false,
                "\"size\" must be an argument index, or [COUNT, SIZE]: two, from 0 to %d", MAX_ARG);
  fn->size_arg1 = (int)a->valuedouble + 1;
  fn->size_times_arg1 = b ? (int)b->valuedouble + 1 : 0;
  return 0;
}

static int parse_enum(checker *ck, const cJSON *v, name_fn *names, const char *what, int *out) {
  const char *s = NULL; /* fail() always returns -1, but gcc -O2 cannot see it */
  char expected[256];
  if (want_string(ck, v, &s) < 0)
    return -1;
  *out = lookup_name(names, s, expected, sizeof expected);
  if (*out < 0)
    return fail(ck, v, false, "unknown %s \"%s\" (expected %s)", what, s, expected);
  return 0;
}

/* The fields after name, action and handle, each already known to belong. */
static int parse_fn_fields(checker *ck, const cJSON **v, api_fn *fn) {
  int n;
  if (v[F_COUNT]) {
    if (!is_int_in(v[F_COUNT], 1, 64))
      return fail(ck, v[F_COUNT], false, "\"count\" must be an integer from 1 to 64");
    fn->handle.count = (int)v[F_COUNT]->valuedouble;
  }
  if (v[F_FAILURE] && parse_enum(ck, v[F_FAILURE], failure_name, "failure", &n) < 0)
    return -1;
  if (v[F_FAILURE])
    fn->failure = (failure_kind)n;
  if ((v[F_MUST_CHECK] && want_bool(ck, v[F_MUST_CHECK], &fn->must_check) < 0) ||
      (v[F_SHARED] && want_bool(ck, v[F_SHARED], &fn->shared) < 0) ||
      (v[F_REPEATS] && want_bool(ck, v[F_REPEATS], &fn->repeats) < 0) ||
      (v[F_READ_ONLY] && want_bool(ck, v[F_READ_ONLY], &fn->read_only) < 0) ||
      (v[F_REUSES] && want_bool(ck, v[F_REUSES], &fn->reuses) < 0) ||
      (v[F_TIMED] && want_bool(ck, v[F_TIMED], &fn->timed) < 0) ||
      (v[F_BLOCKS] && want_bool(ck, v[F_BLOCKS], &fn->blocks) < 0) ||
      (v[F_TRANSIENT] && want_bool(ck, v[F_TRANSIENT], &fn->transient) < 0) ||
      (v[F_CLOSES] && want_bool(ck, v[F_CLOSES], &fn->closes) < 0) ||
      (v[F_OLD] && want_index(ck, v[F_OLD], &fn->old_arg) < 0) ||
      (v[F_REPEAT] && want_index(ck, v[F_REPEAT], &fn->repeat_arg) < 0) ||
      (v[F_CALLBACK] && want_index(ck, v[F_CALLBACK], &fn->callback_arg) < 0) ||
      (v[F_ARGS] && parse_args(ck, v[F_ARGS], &fn->args_mask) < 0) ||
      (v[F_RETURNS] && parse_returns(ck, v[F_RETURNS], fn) < 0) ||
      (v[F_COPIES] && parse_copies(ck, v[F_COPIES], fn) < 0) ||
      (v[F_SIZE] && parse_size(ck, v[F_SIZE], fn) < 0) ||
      (v[F_AMOUNT] && want_index(ck, v[F_AMOUNT], &fn->amount_arg1) < 0) ||
      (v[F_ATTR] && want_index(ck, v[F_ATTR], &fn->attr_arg1) < 0) ||
      (v[F_VALUE] && want_index(ck, v[F_VALUE], &fn->value_arg1) < 0))
    return -1;
  fn->amount_arg1 += v[F_AMOUNT] != NULL;
  fn->attr_arg1 += v[F_ATTR] != NULL;
  fn->value_arg1 += v[F_VALUE] != NULL;
  if (v[F_EQUALS] && cJSON_IsString(v[F_EQUALS]) && fn->action != ACT_DETACH_ATTR) {
    if (!is_identifier(v[F_EQUALS]->valuestring))
      return fail(ck, v[F_EQUALS], false, "\"equals\" names a macro: an identifier");
    fn->equals_name = v[F_EQUALS]->valuestring;
  } else if (v[F_EQUALS]) {
    if (!cJSON_IsNumber(v[F_EQUALS]) ||
        v[F_EQUALS]->valuedouble != (double)(long long)v[F_EQUALS]->valuedouble)
      return fail(ck, v[F_EQUALS], false,
                  fn->action == ACT_DETACH_ATTR
                      ? "\"equals\" must be an integer constant"
                      : "\"equals\" must be an integer constant or the name of a macro");
    fn->equals = (long long)v[F_EQUALS]->valuedouble;
  }
  if ((fn->action == ACT_DETACH_ATTR || v[F_VALUE] || v[F_EQUALS]) && (!v[F_VALUE] || !v[F_EQUALS]))
    return fail(ck,
                v[F_VALUE]    ? v[F_VALUE]
                : v[F_EQUALS] ? v[F_EQUALS]
                              : v[F_NAME],
                false,
                fn->action == ACT_DETACH_ATTR
                    ? "a detach_attr entry needs \"value\" and \"equals\""
                    : "a condition needs both \"value\" (the argument) and \"equals\"");
  const char *note;
  return v[F_NOTE] ? want_string(ck, v[F_NOTE], &note) : 0;
}

/* An entry with the same name, action and family earlier in this document. */
static const pending_fn *duplicate_of(const checker *ck, const api_fn *fn, size_t family) {
  for (size_t i = 0; i < ck->nfns; i++) {
    const pending_fn *p = &ck->fns[i];
    if (p->fn.action == fn->action && strcmp(p->fn.name, fn->name) == 0 &&
        model_fn_is_conditional(&p->fn) == model_fn_is_conditional(fn) &&
        (!model_fn_is_conditional(fn) || model_fn_same_condition(&p->fn, fn)) &&
        strcmp(ck->families[p->family].name, ck->families[family].name) == 0)
      return p;
  }
  return NULL;
}

static int check_fn(checker *ck, const cJSON *obj, size_t family) {
  const cJSON *v[F_NKEYS];
  model_kind kind = ck->families[family].kind;
  if (!cJSON_IsObject(obj))
    return fail(ck, obj, false, "expected an object, not %s", type_name(obj));
  /* Name the entry in messages as soon as possible, even for a bad key. */
  const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, "name"));
  size_t len = strlen(ck->where);
  if (name && is_identifier(name))
    snprintf(ck->where + len, sizeof ck->where - len, " (\"%s\")", name);
  if (collect_keys(ck, obj, fn_keys, F_NKEYS, v) < 0)
    return -1;
  if (!v[F_NAME])
    return fail(ck, obj, false, "missing \"name\"");
  api_fn fn = {.handle = {HANDLE_NONE, -1, 1}, .old_arg = -1, .repeat_arg = -1, .callback_arg = -1};
  if (want_string(ck, v[F_NAME], &fn.name) < 0)
    return -1;
  if (!is_identifier(fn.name))
    return fail(ck, v[F_NAME], false, "\"name\" must be a C identifier, not \"%s\"", fn.name);
  int action;
  if (!v[F_ACTION])
    return fail(ck, obj, false, "missing \"action\"");
  if (parse_enum(ck, v[F_ACTION], action_name, "action", &action) < 0)
    return -1;
  fn.action = (api_action)action;
  if (takes_args(fn.action))
    fn.args_mask = ~0u;
  if (v[F_HANDLE] && !takes_args(fn.action)) {
    if (parse_handle(ck, v[F_HANDLE], &fn.handle) < 0)
      return -1;
    const char *why = handle_misfit(fn.handle.where, fn.action);
    if (why)
      return fail(ck, v[F_HANDLE], false, "%s", why);
  }
  for (int k = F_HANDLE; k < F_NKEYS; k++) {
    const char *why = v[k] ? misplaced(k, fn.action, kind, fn.handle.where) : NULL;
    if (why)
      return fail(ck, v[k], true, "\"%s\" %s", fn_keys[k], why);
  }
  if (!v[F_HANDLE] && !takes_args(fn.action))
    return fail(ck, obj, false, "missing \"handle\" (an %s entry needs one)",
                api_action_name(fn.action));
  if (!v[F_OLD] && fn.action == ACT_REALLOC)
    return fail(ck, obj, false, "missing \"old\" (the argument a realloc entry releases)");
  if (parse_fn_fields(ck, v, &fn) < 0)
    return -1;
  const pending_fn *dup = duplicate_of(ck, &fn, family);
  if (dup)
    return fail(
        ck, obj, false, "a second %s entry for \"%s\" in family \"%s\" (the first is on line %u)",
        api_action_name(fn.action), fn.name, ck->families[family].name, line_of(ck->d, dup->obj));
  fn.line = line_of(ck->d, obj);
  LL_GROW(ck->fns, ck->nfns, ck->capfns);
  ck->fns[ck->nfns++] = (pending_fn){fn, family, obj};
  return 0;
}

/* ---- one family --------------------------------------------------------- */

enum {
  M_FAMILY,
  M_KIND,
  M_DESCRIPTION,
  M_RELEASE_HINT,
  M_RULES,
  M_RECURSIVE,
  M_FUNCTIONS,
  M_NOTE,
  M_RELEASE_CODE,
  M_NKEYS
};
static const char *const family_keys[M_NKEYS] = {"family",       "kind",  "description",
                                                 "release_hint", "rules", "recursive",
                                                 "functions",    "note",  "release_code"};

/* The kind this family already has, in the set or earlier in this document,
 * or -1 if it is new. */
static int known_kind(const checker *ck, const char *family, const char **file) {
  for (size_t i = 0; i < ck->nfamilies; i++) {
    if (strcmp(ck->families[i].name, family) == 0) {
      *file = ck->d->path;
      return (int)ck->families[i].kind;
    }
  }
  for (size_t i = 0; i < model_set_count(ck->set); i++) {
    const api_model *m = model_set_model(ck->set, i);
    if (strcmp(m->family, family) == 0) {
      *file = m->file;
      return (int)m->kind;
    }
  }
  return -1;
}

static int check_rules(checker *ck, const cJSON *v) {
  if (!cJSON_IsArray(v))
    return fail(ck, v, false, "\"rules\" must be an array of rule ids, not %s", type_name(v));
  int i = 0;
  for (const cJSON *e = v->child; e; e = e->next, i++) {
    char expected[256];
    if (!cJSON_IsString(e))
      return fail(ck, e, false, "\"rules\"[%d] must be a string, not %s", i, type_name(e));
    if (lookup_name(rule_name, e->valuestring, expected, sizeof expected) < 0)
      return fail(ck, e, false, "unknown rule \"%s\" (expected %s)", e->valuestring, expected);
  }
  return 0;
}

/* The family-level keys other than "functions". */
static int check_family_fields(checker *ck, const cJSON **v, model_kind kind) {
  const char *s;
  bool b;
  if ((v[M_DESCRIPTION] && want_string(ck, v[M_DESCRIPTION], &s) < 0) ||
      (v[M_RELEASE_HINT] && want_string(ck, v[M_RELEASE_HINT], &s) < 0) ||
      (v[M_NOTE] && want_string(ck, v[M_NOTE], &s) < 0) ||
      (v[M_RECURSIVE] && want_bool(ck, v[M_RECURSIVE], &b) < 0) ||
      (v[M_RULES] && check_rules(ck, v[M_RULES]) < 0) ||
      (v[M_RELEASE_CODE] && want_string(ck, v[M_RELEASE_CODE], &s) < 0))
    return -1;
  if (v[M_RELEASE_CODE]) {
    const char *pct = strchr(s, '%');
    if (!pct || pct[1] != 's' || strchr(pct + 2, '%'))
      return fail(ck, v[M_RELEASE_CODE], false,
                  "\"release_code\" is the release call with one %%s for the handle "
                  "(\"pthread_join(%%s, NULL)\")");
  }
  if (v[M_RECURSIVE] && kind != MODEL_LOCK)
    return fail(ck, v[M_RECURSIVE], true, "\"recursive\" applies only to lock families");
  return 0;
}

/* base is "" for a one-family document, "[i]" for element i of an array. */
static int check_family(checker *ck, const cJSON *obj, const char *base) {
  const cJSON *v[M_NKEYS];
  snprintf(ck->where, sizeof ck->where, "%s", base);
  if (!cJSON_IsObject(obj))
    return fail(ck, obj, false, "expected a family object, not %s", type_name(obj));
  if (collect_keys(ck, obj, family_keys, M_NKEYS, v) < 0)
    return -1;
  const char *name, *file;
  if (!v[M_FAMILY])
    return fail(ck, obj, false, "missing \"family\"");
  if (want_string(ck, v[M_FAMILY], &name) < 0)
    return -1;
  if (!name[0])
    return fail(ck, v[M_FAMILY], false, "\"family\" must not be empty");
  if (base[0])
    snprintf(ck->where, sizeof ck->where, "%s (\"%s\")", base, name);
  int kind;
  if (!v[M_KIND])
    return fail(ck, obj, false, "missing \"kind\"");
  if (parse_enum(ck, v[M_KIND], kind_name, "kind", &kind) < 0)
    return -1;
  int had = known_kind(ck, name, &file);
  if (had >= 0 && had != kind)
    return fail(ck, v[M_KIND], false, "family \"%s\" is a %s family (in %s); it cannot become a %s",
                name, model_kind_name((model_kind)had), file, model_kind_name((model_kind)kind));
  if (check_family_fields(ck, v, (model_kind)kind) < 0)
    return -1;
  if (!v[M_FUNCTIONS])
    return fail(ck, obj, false, "missing \"functions\"");
  if (!cJSON_IsArray(v[M_FUNCTIONS]))
    return fail(ck, v[M_FUNCTIONS], false, "\"functions\" must be an array, not %s",
                type_name(v[M_FUNCTIONS]));
  LL_GROW(ck->families, ck->nfamilies, ck->capfamilies);
  ck->families[ck->nfamilies++] = (pending_family){obj, name, (model_kind)kind};
  int i = 0;
  for (const cJSON *f = v[M_FUNCTIONS]->child; f; f = f->next, i++) {
    snprintf(ck->where, sizeof ck->where, "%s%sfunctions[%d]", base, base[0] ? "." : "", i);
    if (check_fn(ck, f, ck->nfamilies - 1) < 0)
      return -1;
  }
  return 0;
}

static int check_document(checker *ck, const cJSON *root) {
  if (cJSON_IsObject(root))
    return check_family(ck, root, "");
  if (!cJSON_IsArray(root))
    return fail(ck, root, false, "expected a family object or an array of them, not %s",
                type_name(root));
  int i = 0;
  for (const cJSON *e = root->child; e; e = e->next, i++) {
    char base[32];
    snprintf(base, sizeof base, "[%d]", i);
    if (check_family(ck, e, base) < 0)
      return -1;
  }
  return 0;
}

/* ---- adding the checked document to the set ----------------------------- */

static void replace_str(char **slot, const cJSON *v) {
  if (!v)
    return;
  free(*slot);
  *slot = xstrdup(v->valuestring);
}

static api_model *commit_family(model_set *set, const pending_family *pf, const char *path) {
  const cJSON *v[M_NKEYS];
  api_model *m = model_set_family(set, pf->name, pf->kind);
  for (int k = 0; k < M_NKEYS; k++)
    v[k] = cJSON_GetObjectItemCaseSensitive(pf->obj, family_keys[k]);
  replace_str(&m->description, v[M_DESCRIPTION]);
  replace_str(&m->release_hint, v[M_RELEASE_HINT]);
  if (v[M_RELEASE_CODE])
    replace_str(&m->release_code, v[M_RELEASE_CODE]);
  free(m->file);
  m->file = xstrdup(path);
  if (v[M_RECURSIVE])
    m->recursive = cJSON_IsTrue(v[M_RECURSIVE]);
  if (v[M_RULES]) {
    m->rules = 0;
    for (const cJSON *e = v[M_RULES]->child; e; e = e->next)
      m->rules |= RULE_BIT(rule_id_lookup(e->valuestring));
  }
  return m;
}

static void commit(checker *ck) {
  api_model **models = xcalloc(ck->nfamilies, sizeof *models);
  for (size_t i = 0; i < ck->nfamilies; i++)
    models[i] = commit_family(ck->set, &ck->families[i], ck->d->path);
  for (size_t i = 0; i < ck->nfns; i++) {
    api_fn fn = ck->fns[i].fn;
    fn.model = models[ck->fns[i].family];
    fn.file = ck->d->path;
    /* pipe(fds): a channel created as two ends, read on [0], written on [1] */
    if (fn.model->kind == MODEL_CHANNEL && fn.action == ACT_ACQUIRE &&
        fn.handle.where == HANDLE_OUT && fn.handle.count == 2)
      models[ck->fns[i].family]->two_ended = true;
    /* sem_init(&s, 0, n): a channel that starts with n values, or holds n */
    if (fn.model->kind == MODEL_CHANNEL && fn.action == ACT_ACQUIRE && fn.amount_arg1)
      models[ck->fns[i].family]->buffered = true;
    if (fn.model->kind == MODEL_CHANNEL && fn.action == ACT_WAKE && fn.transient)
      models[ck->fns[i].family]->signals = true;
    model_set_add(ck->set, &fn);
  }
  free(models);
}

/* ---- entry points ------------------------------------------------------- */

static int load_text(model_set *set, const char *path, const char *text, size_t len, char *err,
                     size_t errlen) {
  json_doc d;
  checker ck = {.d = &d, .set = set, .err = err, .errlen = errlen};
  int rc = -1;
  if (json_doc_parse(&d, path, text, len, "a rules file", err, errlen) == 0 &&
      check_document(&ck, d.root) == 0) {
    commit(&ck);
    rc = 0;
  }
  json_doc_free(&d);
  free(ck.families);
  free(ck.fns);
  return rc;
}

int model_set_load_string(model_set *set, const char *path, const char *json, char *err,
                          size_t errlen) {
  return load_text(set, path, json, strlen(json), err, errlen);
}

int model_set_load_file(model_set *set, const char *path, char *err, size_t errlen) {
  size_t len;
  char *text = read_file(path, &len);
  if (!text) {
    if (err && errlen)
      snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
    return -1;
  }
  int rc = load_text(set, path, text, len, err, errlen);
  free(text);
  return rc;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.json names in dir, sorted; NULL (errno set) if dir cannot be read.
 * Hidden files are skipped: editors leave ".x.json.swp"-like files behind. */
static char **json_names(const char *dir, size_t *n) {
  DIR *dp = opendir(dir);
  if (!dp)
    return NULL;
  char **names = NULL;
  size_t cap = 0;
  *n = 0;
  struct dirent *de;
  while ((de = readdir(dp)) != NULL) {
    if (de->d_name[0] == '.' || !str_ends_with(de->d_name, ".json"))
      continue;
    LL_GROW(names, *n, cap);
    names[(*n)++] = xstrdup(de->d_name);
  }
  closedir(dp);
  qsort(names, *n, sizeof *names, name_cmp);
  return names ? names : xcalloc(1, sizeof *names);
}

int model_set_load_dir(model_set *set, const char *dir, char *err, size_t errlen) {
  size_t n = 0;
  char **names = json_names(dir, &n);
  if (!names) {
    if (err && errlen)
      snprintf(err, errlen, "%s: cannot read: %s", dir, strerror(errno));
    return -1;
  }
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    char *path = xasprintf("%s/%s", dir, names[i]);
    if (rc == 0)
      rc = model_set_load_file(set, path, err, errlen);
    free(path);
    free(names[i]);
  }
  free(names);
  return rc;
}
