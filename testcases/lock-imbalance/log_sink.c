/* log_sink.c - a logger that writes multi-line records to stdio streams
 * (flockfile keeps a record's lines together) and keeps its ring of recent
 * records under a C11 mutex.  Its lock helpers are declared as such with
 * Clang's thread-safety attributes or sparse's context macros.
 *
 *   leaklint --verify testcases/lock-imbalance/log_sink.c
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <time.h>

/* sparse's context annotations; empty for every other compiler */
#ifdef __CHECKER__
#define __acquires(x) __attribute__((context(x, 0, 1)))
#define __releases(x) __attribute__((context(x, 1, 0)))
#else
#define __acquires(x)
#define __releases(x)
#endif

#define RING_SIZE 128
#define LINE_MAX_LEN 256

struct sink {
  FILE *out;
  int level;
  bool timestamps;
};

struct ring {
  mtx_t mu;
  char lines[RING_SIZE][LINE_MAX_LEN];
  unsigned head;
  unsigned dropped;
};

static struct ring recent;
static mtx_t sinks_mu;
static struct sink *sinks[4];

/* ---- lock helpers declared with attributes: each leaves the lock held
 * (or released) on purpose ---- */

static void sinks_lock(void) __attribute__((exclusive_lock_function(sinks_mu)));
static void sinks_unlock(void) __attribute__((unlock_function(sinks_mu)));

static void sinks_lock(void) {
  mtx_lock(&sinks_mu);
}

static void sinks_unlock(void) {
  mtx_unlock(&sinks_mu);
}

static void ring_lock(struct ring *r) __acquires(&r->mu) {
  mtx_lock(&r->mu);
}

static void ring_unlock(struct ring *r) __releases(&r->mu) {
  mtx_unlock(&r->mu);
}

/* correct: helpers paired, with the early return unlocking first */
int sinks_register(struct sink *s) {
  sinks_lock();
  for (int i = 0; i < 4; i++) {
    if (!sinks[i]) {
      sinks[i] = s;
      sinks_unlock();
      return i;
    }
  }
  sinks_unlock();
  return -1;
}

/* correct: sparse-annotated helpers paired */
void ring_push(const char *line) {
  ring_lock(&recent);
  strncpy(recent.lines[recent.head % RING_SIZE], line, LINE_MAX_LEN - 1);
  recent.head++;
  ring_unlock(&recent);
}

/* faulty: C11 mutex kept when the ring is empty */
int ring_last(char *buf, size_t len) {
  mtx_lock(&recent.mu);
  if (recent.head == 0)
    return -1; // expect: lock-imbalance
  snprintf(buf, len, "%s", recent.lines[(recent.head - 1) % RING_SIZE]);
  mtx_unlock(&recent.mu);
  return 0;
}

/* correct: checked C11 trylock */
bool ring_note_drop(void) {
  if (mtx_trylock(&recent.mu) != thrd_success)
    return false;
  recent.dropped++;
  mtx_unlock(&recent.mu);
  return true;
}

/* faulty: goto past the unlock */
int ring_copy_out(char (*dst)[LINE_MAX_LEN], unsigned n) {
  int rc = 0;
  mtx_lock(&recent.mu);
  if (n > RING_SIZE) {
    rc = -1;
    goto done;
  }
  for (unsigned i = 0; i < n; i++)
    memcpy(dst[i], recent.lines[i], LINE_MAX_LEN);
  mtx_unlock(&recent.mu);
done:
  return rc; // expect: lock-imbalance
}

/* ---- stdio stream locks ---- */

/* correct: one record's lines written under the stream lock */
void sink_write_record(struct sink *s, const char *tag, const char *const *lines, int n) {
  flockfile(s->out);
  if (s->timestamps)
    fprintf(s->out, "[%ld] ", (long)time(NULL));
  fprintf(s->out, "%s:\n", tag);
  for (int i = 0; i < n; i++)
    fprintf(s->out, "  %s\n", lines[i]);
  funlockfile(s->out);
}

/* correct: the stream lock is recursive; nested flockfile is fine */
void sink_write_banner(struct sink *s, const char *title) {
  flockfile(s->out);
  fputs("----\n", s->out);
  flockfile(s->out);
  fprintf(s->out, "%s\n", title);
  funlockfile(s->out);
  fputs("----\n", s->out);
  funlockfile(s->out);
}

/* faulty: a filtered record returns with the stream locked */
int sink_vlog(struct sink *s, int level, const char *fmt, va_list ap) {
  flockfile(s->out);
  if (level < s->level)
    return 0; // expect: lock-imbalance
  int n = vfprintf(s->out, fmt, ap);
  putc('\n', s->out);
  funlockfile(s->out);
  return n;
}

/* correct: checked ftrylockfile (0 when taken) */
bool sink_try_flush(struct sink *s) {
  if (ftrylockfile(s->out) != 0)
    return false;
  fflush(s->out);
  funlockfile(s->out);
  return true;
}

/* faulty: ftrylockfile's result ignored before the unlock */
void sink_flush_now(struct sink *s) {
  ftrylockfile(s->out);
  fflush(s->out);
  funlockfile(s->out); // expect: lock-imbalance
}

/* faulty: break leaves the stream of the sink that failed locked */
int sinks_broadcast(const char *msg) {
  int failed = -1;
  for (int i = 0; i < 4; i++) {
    if (!sinks[i])
      continue;
    flockfile(sinks[i]->out);
    if (fputs(msg, sinks[i]->out) == EOF) {
      failed = i;
      break;
    }
    funlockfile(sinks[i]->out);
  }
  return failed; // expect: lock-imbalance
}
