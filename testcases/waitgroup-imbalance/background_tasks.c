/* Background tasks of a small server: threads that nobody waits for are
 * detached (by their attributes, or by themselves), handles kept in a
 * struct are joined by its destroy function, and a project wrapper around
 * pthread_create() is a create of its own.
 *
 *   leaklint --verify testcases/waitgroup-imbalance/background_tasks.c
 */
#include <glib.h>
#include <pthread.h>
#include <stdio.h>
#include <threads.h>

struct server {
  pthread_t flusher;
  GThread *indexer;
  int stopping;
};

static void *flush_main(void *arg) {
  struct server *srv = arg;
  while (!__atomic_load_n(&srv->stopping, __ATOMIC_ACQUIRE))
    ;
  return NULL;
}

static gpointer index_main(gpointer arg) {
  return arg;
}

/* A task that detaches itself first thing: nobody joins it. */
static void *reap_main(void *arg) {
  pthread_detach(pthread_self());
  (void)arg;
  return NULL;
}

/* The project's wrapper: logs the failure, returns nonzero. */
static int spawn_task(pthread_t *tid, void *(*fn)(void *), void *arg) {
  int rc = pthread_create(tid, NULL, fn, arg);
  if (rc != 0) {
    fprintf(stderr, "cannot start a task: %d\n", rc);
    return -1;
  }
  return 0;
}

/* Correct: started detached through its attributes. */
int start_logger(struct server *srv) {
  pthread_attr_t attr;
  pthread_t tid;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int rc = pthread_create(&tid, &attr, flush_main, srv);
  pthread_attr_destroy(&attr);
  return rc;
}

/* Correct: the routine detaches itself. */
int start_reaper(struct server *srv) {
  pthread_t tid;
  return pthread_create(&tid, NULL, reap_main, srv);
}

/* Correct: the handles live in the server, whose destroy joins them. */
int server_start(struct server *srv) {
  if (pthread_create(&srv->flusher, NULL, flush_main, srv) != 0)
    return -1;
  srv->indexer = g_thread_try_new("indexer", index_main, srv, NULL);
  return srv->indexer ? 0 : -1;
}

void server_destroy(struct server *srv) {
  __atomic_store_n(&srv->stopping, 1, __ATOMIC_RELEASE);
  pthread_join(srv->flusher, NULL);
  g_thread_join(srv->indexer);
}

/* Faulty: a later step fails and the started task is left running,
 * neither joined nor detached. */
int run_once(struct server *srv, const char *path) {
  pthread_t tid;
  if (spawn_task(&tid, flush_main, srv) != 0)
    return -1;
  FILE *f = fopen(path, "r");
  if (!f)
    return -1; // expect: waitgroup-imbalance "thread 'tid' from spawn_task() is never joined nor detached on this path"
  fclose(f);
  __atomic_store_n(&srv->stopping, 1, __ATOMIC_RELEASE);
  return pthread_join(tid, NULL);
}

/* Correct: the same with the error path joining. */
int run_once_fixed(struct server *srv, const char *path) {
  pthread_t tid;
  if (spawn_task(&tid, flush_main, srv) != 0)
    return -1;
  FILE *f = fopen(path, "r");
  int rc = f ? 0 : -1;
  if (f)
    fclose(f);
  __atomic_store_n(&srv->stopping, 1, __ATOMIC_RELEASE);
  pthread_join(tid, NULL);
  return rc;
}

static int count_main(void *arg) {
  return arg != NULL;
}

/* Faulty: the C11 thread is started and forgotten on success. */
int count_async(void *data) {
  thrd_t t;
  if (thrd_create(&t, count_main, data) != thrd_success)
    return -1;
  return 0; // expect: waitgroup-imbalance "thread 't' from thrd_create() is never joined nor detached on this path"
}

/* Correct: joined, and its result used. */
int count_sync(void *data) {
  thrd_t t;
  int res;
  if (thrd_create(&t, count_main, data) != thrd_success)
    return -1;
  thrd_join(t, &res);
  return res;
}

/* Correct: a GThread whose reference is dropped runs on, detached. */
void index_in_background(struct server *srv) {
  GThread *t = g_thread_new("index", index_main, srv);
  g_thread_unref(t);
}
