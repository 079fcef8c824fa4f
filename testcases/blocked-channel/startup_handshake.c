/* A service thread tells its starter that it is up by signalling a
 * condition variable.  The starter must not miss that signal.
 *
 *   leaklint --verify testcases/blocked-channel/startup_handshake.c
 */
#include <pthread.h>
#include <time.h>

struct service {
  pthread_mutex_t mu;
  pthread_cond_t started;
  int running;
  pthread_t tid;
};

static void *service_main(void *arg) {
  struct service *svc = arg;
  pthread_mutex_lock(&svc->mu);
  svc->running = 1;
  pthread_cond_signal(&svc->started);
  pthread_mutex_unlock(&svc->mu);
  return NULL;
}

/* Faulty: the thread may signal before the starter waits; the wait tests
 * nothing, so a signal sent first is lost and the starter sleeps for good. */
int service_start(struct service *svc) {
  if (pthread_create(&svc->tid, NULL, service_main, svc) != 0)
    return -1;
  pthread_mutex_lock(&svc->mu);
  pthread_cond_wait(&svc->started, &svc->mu); // expect: blocked-channel "pthread_cond_wait() waits on 'svc->started' with no predicate, after 'service_main' was started at line 28 with no lock held: if the thread signals 'svc->started' first, the signal is lost and this wait never returns"
  pthread_mutex_unlock(&svc->mu);
  return 0;
}

/* Correct: waits in a loop on the state the signal announces. */
int service_start_checked(struct service *svc) {
  if (pthread_create(&svc->tid, NULL, service_main, svc) != 0)
    return -1;
  pthread_mutex_lock(&svc->mu);
  while (!svc->running)
    pthread_cond_wait(&svc->started, &svc->mu);
  pthread_mutex_unlock(&svc->mu);
  return 0;
}

/* Correct: the lock is held from before the start, so the thread's signal
 * waits until this wait has released it. */
int service_start_locked(struct service *svc) {
  pthread_mutex_lock(&svc->mu);
  if (pthread_create(&svc->tid, NULL, service_main, svc) != 0) {
    pthread_mutex_unlock(&svc->mu);
    return -1;
  }
  pthread_cond_wait(&svc->started, &svc->mu);
  pthread_mutex_unlock(&svc->mu);
  return 0;
}

/* Correct: a missed signal only costs the timeout. */
int service_start_polled(struct service *svc, const struct timespec *deadline) {
  if (pthread_create(&svc->tid, NULL, service_main, svc) != 0)
    return -1;
  pthread_mutex_lock(&svc->mu);
  int rc = pthread_cond_timedwait(&svc->started, &svc->mu, deadline);
  pthread_mutex_unlock(&svc->mu);
  return rc;
}

int main(void) {
  static struct service svc = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0};
  if (service_start_checked(&svc) != 0)
    return 1;
  return pthread_join(svc.tid, NULL);
}
