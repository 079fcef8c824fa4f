/* error_returning_lock.c - a lock helper that reports whether it took the
 * lock (nginx's ngx_thread_mutex_lock returns NGX_OK or NGX_ERROR): its
 * callers' error branches hold nothing. */
#include <pthread.h>
#include <stdio.h>

#define OK 0
#define ERROR -1

int thread_mutex_lock(pthread_mutex_t *mtx) {
  int err = pthread_mutex_lock(mtx);
  if (err == 0)
    return OK;
  fprintf(stderr, "pthread_mutex_lock() failed: %d\n", err);
  return ERROR;
}

int thread_mutex_unlock(pthread_mutex_t *mtx) {
  int err = pthread_mutex_unlock(mtx);
  if (err == 0)
    return OK;
  fprintf(stderr, "pthread_mutex_unlock() failed: %d\n", err);
  return ERROR;
}

struct pool {
  pthread_mutex_t mtx;
  int waiting, max_queue;
};

int task_post(struct pool *tp) {
  if (thread_mutex_lock(&tp->mtx) != OK)
    return ERROR;
  if (tp->waiting >= tp->max_queue) {
    (void)thread_mutex_unlock(&tp->mtx);
    return ERROR;
  }
  tp->waiting++;
  (void)thread_mutex_unlock(&tp->mtx);
  return OK;
}

int task_cancel(struct pool *tp) {
  if (thread_mutex_lock(&tp->mtx) != OK)
    return ERROR;
  if (tp->waiting == 0)
    return ERROR; // expect: lock-imbalance
  tp->waiting--;
  (void)thread_mutex_unlock(&tp->mtx);
  return OK;
}
