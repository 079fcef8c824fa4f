/* A daemon with a worker pool: it loads its configuration, leaking the old
 * entries as it replaces them, starts workers that wait on a condition
 * variable for jobs that never come, and waits itself.  Profiles come from
 * the sampler's writer thread, every interval; with an interval longer than
 * the run, only a final profile asked for when the verifier ends the run
 * shows what it holds. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>

enum { ENTRIES = 200, ENTRY_BYTES = 1024, WORKERS = 2 };

static char *config[8];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jobs = PTHREAD_COND_INITIALIZER;
static int queued;

static void load_config(void) {
  for (int i = 0; i < ENTRIES; i++) {
    char *entry = malloc(ENTRY_BYTES); /* verify: resource-leak confirmed */
    if (!entry)
      return;
    memset(entry, 'c', ENTRY_BYTES);
    config[i % 8] = entry; /* the entry it replaces is lost */
  }
}

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  while (!queued)
    pthread_cond_wait(&jobs, &lock);
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t workers[WORKERS];
  for (int i = 0; i < WORKERS; i++)
    pthread_create(&workers[i], NULL, worker, NULL);
  load_config();
  for (;;)
    select(0, NULL, NULL, NULL, NULL); /* waits for requests */
}
