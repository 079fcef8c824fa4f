/* join_early_exit.c - a join loop that can stop before its bound leaves the
 * threads after that point unjoined; one that stops at the first slot a
 * failed create left empty, or only after all are joined, does not. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_FETCHERS 16

struct fetch_job {
  const char *url;
  int status;
};

void *fetch_main(void *arg);
extern volatile bool shutting_down;

/* Faulty: a failed join abandons the threads after it. */
int fetch_all(struct fetch_job *jobs, int n) {
  pthread_t tids[MAX_FETCHERS];
  for (int i = 0; i < n; i++)
    if (pthread_create(&tids[i], NULL, fetch_main, &jobs[i]) != 0)
      abort();
  for (int i = 0; i < n; i++) {
    if (pthread_join(tids[i], NULL) != 0) {
      perror("pthread_join");
      break;
    }
  }
  return 0; // expect: waitgroup-imbalance
}

/* Faulty: a shutdown returns from inside the join loop. */
int fetch_until_shutdown(struct fetch_job *jobs, int n) {
  pthread_t tids[MAX_FETCHERS];
  for (int i = 0; i < n; i++)
    if (pthread_create(&tids[i], NULL, fetch_main, &jobs[i]) != 0)
      abort();
  for (int i = 0; i < n; i++) {
    if (shutting_down)
      return -1; // expect: waitgroup-imbalance
    pthread_join(tids[i], NULL);
  }
  return 0;
}

/* Correct: every thread is joined, errors are counted, not acted on. */
int fetch_all_counted(struct fetch_job *jobs, int n) {
  pthread_t tids[MAX_FETCHERS];
  int failed = 0;
  for (int i = 0; i < n; i++)
    if (pthread_create(&tids[i], NULL, fetch_main, &jobs[i]) != 0)
      abort();
  for (int i = 0; i < n; i++)
    if (pthread_join(tids[i], NULL) != 0)
      failed++;
  return failed ? -1 : 0;
}

/* Correct: the create loop stops at its first failure and leaves that slot
 * empty; the join loop stops at the first empty slot. */
int fetch_started(struct fetch_job *jobs, int n) {
  pthread_t tids[MAX_FETCHERS] = {0};
  bool started[MAX_FETCHERS] = {false};
  for (int i = 0; i < n; i++) {
    if (pthread_create(&tids[i], NULL, fetch_main, &jobs[i]) != 0)
      break;
    started[i] = true;
  }
  for (int i = 0; i < n; i++) {
    if (!started[i])
      break;
    pthread_join(tids[i], NULL);
  }
  return 0;
}

/* Correct: a do-while join loop leaves by its test at the bottom. */
void fetch_some(struct fetch_job *jobs, int n) {
  pthread_t tids[MAX_FETCHERS];
  int i;
  if (n <= 0)
    return;
  for (i = 0; i < n; i++)
    if (pthread_create(&tids[i], NULL, fetch_main, &jobs[i]) != 0)
      abort();
  i = 0;
  do
    pthread_join(tids[i], NULL);
  while (++i < n);
}
