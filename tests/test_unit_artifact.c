/* test_unit_artifact.c - a unit's artifact survives the trip to bytes and
 * back exactly (the IR dumps alike, and re-encodes to the same bytes), its
 * open facts name what the code waits on, wakes and starts, and a
 * truncated or damaged artifact is refused without a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend.h"
#include "ir_codec.h"
#include "unit_artifact.h"
#include "util.h"

#include "check.h"

/* Real testcases with loops, switches, cleanups, locks, timers, threads. */
static const char *const units[] = {
    "testcases/resource-leak/real_world_shapes.c",
    "testcases/lock-imbalance/conn_table.c",
    "testcases/unstopped-timer/glib_timeouts.c",
    "testcases/loop-deferred-release/batch_import.c",
    "testcases/runtime/idle_daemon.c",
};

static char *dump(const ir_unit *u) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  for (size_t i = 0; i < u->nfuncs; i++)
    ir_dump(u->funcs[i], f);
  fclose(f);
  return text;
}

static bool has_fact(const unit_artifact *a, fact_kind kind, const char *subject) {
  for (size_t i = 0; i < a->nfacts; i++)
    if (a->facts[i].kind == kind && strcmp(a->facts[i].subject, subject) == 0)
      return true;
  return false;
}

static void round_trip(fe_context *fe, const model_set *models, const char *path) {
  static const char *const args[] = {"-std=gnu11", "-Itestcases"};
  fe_unit_request req = {.path = path, .args = args, .nargs = 2};
  ll_report notes;
  report_init(&notes);
  ir_unit *u = fe_lower_unit(fe, &req, &notes);
  report_free(&notes);
  CHECK(u && u->nfuncs > 0, "%s lowers", path);
  if (!u)
    return;
  unit_artifact *a = unit_artifact_make(u, models);
  byte_writer w = {0};
  unit_artifact_encode(a, &w);
  const char *err = NULL;
  unit_artifact *b = unit_artifact_decode(w.data, w.len, &err);
  CHECK(b != NULL, "%s decodes (%s)", path, err ? err : "");
  if (b) {
    char *d1 = dump(a->ir), *d2 = dump(b->ir);
    CHECK(strcmp(d1, d2) == 0, "%s: the decoded IR dumps as the lowered one", path);
    free(d1);
    free(d2);
    byte_writer w2 = {0};
    unit_artifact_encode(b, &w2);
    CHECK(w2.len == w.len && memcmp(w.data, w2.data, w.len) == 0,
          "%s: re-encoding gives the same bytes", path);
    bw_free(&w2);
    CHECK(b->nfacts == a->nfacts, "%s: facts kept (%zu, %zu)", path, a->nfacts, b->nfacts);
  }
  /* Every prefix is refused, and so is every single damaged byte that
   * breaks the structure; none crashes (ASan runs this too). */
  unsigned refused = 0;
  for (size_t n = 0; n < w.len; n += 1 + w.len / 400) {
    unit_artifact *t = unit_artifact_decode(w.data, n, &err);
    refused += t == NULL;
    unit_artifact_free(t);
  }
  CHECK(refused == (w.len + w.len / 400) / (1 + w.len / 400), "%s: every prefix refused", path);
  srand(7);
  for (int k = 0; k < 300; k++) {
    unsigned char *copy = xmalloc(w.len);
    memcpy(copy, w.data, w.len);
    copy[(size_t)rand() % w.len] ^= (unsigned char)(1 + rand() % 255);
    unit_artifact_free(unit_artifact_decode(copy, w.len, &err));
    free(copy);
  }
  bw_free(&w);
  unit_artifact_free(b);
  unit_artifact_free(a);
}

static void facts_of_idle_daemon(fe_context *fe, const model_set *models) {
  static const char *const args[] = {"-std=gnu11"};
  fe_unit_request req = {.path = "testcases/runtime/idle_daemon.c", .args = args, .nargs = 1};
  ll_report notes;
  report_init(&notes);
  ir_unit *u = fe_lower_unit(fe, &req, &notes);
  report_free(&notes);
  if (!u)
    return;
  unit_artifact *a = unit_artifact_make(u, models);
  size_t entries = 0;
  for (size_t i = 0; i < a->nfacts; i++)
    entries += a->facts[i].kind == FACT_THREAD_ENTRY;
  CHECK(entries > 0, "idle_daemon.c starts threads: a thread-entry fact");
  const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  char *path = xasprintf("%s/leaklint-artifact-%d.llu", dir, (int)getpid());
  CHECK(unit_artifact_write(a, path) == 0, "the artifact is written");
  const char *err = NULL;
  unit_artifact *b = unit_artifact_read(path, &err);
  CHECK(b && b->nfacts == a->nfacts, "the written artifact reads back (%s)", err ? err : "");
  for (size_t i = 0; b && i < a->nfacts; i++)
    CHECK(has_fact(b, a->facts[i].kind, a->facts[i].subject), "fact %zu kept", i);
  remove(path);
  free(path);
  unit_artifact_free(b);
  unit_artifact_free(a);
  CHECK(unit_artifact_read("/nonexistent/x.llu", &err) == NULL && err, "a missing file");
  const char other_version[] = "LLUNIT\r\n\x63";
  CHECK(unit_artifact_decode(other_version, sizeof other_version - 1, &err) == NULL &&
            strstr(err, "version"),
        "another format version is named as such");
}

/* Channel facts name the channel as the other functions name it, and an
 * untimed wait only: job_queue.c waits on q->not_empty, q->drained and
 * q->reap, polls q->idle with a timeout, and signals q->not_empty. */
static void channel_facts_of_job_queue(fe_context *fe, const model_set *models) {
  static const char *const args[] = {"-std=gnu11"};
  fe_unit_request req = {.path = "testcases/blocked-channel/job_queue.c", .args = args, .nargs = 1};
  ll_report notes;
  report_init(&notes);
  ir_unit *u = fe_lower_unit(fe, &req, &notes);
  report_free(&notes);
  CHECK(u != NULL, "job_queue.c lowers");
  if (!u)
    return;
  unit_artifact *a = unit_artifact_make(u, models);
  CHECK(has_fact(a, FACT_WAITS, intern("not_empty")) && has_fact(a, FACT_WAITS, intern("drained")),
        "untimed waits are facts, by the channel's member name");
  CHECK(!has_fact(a, FACT_WAITS, intern("idle")), "a timed wait is no wait fact");
  CHECK(has_fact(a, FACT_WAKES, intern("not_empty")) && !has_fact(a, FACT_WAKES, intern("drained")),
        "the signal and the broadcast are wake facts of 'not_empty' only");
  unit_artifact_free(a);
}

int main(void) {
  model_set *models = model_set_new();
  char err[512];
  if (model_set_load_dir(models, "rules", err, sizeof err) != 0) {
    fprintf(stderr, "loading rules: %s\n", err);
    return 1;
  }
  fe_context *fe = fe_new();
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    round_trip(fe, models, units[i]);
  facts_of_idle_daemon(fe, models);
  channel_facts_of_job_queue(fe, models);
  fe_free(fe);
  model_set_free(models);
  return failures != 0;
}
