/* A worker draining a queue: while loops, do-while and helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct job {
  int id;
  char *payload;
};

struct job *queue_pop(void);
void job_run(struct job *j);

static void job_free(struct job *j) {
  free(j->payload);
  free(j);
}

static char *render(const struct job *j) {
  char *s = malloc(64);
  if (!s)
    return NULL;
  snprintf(s, 64, "job %d", j->id);
  return s;
}

/* Faulty: the rendered line of every job but the last is lost; the only
 * free is after the loop. */
void drain(void) {
  struct job *j;
  char *line = NULL;
  while ((j = queue_pop()) != NULL) {
    line = render(j); // expect: loop-deferred-release
    if (line)
      puts(line);
    job_run(j);
    job_free(j);
  }
  free(line);
}

/* Correct: freed in the body. */
void drain_fixed(void) {
  struct job *j;
  while ((j = queue_pop()) != NULL) {
    char *line = render(j);
    if (line) {
      puts(line);
      free(line);
    }
    job_run(j);
    job_free(j);
  }
}

/* Faulty: never released at all, in or after the loop: a plain leak. */
void drain_and_forget(int rounds) {
  for (int i = 0; i < rounds; i++) {
    char *tmp = malloc(128); // expect: resource-leak
    if (!tmp)
      return;
    memset(tmp, 0, 128);
  }
}

/* Correct: the body moved into a function that releases what it takes. */
static void handle_one(struct job *j) {
  char *line = render(j);
  if (line)
    puts(line);
  free(line);
  job_run(j);
}

void drain_by_function(void) {
  struct job *j;
  while ((j = queue_pop()) != NULL) {
    handle_one(j);
    job_free(j);
  }
}

/* Faulty, but not deferred: the only other release is on an error return
 * inside the loop, so each iteration simply loses the previous buffer. */
int fill_all(int rounds, char **last) {
  char *buf = NULL;
  for (int i = 0; i < rounds; i++) {
    buf = malloc(64); // expect: resource-leak
    if (!buf)
      return -1;
    if (i > 1000) {
      free(buf);
      return -2;
    }
    memset(buf, i, 64);
  }
  *last = buf;
  return 0;
}
