/* I/O threads of a storage engine, reduced from memcached's extstore.c
 * (extstore_init): the ids go into one local, overwritten each time, and
 * nothing joins them; that is right for threads that serve their queue
 * for good, and wrong for threads that can finish.
 *
 *   leaklint --verify testcases/waitgroup-imbalance/io_threads.c
 */
#include <pthread.h>
#include <stdlib.h>

struct io_thread {
  pthread_mutex_t mutex;
  pthread_cond_t cond;
  void *queue;
  int stop;
};

struct engine {
  struct io_thread *io_threads;
  int io_threadcount;
};

static void serve(struct io_thread *me) {
  me->queue = NULL;
}

/* Serves its queue for as long as the process runs: never returns. */
static void *io_thread_main(void *arg) {
  struct io_thread *me = arg;
  for (;;) {
    pthread_mutex_lock(&me->mutex);
    while (!me->queue)
      pthread_cond_wait(&me->cond, &me->mutex);
    serve(me);
    pthread_mutex_unlock(&me->mutex);
  }
  return NULL;
}

/* Can be told to stop, and then returns: its thread must be joined. */
static void *stoppable_main(void *arg) {
  struct io_thread *me = arg;
  pthread_mutex_lock(&me->mutex);
  while (!me->queue && !me->stop)
    pthread_cond_wait(&me->cond, &me->mutex);
  pthread_mutex_unlock(&me->mutex);
  return NULL;
}

/* Hands an I/O thread its work (extstore's extstore_submit): the signal
 * both routines wait for. */
void io_submit(struct io_thread *me, void *queue) {
  pthread_mutex_lock(&me->mutex);
  me->queue = queue;
  pthread_cond_signal(&me->cond);
  pthread_mutex_unlock(&me->mutex);
}

/* Correct: daemon threads, nothing to join. */
struct engine *engine_init(int n) {
  struct engine *e = calloc(1, sizeof *e);
  pthread_t thread;
  if (!e)
    return NULL;
  e->io_threads = calloc((size_t)n, sizeof *e->io_threads);
  for (int i = 0; i < n; i++) {
    pthread_mutex_init(&e->io_threads[i].mutex, NULL);
    pthread_cond_init(&e->io_threads[i].cond, NULL);
    pthread_create(&thread, NULL, io_thread_main, &e->io_threads[i]);
  }
  e->io_threadcount = n;
  return e;
}

/* Faulty: the same with threads that finish; only the last id is left. */
struct engine *engine_init_stoppable(int n) {
  struct engine *e = calloc(1, sizeof *e);
  pthread_t thread;
  if (!e)
    return NULL;
  e->io_threads = calloc((size_t)n, sizeof *e->io_threads);
  for (int i = 0; i < n; i++) {
    pthread_mutex_init(&e->io_threads[i].mutex, NULL);
    pthread_cond_init(&e->io_threads[i].cond, NULL);
    pthread_create(&thread, NULL, stoppable_main, &e->io_threads[i]); // expect: waitgroup-imbalance "thread 'thread' from pthread_create() is overwritten by the next start: only the last thread can be joined"
  }
  e->io_threadcount = n;
  return e;
}
