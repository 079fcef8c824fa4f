/* libuv threads, whose create names the uv_thread_t by address (argN):
 * a wrapper that starts the thread into its caller's handle, reduced from
 * libuv's own uv_thread_create() (src/unix/thread.c), is not a lost
 * thread; a thread started into a local and forgotten is.
 *
 *   leaklint --verify testcases/waitgroup-imbalance/uv_workers.c
 */
#include <uv.h>

static void crunch(void *arg) {
  (void)arg;
}

/* Correct: the caller's handle; the caller joins it. */
int worker_spawn(uv_thread_t *tid, void (*entry)(void *), void *arg) {
  uv_thread_options_t params;
  params.flags = UV_THREAD_HAS_STACK_SIZE;
  params.stack_size = 1 << 20;
  return uv_thread_create_ex(tid, &params, entry, arg);
}

/* Correct: joined. */
int crunch_sync(void *data) {
  uv_thread_t tid;
  if (worker_spawn(&tid, crunch, data) != 0)
    return -1;
  return uv_thread_join(&tid);
}

/* Faulty: started and forgotten. */
int crunch_async(void *data) {
  uv_thread_t tid;
  if (uv_thread_create(&tid, crunch, data) != 0)
    return -1;
  return 0; // expect: waitgroup-imbalance "thread 'tid' from uv_thread_create() is never joined nor detached on this path"
}
