/* Asking every mirror and taking the first answer, over the project's own
 * unbuffered channel (chan_rules/): each asker thread sends its answer
 * once, and a send waits for its receiver.  Go's "first answer wins"
 * leak in C.
 *
 * check-flags: --rules chan_rules
 *
 *   leaklint --verify testcases/blocked-channel/first_answer.c
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "chan.h"

struct query {
  const char *mirror;
  chan *answers;
};

static char *ask_mirror(const char *mirror) {
  return strdup(mirror);
}

static void *ask_main(void *arg) {
  struct query *q = arg;
  chan_send(q->answers, ask_mirror(q->mirror));
  return NULL;
}

static int start_asker(struct query *q) {
  pthread_t t;
  if (pthread_create(&t, NULL, ask_main, q) != 0)
    return -1;
  return pthread_detach(t);
}

/* Faulty: n askers, one receive; the n - 1 slower ones block in
 * chan_send() for good. */
char *first_answer(const char **mirrors, int n, struct query *qs) {
  chan *answers = chan_new();
  for (int i = 0; i < n; i++) {
    qs[i].mirror = mirrors[i];
    qs[i].answers = answers;
    pthread_t t;
    if (pthread_create(&t, NULL, ask_main, &qs[i]) != 0)
      break;
    pthread_detach(t);
  }
  return chan_recv(answers); // expect: blocked-channel "the loop 'i < n' starts a thread running 'ask_main' each time, each sending once on 'answers' and waiting for its receiver, but chan_recv() receives only once here: every sender past the first blocks forever"
}

/* Correct: takes the first answer, then drains the others. */
char *first_answer_drained(const char **mirrors, int n, struct query *qs) {
  chan *answers = chan_new();
  int started = 0;
  for (int i = 0; i < n; i++) {
    qs[i].mirror = mirrors[i];
    qs[i].answers = answers;
    pthread_t t;
    if (pthread_create(&t, NULL, ask_main, &qs[i]) != 0)
      break;
    pthread_detach(t);
    started++;
  }
  char *first = started ? chan_recv(answers) : NULL;
  for (int i = 1; i < started; i++)
    free(chan_recv(answers));
  return first;
}

/* Correct: one asker, one receive. */
char *ask_one(const char *mirror, struct query *q) {
  chan *answers = chan_new();
  q->mirror = mirror;
  q->answers = answers;
  pthread_t t;
  if (pthread_create(&t, NULL, ask_main, q) != 0)
    return NULL;
  pthread_detach(t);
  return chan_recv(answers);
}

/* Correct: the first answer is taken, then the channel is closed, and
 * the other askers' chan_send() fails instead of waiting. */
char *first_answer_closed(const char **mirrors, int n, struct query *qs) {
  chan *answers = chan_new();
  for (int i = 0; i < n; i++) {
    qs[i].mirror = mirrors[i];
    qs[i].answers = answers;
    pthread_t t;
    if (pthread_create(&t, NULL, ask_main, &qs[i]) != 0)
      break;
    pthread_detach(t);
  }
  char *first = chan_recv(answers);
  chan_close(answers);
  return first;
}
