/* A job queue whose messages are allocated by one thread and freed by
 * another, with the ways a sampled block can leave the program that do not
 * go through a plain free() in the thread that made it: a consumer thread's
 * free, realloc that shrinks and grows, use of every byte malloc_usable_size
 * promises, over-aligned blocks, and a forked child that frees what it
 * inherited.  The sampler serves sampled blocks from pages of its own; each
 * of these must reach it (or glibc) intact, and only the kept ones may be
 * confirmed. */
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { JOBS = 200, KEPT = 50 };

struct job {
  struct job *next;
  int id;
  char payload[120];
};

static struct job *queue;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static int producer_done;
static char *journal[KEPT];
static void *aligned_kept[KEPT];

static void *consume(void *arg) {
  (void)arg;
  int handled = 0;
  pthread_mutex_lock(&queue_lock);
  for (;;) {
    while (!queue && !producer_done)
      pthread_cond_wait(&queue_ready, &queue_lock);
    struct job *j = queue;
    if (!j)
      break;
    queue = j->next;
    pthread_mutex_unlock(&queue_lock);
    handled += j->payload[0] == 'j';
    free(j); /* another thread's block */
    pthread_mutex_lock(&queue_lock);
  }
  pthread_mutex_unlock(&queue_lock);
  return (void *)(long)handled;
}

static void produce(void) {
  for (int i = 0; i < JOBS; i++) {
    struct job *j = malloc(sizeof *j); /* verify: resource-leak not-reproduced */
    if (!j)
      continue;
    j->id = i;
    snprintf(j->payload, sizeof j->payload, "job %d", i);
    pthread_mutex_lock(&queue_lock);
    j->next = queue;
    queue = j;
    pthread_cond_signal(&queue_ready);
    pthread_mutex_unlock(&queue_lock);
  }
  pthread_mutex_lock(&queue_lock);
  producer_done = 1;
  pthread_cond_broadcast(&queue_ready);
  pthread_mutex_unlock(&queue_lock);
}

/* Grows a line buffer, shrinks it to fit, and keeps one in four. */
static void journal_lines(void) {
  for (int i = 0; i < KEPT * 4; i++) {
    char *line = malloc(16); /* verify: resource-leak not-reproduced */
    if (!line)
      continue;
    char *grown = realloc(line, 3000); /* verify: resource-leak not-reproduced */
    if (!grown) {
      free(line);
      continue;
    }
    memset(grown, 'a', 3000);
    char *fit = realloc(grown, 40); /* verify: resource-leak confirmed */
    if (!fit) {
      free(grown);
      continue;
    }
    fit[39] = '\0';
    if (i % 4 == 0)
      journal[i / 4] = fit;
    else
      free(fit);
  }
}

/* Scratch buffers used up to what malloc_usable_size says they hold. */
static void scratch_to_the_brim(void) {
  for (int i = 0; i < 100; i++) {
    char *b = malloc(100 + i); /* verify: resource-leak not-reproduced */
    if (!b)
      continue;
    memset(b, 0x5a, malloc_usable_size(b));
    free(b);
  }
}

/* Page tables of a toy allocator: 64 KiB-aligned, one kept per round. */
static void aligned_tables(void) {
  for (int i = 0; i < KEPT; i++) {
    void *scratch = aligned_alloc(65536, 70000); /* verify: resource-leak not-reproduced */
    void *table = aligned_alloc(65536, 20000);   /* verify: resource-leak confirmed */
    if (scratch && ((size_t)scratch & 65535) == 0)
      memset(scratch, 1, 70000);
    free(scratch);
    aligned_kept[i] = table;
  }
}

/* A child that frees what it inherited, then exits normally. */
static int child_frees_inherited(void) {
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < KEPT; i++) {
      free(journal[i]);
      free(aligned_kept[i]);
    }
    char *note = malloc(64); /* verify: resource-leak not-reproduced */
    if (note)
      snprintf(note, 64, "child %d freed %d", (int)getpid(), KEPT);
    free(note);
    exit(0);
  }
  int status = 1;
  if (pid > 0)
    waitpid(pid, &status, 0);
  return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(void) {
  pthread_t consumer;
  if (pthread_create(&consumer, NULL, consume, NULL) != 0)
    return 1;
  produce();
  void *handled = NULL;
  pthread_join(consumer, &handled);
  journal_lines();
  scratch_to_the_brim();
  aligned_tables();
  int child_ok = child_frees_inherited();
  printf("handled %ld jobs, child %s, journal %s\n", (long)handled, child_ok ? "ok" : "failed",
         journal[KEPT - 1]);
  return child_ok && (long)handled == JOBS ? 0 : 1;
}
