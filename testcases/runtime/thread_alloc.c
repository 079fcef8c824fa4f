/* A worker thread builds session objects.  The faulty worker forgets the ones
 * it replaces; the allocation happens on the spawned thread, whose stack ends
 * in glibc's start_thread and clone. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { ROUNDS = 120, SESSION_BYTES = 2048 };

struct session {
  int id;
  char *scratch;
};

static struct session *new_session(int id) {
  struct session *s = calloc(1, sizeof *s);
  if (s)
    s->id = id;
  return s;
}

/* Faulty: the scratch buffer of each replaced session is never freed. */
static void *leaky_worker(void *arg) {
  struct session *current = new_session(0);
  for (int i = 1; i < ROUNDS && current; i++) {
    current->scratch = malloc(SESSION_BYTES); /* verify: resource-leak confirmed */
    if (current->scratch)
      memset(current->scratch, i, SESSION_BYTES);
    current->id = i;
    usleep(10 * 1000);
  }
  *(int *)arg = current ? current->id : -1;
  return NULL;
}

/* Correct: the worker frees the buffer it is done with. */
static void *careful_worker(void *arg) {
  struct session *current = new_session(0);
  for (int i = 1; i < ROUNDS && current; i++) {
    current->scratch = malloc(SESSION_BYTES); /* verify: resource-leak not-reproduced */
    if (current->scratch)
      memset(current->scratch, i, SESSION_BYTES);
    current->id = i;
    free(current->scratch);
    current->scratch = NULL;
    usleep(10 * 1000);
  }
  int id = current ? current->id : -1;
  free(current);
  *(int *)arg = id;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  int ra = 0, rb = 0;
  if (pthread_create(&a, NULL, leaky_worker, &ra) != 0)
    return 1;
  if (pthread_create(&b, NULL, careful_worker, &rb) != 0)
    return 1;
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("last sessions %d %d\n", ra, rb);
  return 0;
}
