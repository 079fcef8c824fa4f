/* Workers hand results to a collector through a one-slot channel (a mutex
 * and two condition variables), and bump a shared counter under a lock.
 *   channel-leak   the collector stops after the first result: every other
 *                  worker blocks forever in its send       (blocked-channel)
 *   channel-fixed  the collector takes every result
 *   lock-leak      a worker returns on its error path with the lock held:
 *                  every later worker blocks on it          (lock-imbalance)
 *   lock-fixed     the error path unlocks
 * Threads are not heap memory: the verifier sees them as counts of threads
 * and of threads blocked in a wait. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { WORKERS = 12 };

struct channel {
  pthread_mutex_t mu;
  pthread_cond_t can_send, can_recv;
  int full, value;
};

static struct channel results = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
                                 PTHREAD_COND_INITIALIZER, 0, 0};
static pthread_mutex_t counter_mu = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static int unlock_on_error;

static void channel_send(struct channel *c, int v) {
  pthread_mutex_lock(&c->mu);
  while (c->full)
    pthread_cond_wait(&c->can_send, &c->mu); /* verify[channel-leak]: blocked-channel confirmed */
  c->full = 1;
  c->value = v;
  pthread_cond_signal(&c->can_recv);
  pthread_mutex_unlock(&c->mu);
}

static int channel_recv(struct channel *c) {
  pthread_mutex_lock(&c->mu);
  while (!c->full)
    pthread_cond_wait(&c->can_recv, &c->mu);
  c->full = 0;
  pthread_cond_signal(&c->can_send);
  pthread_mutex_unlock(&c->mu);
  return c->value;
}

static void *producer(void *arg) {
  channel_send(&results, (int)(long)arg * 10);
  return NULL;
}

static int bump_counter(int id) {
  pthread_mutex_lock(&counter_mu); /* verify[lock-leak]: lock-imbalance confirmed */
  if (id == 2) {                   /* an error path */
    if (unlock_on_error)
      pthread_mutex_unlock(&counter_mu);
    return -1;
  }
  counter++;
  pthread_mutex_unlock(&counter_mu);
  return 0;
}

static void *counting_worker(void *arg) {
  bump_counter((int)(long)arg);
  return NULL;
}

static void run_channel(int collect_all) {
  pthread_t t[WORKERS];
  for (long i = 0; i < WORKERS; i++) {
    pthread_create(&t[i], NULL, producer,
                   (void *)i); /* verify[channel-fixed]: blocked-channel not-confirmed */
    if (i == 0 || collect_all)
      printf("got %d\n", channel_recv(&results));
    usleep(60 * 1000);
  }
  if (collect_all)
    for (int i = 0; i < WORKERS; i++)
      pthread_join(t[i], NULL);
}

static void run_counters(void) {
  pthread_t t[WORKERS];
  for (long i = 0; i < WORKERS; i++) {
    pthread_create(&t[i], NULL, counting_worker,
                   (void *)i); /* verify[lock-fixed]: lock-imbalance not-confirmed */
    usleep(60 * 1000);
  }
  if (unlock_on_error)
    for (int i = 0; i < WORKERS; i++)
      pthread_join(t[i], NULL);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "channel-fixed";
  if (strncmp(mode, "channel", 7) == 0) {
    run_channel(strcmp(mode, "channel-fixed") == 0);
  } else {
    unlock_on_error = strcmp(mode, "lock-fixed") == 0;
    run_counters();
  }
  printf("counter %ld\n", counter);
  return 0;
}
