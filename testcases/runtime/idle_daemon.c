/* A daemon: it loads its configuration, leaking the old entries as it
 * replaces them, then waits for requests that never come.  It allocates
 * nothing more, and the verifier ends it after a timeout with a signal it
 * does not handle, so no destructor runs.
 *   idle_daemon          single-threaded: no sample is taken again, so no
 *                        periodic profile is written;
 *   idle_daemon workers  with a pool of workers waiting on a condition
 *                        variable: the sampler's writer thread writes the
 *                        profiles, but with an interval longer than the run.
 * Either way, only a profile asked for before the end shows what it holds. */
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

static void check_config(void) {
  char *scratch = malloc(ENTRY_BYTES); /* verify: resource-leak not-reproduced */
  if (scratch) {
    memset(scratch, 0, ENTRY_BYTES);
    free(scratch);
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

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "workers") == 0)
    for (int i = 0; i < WORKERS; i++) {
      pthread_t t;
      pthread_create(&t, NULL, worker, NULL);
    }
  load_config();
  check_config();
  for (;;)
    select(0, NULL, NULL, NULL, NULL); /* waits for requests */
}
