/* test_models.c - the rules loader and the shipped models (the rules/ directory).
 *
 * Runs from the repository root (tests/CMakeLists.txt sets the working
 * directory), so "rules" and "tests/data/models" are relative paths.  Exits
 * non-zero after printing every failed check.
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models.h"
#include "rule_ids.h"
#include "util.h"

#define RULES_DIR "rules"
#define FIXTURES "tests/data/models"

static int failures;

static void check_at(int line, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void check_at(int line, bool ok, const char *fmt, ...) {
  if (ok)
    return;
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "test_models.c:%d: ", line);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  failures++;
}
#define CHECK(ok, ...) check_at(__LINE__, (ok), __VA_ARGS__)

static model_set *load_shipped(void) {
  char err[512] = "";
  model_set *set = model_set_new();
  if (model_set_load_dir(set, RULES_DIR, err, sizeof err) != 0) {
    fprintf(stderr, "test_models.c: loading %s: %s\n", RULES_DIR, err);
    exit(1);
  }
  return set;
}

/* The entry for name with action in family, or NULL. */
static const api_fn *entry_in(const model_set *set, const char *name, api_action action,
                              const char *family) {
  for (const api_fn *const *f = model_lookup(set, name); f && *f; f++)
    if ((*f)->action == action && strcmp((*f)->model->family, family) == 0)
      return *f;
  return NULL;
}

static const api_model *family_named(const model_set *set, const char *family) {
  for (size_t i = 0; i < model_set_count(set); i++)
    if (strcmp(model_set_model(set, i)->family, family) == 0)
      return model_set_model(set, i);
  return NULL;
}

/* The 1-based line of the first line of path containing needle, or 0. */
static unsigned line_containing(const char *path, const char *needle) {
  char *text = read_file(path, NULL);
  unsigned line = 0;
  if (text) {
    char *hit = strstr(text, needle);
    if (hit) {
      line = 1;
      for (char *p = text; p < hit; p++)
        line += *p == '\n';
    }
  }
  free(text);
  return line;
}

static void test_lookups(const model_set *set) {
  const api_fn *f = model_lookup_action(set, "fopen", ACT_ACQUIRE);
  CHECK(f != NULL, "fopen has no acquire entry");
  if (f) {
    CHECK(f->handle.where == HANDLE_RETURN, "fopen: handle is not the return value");
    CHECK(f->failure == FAIL_NULL, "fopen: failure is %d, not null", f->failure);
    CHECK(strcmp(f->model->family, "stdio") == 0, "fopen is in family %s", f->model->family);
    CHECK(f->model->kind == MODEL_RESOURCE, "stdio is not a resource family");
    CHECK(strcmp(f->model->description, "FILE stream") == 0, "stdio description is \"%s\"",
          f->model->description);
    CHECK(strcmp(f->model->release_hint, "fclose()") == 0, "stdio release hint is \"%s\"",
          f->model->release_hint);
    CHECK(str_ends_with(f->file, "/stdio.json"), "fopen comes from %s", f->file);
    unsigned want = line_containing(RULES_DIR "/stdio.json", "{\"name\": \"fopen\", \"action\"");
    CHECK(f->line == want && want > 0, "fopen entry is on line %u, loader says %u", want, f->line);
  }
  CHECK(model_lookup(set, "no_such_function") == NULL, "an unknown name has entries");
  /* a search returns a window into its argument's block, not the argument */
  f = model_lookup_action(set, "strchr", ACT_BORROW);
  CHECK(f && f->returns_inside && !f->returns_alias && f->returns_arg == 0 &&
            !f->returns_past_start,
        "strchr does not return a pointer inside arg0");
  f = model_lookup_action(set, "bsearch", ACT_BORROW);
  CHECK(f && f->returns_inside && f->returns_arg == 1, "bsearch does not point inside arg1");
  f = model_lookup_action(set, "strcpy", ACT_BORROW);
  CHECK(f && f->returns_alias && !f->returns_inside, "strcpy does not return arg0 itself");
  /* the block's size: malloc(n), calloc(count, size), realloc(p, n) */
  f = model_lookup_action(set, "malloc", ACT_ACQUIRE);
  CHECK(f && f->size_arg1 == 1 && f->size_times_arg1 == 0, "malloc's size is not arg0");
  f = model_lookup_action(set, "calloc", ACT_ACQUIRE);
  CHECK(f && f->size_arg1 == 1 && f->size_times_arg1 == 2, "calloc's size is not arg0 * arg1");
  f = model_lookup_action(set, "realloc", ACT_REALLOC);
  CHECK(f && f->size_arg1 == 2 && f->size_times_arg1 == 0, "realloc's size is not arg1");
  CHECK(model_lookup_action(set, "fclose", ACT_ACQUIRE) == NULL, "fclose acquires");

  f = model_lookup_action(set, "fclose", ACT_RELEASE);
  CHECK(f && f->handle.where == HANDLE_ARG && f->handle.arg == 0, "fclose does not release arg0");

  const char *close_families[] = {"fd", "socket", "pipe", "timerfd"};
  for (size_t i = 0; i < sizeof close_families / sizeof *close_families; i++) {
    f = entry_in(set, "close", ACT_RELEASE, close_families[i]);
    CHECK(f && f->handle.where == HANDLE_ARG && f->handle.arg == 0,
          "close is not the release of family %s", close_families[i]);
  }
  CHECK(entry_in(set, "close", ACT_WAKE, "pipe-channel") != NULL, "close does not wake a pipe");

  f = model_lookup_action(set, "pthread_mutex_trylock", ACT_ACQUIRE);
  CHECK(f && f->must_check && !f->shared && f->failure == FAIL_NONZERO &&
            f->handle.where == HANDLE_ARG && f->handle.arg == 0 && f->model->kind == MODEL_LOCK,
        "pthread_mutex_trylock is not a must-check lock acquire of arg0");
  f = model_lookup_action(set, "pthread_mutex_lock", ACT_ACQUIRE);
  CHECK(f && !f->must_check, "pthread_mutex_lock must be checked");
  f = model_lookup_action(set, "pthread_rwlock_rdlock", ACT_ACQUIRE);
  CHECK(f && f->shared && !f->must_check, "pthread_rwlock_rdlock is not a shared acquire");
  f = model_lookup_action(set, "g_mutex_trylock", ACT_ACQUIRE);
  CHECK(f && f->failure == FAIL_ZERO && f->must_check, "g_mutex_trylock fails with zero");

  f = model_lookup_action(set, "uv_timer_start", ACT_ARM);
  CHECK(f && f->repeat_arg == 3 && f->callback_arg == 1 && f->handle.arg == 0 &&
            f->model->kind == MODEL_TIMER,
        "uv_timer_start: not arm arg0 with repeat 3 and callback 1");
  f = model_lookup_action(set, "uv_timer_stop", ACT_STOP);
  CHECK(f && f->repeat_arg == -1 && f->callback_arg == -1 && f->old_arg == -1,
        "uv_timer_stop: defaults not -1");

  f = entry_in(set, "pipe", ACT_ACQUIRE, "pipe");
  CHECK(f && f->handle.where == HANDLE_OUT && f->handle.arg == 0 && f->handle.count == 2 &&
            f->failure == FAIL_NONZERO,
        "pipe: not out0 with count 2, failure nonzero");
  f = model_lookup_action(set, "socketpair", ACT_ACQUIRE);
  CHECK(f && f->handle.where == HANDLE_OUT && f->handle.arg == 3 && f->handle.count == 2,
        "socketpair: not out3 count 2");

  f = model_lookup_action(set, "realloc", ACT_REALLOC);
  CHECK(f && f->old_arg == 0 && f->handle.where == HANDLE_RETURN && f->failure == FAIL_NULL,
        "realloc: not a realloc of arg 0");
  f = model_lookup_action(set, "mmap", ACT_ACQUIRE);
  CHECK(f && f->failure == FAIL_MAP_FAILED, "mmap does not fail with MAP_FAILED");
  f = model_lookup_action(set, "open", ACT_ACQUIRE);
  CHECK(f && f->failure == FAIL_NEGATIVE && f->handle.count == 1, "open: not negative");

  f = model_lookup_action(set, "g_timeout_add", ACT_ACQUIRE);
  CHECK(f && f->failure == FAIL_ZERO && f->callback_arg == 1 && f->repeats,
        "g_timeout_add: not a repeating acquire with callback 1");
  f = model_lookup_action(set, "g_timeout_add_full", ACT_ACQUIRE);
  CHECK(f && f->callback_arg == 2, "g_timeout_add_full: callback is not argument 2");

  f = model_lookup_action(set, "setvbuf", ACT_KEEP);
  CHECK(f && f->args_mask == 1u << 1, "setvbuf does not keep exactly argument 1");
  f = model_lookup_action(set, "pthread_create", ACT_KEEP);
  CHECK(f && f->args_mask == 1u << 3, "pthread_create does not keep exactly argument 3");
  f = model_lookup_action(set, "g_hash_table_insert", ACT_KEEP);
  CHECK(f && f->args_mask == ((1u << 1) | (1u << 2)), "g_hash_table_insert keeps 1 and 2");
  f = model_lookup_action(set, "fprintf", ACT_BORROW);
  CHECK(f && f->args_mask == ~0u && f->handle.where == HANDLE_NONE,
        "fprintf does not borrow every argument");
  f = model_lookup_action(set, "g_slice_free1", ACT_RELEASE);
  CHECK(f && f->handle.arg == 1, "g_slice_free1 does not release argument 1");
  f = model_lookup_action(set, "sqlite3_prepare_v3", ACT_ACQUIRE);
  CHECK(f && f->handle.where == HANDLE_OUT && f->handle.arg == 4, "sqlite3_prepare_v3: not out4");

  const api_model *m = family_named(set, "stdio-lock");
  CHECK(m && m->recursive && m->kind == MODEL_LOCK, "stdio-lock is not a recursive lock");
  m = family_named(set, "pthread-mutex");
  CHECK(m && !m->recursive && m->rules == RULE_BIT(RULE_LOCK_IMBALANCE),
        "pthread-mutex: rules or recursion wrong");
  m = family_named(set, "memory");
  CHECK(m && (m->rules & RULE_BIT(RULE_RETAINED_SUBBUFFER)) &&
            (m->rules & RULE_BIT(RULE_RESOURCE_LEAK)),
        "memory does not serve retained-subbuffer and resource-leak");
  m = family_named(set, "barrier");
  CHECK(m && m->kind == MODEL_COUNTER, "barrier is not a counter");
}

/* ---- every shipped family is complete ----------------------------------- */

typedef struct family_actions {
  const char *family;
  unsigned actions; /* bit per api_action */
} family_actions;

static void note_actions(const model_set *set, const char *name, family_actions *fa, size_t *n) {
  for (const api_fn *const *f = model_lookup(set, name); f && *f; f++) {
    size_t i = 0;
    while (i < *n && strcmp(fa[i].family, (*f)->model->family) != 0)
      i++;
    if (i == *n)
      fa[(*n)++] = (family_actions){(*f)->model->family, 0};
    fa[i].actions |= 1u << (*f)->action;
  }
}

static size_t collect_family(const model_set *set, const char *path, const cJSON *family,
                             family_actions *fa, size_t *n) {
  size_t names = 0;
  const cJSON *fn;
  cJSON_ArrayForEach(fn, cJSON_GetObjectItem(family, "functions")) {
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(fn, "name"));
    CHECK(name && model_lookup(set, name), "%s: %s has no entry", path, name ? name : "?");
    if (name) {
      note_actions(set, name, fa, n);
      names++;
    }
  }
  return names;
}

/* Every "name" of every shipped file, fed through model_lookup: the files
 * are read with cJSON here, independently of the loader. */
static size_t collect_from_file(const model_set *set, const char *path, family_actions *fa,
                                size_t *n) {
  char *text = read_file(path, NULL);
  cJSON *root = text ? cJSON_Parse(text) : NULL;
  size_t names = 0;
  CHECK(root != NULL, "%s does not parse", path);
  if (cJSON_IsObject(root)) {
    names = collect_family(set, path, root, fa, n);
  } else {
    const cJSON *family;
    cJSON_ArrayForEach(family, root) names += collect_family(set, path, family, fa, n);
  }
  cJSON_Delete(root);
  free(text);
  return names;
}

static void test_families_complete(const model_set *set) {
  size_t nfa = 0, names = 0;
  family_actions *fa = xcalloc(model_set_count(set) + 1, sizeof *fa);
  DIR *dp = opendir(RULES_DIR);
  struct dirent *de;
  while (dp && (de = readdir(dp)) != NULL) {
    if (!str_ends_with(de->d_name, ".json"))
      continue;
    char *path = xasprintf("%s/%s", RULES_DIR, de->d_name);
    names += collect_from_file(set, path, fa, &nfa);
    free(path);
  }
  if (dp)
    closedir(dp);
  CHECK(names > 300, "only %zu function entries shipped", names);
  CHECK(nfa == model_set_count(set), "%zu families seen, %zu loaded", nfa, model_set_count(set));
  /* A realloc creates a handle too: curl_slist_append(NULL, s) makes a list. */
  unsigned creates = (1u << ACT_ACQUIRE) | (1u << ACT_REALLOC);
  unsigned passive = (1u << ACT_BORROW) | (1u << ACT_KEEP);
  /* A counting view of an object another family makes (semaphore-count's
   * post and wait) neither creates nor ends anything. */
  unsigned counting = (1u << ACT_ADD) | (1u << ACT_DONE) | (1u << ACT_POST) | (1u << ACT_WAIT);
  for (size_t i = 0; i < nfa; i++) {
    unsigned a = fa[i].actions;
    CHECK(((a & creates) && (a & (1u << ACT_RELEASE))) || (a & ~(passive | counting)) == 0,
          "family %s has no acquire or no release (actions 0x%x)", fa[i].family, a);
  }
  free(fa);
}

/* ---- overriding --------------------------------------------------------- */

static void test_override(void) {
  model_set *set = load_shipped();
  char err[512] = "";
  const api_fn *before = model_lookup_action(set, "fopen", ACT_ACQUIRE);
  size_t nfopen = 0, nclose = 0, nfamilies = model_set_count(set);
  for (const api_fn *const *f = model_lookup(set, "fopen"); f && *f; f++)
    nfopen++;
  for (const api_fn *const *f = model_lookup(set, "close"); f && *f; f++)
    nclose++;

  const char *user = "{\"family\": \"stdio\", \"kind\": \"resource\",\n"
                     " \"description\": \"stream\",\n"
                     " \"functions\": [\n"
                     "  {\"name\": \"fopen\", \"action\": \"acquire\", \"handle\": \"return\"}\n"
                     "]}\n"
                     "";
  int rc = model_set_load_string(set, "user/stdio.json", user, err, sizeof err);
  CHECK(rc == 0, "override refused: %s", err);
  const api_fn *after = model_lookup_action(set, "fopen", ACT_ACQUIRE);
  CHECK(after && after != before && after->failure == FAIL_NONE, "fopen acquire was not replaced");
  CHECK(after && strcmp(after->file, "user/stdio.json") == 0 && after->line == 4,
        "replacement comes from %s:%u", after ? after->file : "?", after ? after->line : 0);
  CHECK(before->failure == FAIL_NULL && strcmp(before->name, "fopen") == 0,
        "the replaced entry was freed or changed");
  size_t n = 0;
  for (const api_fn *const *f = model_lookup(set, "fopen"); f && *f; f++)
    n++;
  CHECK(n == nfopen, "fopen has %zu entries after the override, %zu before", n, nfopen);
  CHECK(model_lookup_action(set, "fclose", ACT_RELEASE) != NULL, "override dropped fclose");
  CHECK(model_set_count(set) == nfamilies, "override added a family");
  CHECK(strcmp(after->model->description, "stream") == 0 &&
            strcmp(after->model->release_hint, "fclose()") == 0,
        "family fields: description %s, hint %s", after->model->description,
        after->model->release_hint);

  /* The same name and action in another family coexists. */
  rc = model_set_load_string(
      set, "user/ports.json",
      "{\"family\": \"port\", \"kind\": \"resource\", \"functions\": ["
      "{\"name\": \"port_open\", \"action\": \"acquire\", "
      "\"handle\": \"return\", \"failure\": \"negative\"},"
      "{\"name\": \"close\", \"action\": \"release\", \"handle\": \"arg0\"}]}",
      err, sizeof err);
  CHECK(rc == 0, "port family refused: %s", err);
  n = 0;
  for (const api_fn *const *f = model_lookup(set, "close"); f && *f; f++)
    n++;
  CHECK(n == nclose + 1, "close has %zu entries, expected %zu", n, nclose + 1);
  CHECK(entry_in(set, "close", ACT_RELEASE, "fd") && entry_in(set, "close", ACT_RELEASE, "port"),
        "close lost a family");

  /* A family cannot change its kind; the refused document changes nothing. */
  rc = model_set_load_string(set, "user/kind.json",
                             "[{\"family\": \"fresh\", \"kind\": \"lock\", \"functions\": [\n"
                             "  {\"name\": \"fresh_lock\", \"action\": \"acquire\", "
                             "\"handle\": \"arg0\"}]},\n"
                             " {\"family\": \"stdio\",\n  \"kind\": \"lock\", \"functions\": []}]",
                             err, sizeof err);
  CHECK(rc == -1 &&
            str_starts_with(err, "user/kind.json:4:11: error: [1] (\"stdio\"): family \"stdio\" "
                                 "is a resource family"),
        "kind change: %s", err);
  CHECK(model_lookup(set, "fresh_lock") == NULL, "a refused document added entries");
  CHECK(family_named(set, "fresh") == NULL, "a refused document added a family");
  model_set_free(set);
}

static void test_dir_order(void) {
  model_set *set = model_set_new();
  char err[512] = "";
  int rc = model_set_load_dir(set, FIXTURES "/order", err, sizeof err);
  CHECK(rc == 0, "order dir: %s", err);
  const api_fn *f = model_lookup_action(set, "ord_open", ACT_ACQUIRE);
  CHECK(f && f->failure == FAIL_NEGATIVE, "20-user.json did not override 10-builtin.json");
  CHECK(f && str_ends_with(f->file, "20-user.json"), "ord_open from %s", f ? f->file : "?");
  CHECK(model_lookup_action(set, "ord_close", ACT_RELEASE) != NULL, "ord_close was dropped");
  CHECK(model_set_count(set) == 1, "%zu families", model_set_count(set));
  const api_model *m = model_set_model(set, 0);
  CHECK(m && strcmp(m->description, "second description") == 0, "description not overridden");
  CHECK(model_set_model(set, 1) == NULL, "iteration past the end");
  model_set_free(set);
}

/* ---- refused files ------------------------------------------------------ */

typedef struct bad_case {
  const char *file;
  const char *prefix; /* the exact start of the message */
} bad_case;

static const bad_case bad_cases[] = {
    {"syntax-error.json", "syntax-error.json:7:5: error: JSON syntax error near '{'"},
    {"unknown-action.json",
     "unknown-action.json:10:39: error: functions[3] (\"typo_fclose\"): unknown action \"relese\" "
     "(expected acquire, release, realloc, arm, stop, borrow, keep, wait, wake, add, done, self, "
     "detach_attr, post)"},
    {"missing-name.json", "missing-name.json:15:7: error: [1].functions[1]: missing \"name\""},
    {"bad-handle.json",
     "bad-handle.json:6:57: error: functions[1] (\"bh_close\"): bad handle \"arg\""},
    {"wrong-type.json",
     "wrong-type.json:7:20: error: functions[1] (\"wt_trylock\"): \"must_check\" must "
     "be true or false, not a string"},
    {"unknown-rule.json",
     "unknown-rule.json:5:13: error: unknown rule \"resource-leek\" (expected "},
    {"unknown-key.json", "unknown-key.json:5:66: error: functions[0] (\"uk_open\"): unknown key "
                         "\"fail\" (expected name, "},
    {"misplaced-key.json",
     "misplaced-key.json:6:65: error: functions[1] (\"mk_close\"): \"failure\" applies only to "},
};

static void test_refused_files(void) {
  for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
    model_set *set = model_set_new();
    char err[512] = "", path[256], want[512];
    snprintf(path, sizeof path, "%s/%s", FIXTURES, bad_cases[i].file);
    snprintf(want, sizeof want, "%s/%s", FIXTURES, bad_cases[i].prefix);
    int rc = model_set_load_file(set, path, err, sizeof err);
    CHECK(rc == -1, "%s was accepted", path);
    CHECK(str_starts_with(err, want), "%s:\n  got:  %s\n  want: %s...", path, err, want);
    CHECK(model_set_count(set) == 0, "%s: a refused file added %zu families", path,
          model_set_count(set));
    model_set_free(set);
  }
  model_set *set = model_set_new();
  char err[512] = "";
  CHECK(model_lookup(set, "first_ok_open") == NULL, "empty set has entries");
  CHECK(model_set_load_dir(set, FIXTURES "/no-such-dir", err, sizeof err) == -1 &&
            strcmp(err, FIXTURES "/no-such-dir: cannot read: No such file or directory") == 0,
        "missing dir: %s", err);
  CHECK(model_set_load_file(set, FIXTURES "/no-such.json", err, sizeof err) == -1 &&
            strcmp(err, FIXTURES "/no-such.json: cannot read: No such file or directory") == 0,
        "missing file: %s", err);
  /* A directory of fixtures stops at the first bad file, in name order. */
  CHECK(model_set_load_dir(set, FIXTURES, err, sizeof err) == -1 &&
            str_starts_with(err, FIXTURES "/bad-handle.json:6:57: error: "),
        "fixtures dir: %s", err);
  model_set_free(set);
}

typedef struct string_case {
  const char *json;
  const char *want; /* exact message, path "s.json" */
} string_case;

static const string_case string_cases[] = {
    {"", "s.json:1:1: error: JSON syntax error: unexpected end of input"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"cp\", \"action\": \"borrow\", \"copies\": [0]}]}",
     "s.json:2:47: error: functions[0] (\"cp\"): \"copies\" must be [DST, SRC]: two argument "
     "indexes "
     "from 0 to 31"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"cp\", \"action\": \"borrow\", \"returns\": \"out0\"}]}",
     "s.json:2:48: error: functions[0] (\"cp\"): \"returns\" names the argument the result is, or "
     "points into: \"argN\", \"argN_or_null\", \"argN_or_minus_one\" or \"inside_argN\""},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"find\", \"action\": \"borrow\", \"returns\": \"inside_out1\"}]}",
     "s.json:2:50: error: functions[0] (\"find\"): \"returns\" names the argument the result is, "
     "or points into: \"argN\", \"argN_or_null\", \"argN_or_minus_one\" or \"inside_argN\""},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"cp\", \"action\": \"keep\", \"returns\": \"arg0\"}]}",
     "s.json:2:35: error: functions[0] (\"cp\"): \"returns\" applies only to borrow"},
    {"{\"family\": \"q\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"q_free\", \"action\": \"release\", \"handle\": \"arg0\", \"timed\": true}]}",
     "s.json:2:60: error: functions[0] (\"q_free\"): \"timed\" applies only to wait, or to wake in "
     "a channel family"},
    {"{\"family\": \"q\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"q_free\", \"action\": \"release\", \"handle\": \"arg0\", \"closes\": true}]}",
     "s.json:2:60: error: functions[0] (\"q_free\"): \"closes\" applies only to wake in a channel "
     "family"},
    {"{\"family\": \"q\", \"kind\": \"channel\", \"functions\": [\n"
     " {\"name\": \"q_pop\", \"action\": \"wait\", \"handle\": \"arg0\", \"blocks\": true}]}",
     "s.json:2:56: error: functions[0] (\"q_pop\"): \"blocks\" applies only to wake in a channel "
     "family"},
    {"{\"family\": \"q\", \"kind\": \"channel\", \"functions\": [\n"
     " {\"name\": \"q_pop\", \"action\": \"wait\", \"handle\": \"arg0\", \"transient\": true}]}",
     "s.json:2:56: error: functions[0] (\"q_pop\"): \"transient\" applies only to wake in a "
     "channel family"},
    {"{\"family\": \"q\", \"kind\": \"channel\", \"functions\": [\n"
     " {\"name\": \"q_pop\", \"action\": \"wait\", \"handle\": \"arg0\", \"timed\": 1}]}",
     "s.json:2:65: error: functions[0] (\"q_pop\"): \"timed\" must be true or false, not a number"},
    {"{\"family\": \"x\",\n \"kind\": \"resource\",\n \"functions\": [\n",
     "s.json:4:1: error: JSON syntax error: unexpected end of input"},
    {"42", "s.json:1:1: error: expected a family object or an array of them, not a number"},
    {"[{\"family\": \"x\"}]", "s.json:1:2: error: [0] (\"x\"): missing \"kind\""},
    {"{\"family\": \"x\", \"kind\": \"heap\", \"functions\": []}",
     "s.json:1:25: error: unknown kind \"heap\" (expected resource, lock, timer, thread, counter, "
     "channel)"},
    {"{\"family\": \"x\", \"kind\": \"resource\"}", "s.json:1:1: error: missing \"functions\""},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"recursive\": true, \"functions\": []}",
     "s.json:1:37: error: \"recursive\" applies only to lock families"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_free\", \"action\": \"release\", \"handle\": \"arg0\"},\n"
     " {\"name\": \"x_free\", \"action\": \"release\", \"handle\": \"arg1\"}]}",
     "s.json:3:2: error: functions[1] (\"x_free\"): a second release entry for \"x_free\" in "
     "family "
     "\"x\" (the first is on line 2)"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_open()\", \"action\": \"acquire\", \"handle\": \"return\"}]}",
     "s.json:2:11: error: functions[0]: \"name\" must be a C identifier, not \"x_open()\""},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_new\", \"action\": \"acquire\", \"handle\": \"out1\", \"count\": 0}]}",
     "s.json:2:68: error: functions[0] (\"x_new\"): \"count\" must be an integer from 1 to 64"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_use\", \"action\": \"borrow\", \"args\": [0, 32]}]}",
     "s.json:2:52: error: functions[0] (\"x_use\"): \"args\"[1] must be an argument index from 0 "
     "to 31"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_grow\", \"action\": \"realloc\", \"handle\": \"return\"}]}",
     "s.json:2:2: error: functions[0] (\"x_grow\"): missing \"old\" (the argument a realloc entry "
     "releases)"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_use\", \"action\": \"borrow\", \"handle\": \"arg0\"}]}",
     "s.json:2:40: error: functions[0] (\"x_use\"): \"handle\" borrow and keep entries list "
     "\"args\", "
     "not a handle"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_open\", \"action\": \"acquire\", \"handle\": \"arg32\"}]}",
     "s.json:2:52: error: functions[0] (\"x_open\"): bad handle \"arg32\" (expected \"return\", "
     "\"argN\" "
     "or \"outN\", N from 0 to 31)"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_open\", \"action\": \"acquire\", \"handle\": \"return\", \"name\": \"y\"}]}",
     "s.json:2:62: error: functions[0] (\"x_open\"): \"name\" is given twice"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_close\", \"action\": \"release\", \"handle\": \"out0\"}]}",
     "s.json:2:53: error: functions[0] (\"x_close\"): an \"outN\" handle applies only to acquire"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_grow\", \"action\": \"realloc\", \"handle\": \"arg0\", \"old\": 0}]}",
     "s.json:2:52: error: functions[0] (\"x_grow\"): a realloc entry's handle is \"return\""},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\"x_open\"]}",
     "s.json:1:51: error: functions[0]: expected an object, not a string"},
    {"\xEF\xBB\xBF{\"family\": 7}",
     "s.json:1:15: error: \"family\" must be a string, not a number"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_ctl\", \"action\": \"release\", \"handle\": \"arg1\", \"value\": 0}]}",
     "s.json:2:68: error: functions[0] (\"x_ctl\"): a condition needs both \"value\" (the "
     "argument) "
     "and \"equals\""},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_ctl\", \"action\": \"release\", \"handle\": \"arg1\", \"value\": 0, "
     "\"equals\": \"X CLOSE\"}]}",
     "s.json:2:81: error: functions[0] (\"x_ctl\"): \"equals\" names a macro: an identifier"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_ctl\", \"action\": \"release\", \"handle\": \"arg1\", \"value\": 0, "
     "\"equals\": 1.5}]}",
     "s.json:2:81: error: functions[0] (\"x_ctl\"): \"equals\" must be an integer constant or the "
     "name of a macro"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_read\", \"action\": \"acquire\", \"handle\": \"return\", \"reuses\": true}]}",
     "s.json:2:62: error: functions[0] (\"x_read\"): \"reuses\" applies only to acquire of an "
     "\"outN\" "
     "handle in a resource family"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_free\", \"action\": \"release\", \"handle\": \"arg0\", \"size\": 0}]}",
     "s.json:2:60: error: functions[0] (\"x_free\"): \"size\" applies only to acquire and realloc "
     "in a resource family"},
    {"{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
     " {\"name\": \"x_alloc\", \"action\": \"acquire\", \"handle\": \"return\", \"size\": [0]}]}",
     "s.json:2:71: error: functions[0] (\"x_alloc\"): \"size\" must be an argument index, or "
     "[COUNT, SIZE]: two, from 0 to 31"},
    {"{\"family\": \"x\", \"kind\": \"thread\", \"release_code\": \"x_join(%d)\", \"functions\": "
     "[]}",
     "s.json:1:51: error: \"release_code\" is the release call with one %s for the handle "
     "(\"pthread_join(%s, NULL)\")"},
};

static void test_refused_strings(void) {
  for (size_t i = 0; i < sizeof string_cases / sizeof *string_cases; i++) {
    model_set *set = model_set_new();
    char err[512] = "";
    int rc = model_set_load_string(set, "s.json", string_cases[i].json, err, sizeof err);
    CHECK(rc == -1 && strcmp(err, string_cases[i].want) == 0, "case %zu:\n  got:  %s\n  want: %s",
          i, err, string_cases[i].want);
    model_set_free(set);
  }
}

/* Every ```json block of rules/README.md loads on top of the shipped models,
 * so the documentation's examples stay true. */
static void test_readme_examples(void) {
  char *text = read_file(RULES_DIR "/README.md", NULL);
  CHECK(text != NULL, "cannot read " RULES_DIR "/README.md");
  int blocks = 0;
  for (char *p = text; p && (p = strstr(p, "```json\n")) != NULL; blocks++) {
    p += strlen("```json\n");
    char *end = strstr(p, "```");
    if (!end)
      break;
    *end = '\0';
    model_set *set = load_shipped();
    char err[512] = "";
    CHECK(model_set_load_string(set, "README.md example", p, err, sizeof err) == 0,
          "README example %d: %s", blocks, err);
    model_set_free(set);
    p = end + 3;
  }
  CHECK(blocks >= 4, "README has %d json examples", blocks);
  free(text);
}

/* ---- the C interface ---------------------------------------------------- */

static void test_add(void) {
  model_set *set = model_set_new();
  api_model *m = model_set_family(set, "summary", MODEL_RESOURCE);
  CHECK(m && m->rules == (RULE_BIT(RULE_RESOURCE_LEAK) | RULE_BIT(RULE_LOOP_DEFERRED_RELEASE)),
        "run-time family has no default rules");
  CHECK(model_set_family(set, "summary", MODEL_RESOURCE) == m, "family not found again");
  CHECK(model_set_family(set, "summary", MODEL_LOCK) == NULL, "kind change allowed");

  char name[32];
  snprintf(name, sizeof name, "%s", "make_thing");
  api_fn fn = {.name = name,
               .action = ACT_ACQUIRE,
               .handle = {HANDLE_RETURN, -1, 1},
               .failure = FAIL_NULL,
               .old_arg = -1,
               .repeat_arg = -1,
               .callback_arg = -1,
               .model = m,
               .file = "unit.c",
               .line = 12,
               .handle_field = "->mu"};
  const api_fn *added = model_set_add(set, &fn);
  name[0] = 'X'; /* the set keeps its own copy */
  CHECK(added && strcmp(added->name, "make_thing") == 0 && added->line == 12 &&
            added->handle_field != fn.handle_field && strcmp(added->handle_field, "->mu") == 0,
        "model_set_add did not copy the entry");
  CHECK(model_lookup_action(set, "make_thing", ACT_ACQUIRE) == added, "added entry not found");
  /* Grow the table well past its first size: lookups still find everything. */
  for (int i = 0; i < 2000; i++) {
    char buf[32];
    snprintf(buf, sizeof buf, "fn_%d", i);
    fn.name = buf;
    fn.action = i % 2 ? ACT_RELEASE : ACT_ACQUIRE;
    model_set_add(set, &fn);
  }
  CHECK(model_lookup_action(set, "make_thing", ACT_ACQUIRE) == added, "lost after growth");
  const api_fn *f = model_lookup_action(set, "fn_1999", ACT_RELEASE);
  CHECK(f && strcmp(f->name, "fn_1999") == 0 && strcmp(f->file, "unit.c") == 0,
        "fn_1999 lost after growth");

  api_model stranger = {.family = "stranger"};
  fn.model = &stranger;
  CHECK(model_set_add(set, &fn) == NULL, "entry of a foreign model accepted");

  CHECK(strcmp(model_kind_name(MODEL_CHANNEL), "channel") == 0, "model_kind_name");
  CHECK(strcmp(api_action_name(ACT_WAKE), "wake") == 0, "api_action_name");
  CHECK(strcmp(api_action_name(ACT_REALLOC), "realloc") == 0, "api_action_name");
  model_set_free(set);
  model_set_free(NULL);
}

/* The argument values of a call, for model_lookup_call. */
typedef struct {
  long long value[4];
  const char *spelled[4];
} fake_call;

static bool fake_holds(const void *call, int arg, long long equals, const char *equals_name) {
  const fake_call *c = call;
  if (arg < 0 || arg >= 4)
    return false;
  return equals_name ? c->spelled[arg] && strcmp(c->spelled[arg], equals_name) == 0
                     : c->value[arg] == equals;
}

/* An entry with a condition is seen only by calls that meet it, and then
 * in place of the name's other entries. */
static void test_conditional_entries(void) {
  model_set *set = load_shipped();
  char err[512] = "";
  const char *user = "{\"family\": \"x\", \"kind\": \"resource\", \"functions\": [\n"
                     " {\"name\": \"x_ctl\", \"action\": \"keep\"},\n"
                     " {\"name\": \"x_ctl\", \"action\": \"release\", \"handle\": \"arg1\",\n"
                     "  \"value\": 0, \"equals\": \"X_CLOSE\"},\n"
                     " {\"name\": \"x_ctl\", \"action\": \"acquire\", \"handle\": \"return\",\n"
                     "  \"failure\": \"negative\", \"value\": 0, \"equals\": 7}]}";
  int rc = model_set_load_string(set, "x.json", user, err, sizeof err);
  CHECK(rc == 0, "conditional entries refused: %s", err);
  const api_fn *const *plain = model_lookup(set, "x_ctl");
  CHECK(plain && plain[0] && plain[0]->action == ACT_KEEP && !plain[1],
        "model_lookup sees only the entry without a condition");
  fake_call close_call = {.value = {3, 5}, .spelled = {"X_CLOSE"}};
  const api_fn *const *e = model_lookup_call(set, "x_ctl", fake_holds, &close_call);
  CHECK(e && e[0] && e[0]->action == ACT_RELEASE && !e[1], "X_CLOSE picks the release alone");
  fake_call open_call = {.value = {7}};
  e = model_lookup_call(set, "x_ctl", fake_holds, &open_call);
  CHECK(e && e[0] && e[0]->action == ACT_ACQUIRE && !e[1], "7 picks the acquire alone");
  fake_call other = {.value = {3}, .spelled = {"X_OTHER"}};
  CHECK(model_lookup_call(set, "x_ctl", fake_holds, &other) == plain,
        "a call that meets no condition gets the plain entries");
  model_set_free(set);
}

int main(void) {
  test_conditional_entries();
  model_set *set = load_shipped();
  test_lookups(set);
  test_families_complete(set);
  model_set_free(set);
  test_override();
  test_dir_order();
  test_refused_files();
  test_refused_strings();
  test_readme_examples();
  test_add();
  if (failures) {
    fprintf(stderr, "test_models: %d check(s) failed\n", failures);
    return 1;
  }
  printf("test_models: ok\n");
  return 0;
}
