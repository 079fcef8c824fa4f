/* Parallel scanners over a file list: threads started into arrays, the
 * partial start when one create fails half way, join loops and their
 * bounds, and arrays freed while their threads run.
 *
 *   leaklint --verify testcases/waitgroup-imbalance/scan_workers.c
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

enum { MAX_SCANNERS = 16 };

struct scan_job {
  const char **paths;
  int npaths;
  long found;
};

static void *scan_main(void *arg) {
  struct scan_job *job = arg;
  for (int i = 0; i < job->npaths; i++)
    job->found += job->paths[i][0] == '/';
  return NULL;
}

/* Faulty: a create that fails returns, and the scanners already started
 * are never joined (the most common real shape). */
int scan_all_partial(struct scan_job *jobs, int n) {
  pthread_t tids[MAX_SCANNERS];
  for (int i = 0; i < n; i++) {
    if (pthread_create(&tids[i], NULL, scan_main, &jobs[i]) != 0) {
      fprintf(stderr, "scan: cannot start scanner %d\n", i);
      return -1; // expect: waitgroup-imbalance "the loop starting threads into 'tids' fails here after pthread_create() started some: they are never joined nor detached on this path"
    }
  }
  for (int i = 0; i < n; i++)
    pthread_join(tids[i], NULL);
  return 0;
}

/* Correct: a failed create stops the loop, and exactly the scanners that
 * started are joined. */
int scan_all_started(struct scan_job *jobs, int n) {
  pthread_t tids[MAX_SCANNERS];
  int started;
  for (started = 0; started < n; started++)
    if (pthread_create(&tids[started], NULL, scan_main, &jobs[started]) != 0)
      break;
  for (int i = 0; i < started; i++)
    pthread_join(tids[i], NULL);
  return started == n ? 0 : -1;
}

/* Correct: the error path goes to a cleanup label that joins what
 * started, counting down. */
int scan_all_cleanup(struct scan_job *jobs, int n) {
  pthread_t *tids = calloc((size_t)n, sizeof *tids);
  int i, rc = -1;
  if (!tids)
    return -1;
  for (i = 0; i < n; i++)
    if (pthread_create(&tids[i], NULL, scan_main, &jobs[i]) != 0)
      goto out;
  rc = 0;
out:
  while (i-- > 0)
    pthread_join(tids[i], NULL);
  free(tids);
  return rc;
}

/* Faulty: the array of ids is freed on the error path while the scanners
 * it names still run. */
int scan_all_freed(struct scan_job *jobs, int n) {
  pthread_t *tids = malloc((size_t)n * sizeof *tids);
  if (!tids)
    return -1;
  for (int i = 0; i < n; i++) {
    if (pthread_create(&tids[i], NULL, scan_main, &jobs[i]) != 0) {
      free(tids); // expect: waitgroup-imbalance "the array 'tids' holding the threads started by pthread_create() is freed by free() before they are joined: they can no longer be joined"
      return -1;
    }
  }
  for (int i = 0; i < n; i++)
    pthread_join(tids[i], NULL);
  free(tids);
  return 0;
}

/* Faulty: the join loop stops one short of the create loop. */
long scan_and_sum(struct scan_job *jobs, int n) {
  pthread_t tids[MAX_SCANNERS];
  long sum = 0;
  for (int i = 0; i < n; i++)
    if (pthread_create(&tids[i], NULL, scan_main, &jobs[i]) != 0)
      abort();
  for (int i = 0; i < n - 1; i++)
    pthread_join(tids[i], NULL); // expect: waitgroup-imbalance "threads in 'tids' are started while 'i < n' but joined while 'i < n-1': the last ones started by pthread_create() are never joined"
  for (int i = 0; i < n; i++)
    sum += jobs[i].found;
  return sum;
}

/* Correct: both loops run to the same bound, unchanged in between. */
long scan_and_sum_all(struct scan_job *jobs, int n) {
  pthread_t tids[MAX_SCANNERS];
  long sum = 0;
  for (int i = 0; i < n; i++)
    if (pthread_create(&tids[i], NULL, scan_main, &jobs[i]) != 0)
      abort();
  for (int i = 0; i < n; i++) {
    pthread_join(tids[i], NULL);
    sum += jobs[i].found;
  }
  return sum;
}

/* Correct: constant bounds, equal. */
void scan_four(struct scan_job jobs[4]) {
  pthread_t tids[4];
  for (int i = 0; i < 4; i++)
    if (pthread_create(&tids[i], NULL, scan_main, &jobs[i]) != 0)
      exit(1);
  for (int i = 0; i < 4; i++)
    pthread_join(tids[i], NULL);
}

/* Faulty: one thread id is reused for every scanner, so only the last can
 * be joined. */
int scan_reusing_one_id(struct scan_job *jobs, int n) {
  pthread_t tid;
  for (int i = 0; i < n; i++)
    if (pthread_create(&tid, NULL, scan_main, &jobs[i]) != 0) // expect: waitgroup-imbalance "thread 'tid' from pthread_create() is overwritten by the next start: only the last thread can be joined"
      return -1;
  return pthread_join(tid, NULL);
}

/* Faulty, once: the error return leaves the scanners running and their id
 * array allocated; the array is not a leak of its own (resource-leak stays
 * silent): the threads must be joined before it can be freed. */
int scan_all_heap(struct scan_job *jobs, int n) {
  pthread_t *tids = malloc((size_t)n * sizeof *tids);
  if (!tids)
    return -1;
  for (int i = 0; i < n; i++)
    if (pthread_create(&tids[i], NULL, scan_main, &jobs[i]) != 0)
      return -1; // expect: waitgroup-imbalance "the loop starting threads into 'tids' fails here after pthread_create() started some: they are never joined nor detached on this path"
  for (int i = 0; i < n; i++)
    pthread_join(tids[i], NULL);
  free(tids);
  return 0;
}

/* Faulty: the threads are joined but the id array is not freed: that leak
 * is resource-leak's. */
int scan_all_heap_unfreed(struct scan_job *jobs, int n) {
  pthread_t *tids = malloc((size_t)n * sizeof *tids);
  if (!tids)
    return -1;
  int i;
  for (i = 0; i < n; i++)
    if (pthread_create(&tids[i], NULL, scan_main, &jobs[i]) != 0)
      break;
  for (int j = 0; j < i; j++)
    pthread_join(tids[j], NULL);
  return i == n ? 0 : -1; // expect: resource-leak
}
