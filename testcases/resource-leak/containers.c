/* Objects handed to containers and event libraries, as tmux and dunst do:
 * intrusive lists from <sys/queue.h> macros, callbacks registered with
 * their data.  Only the faulty twins are findings. */
#include <event2/event.h>
#include <event2/event_compat.h>
#include <event2/event_struct.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

struct job {
  TAILQ_ENTRY(job) entry;
  char *cmd;
  struct event timer;
};
TAILQ_HEAD(job_list, job);

struct runner {
  struct job_list jobs;
  int count;
};

/* Correct: the list owns the job (a store inside TAILQ_INSERT_TAIL). */
int runner_add(struct runner *r, const char *cmd) {
  struct job *j = calloc(1, sizeof *j);
  if (!j)
    return -1;
  j->cmd = strdup(cmd);
  TAILQ_INSERT_TAIL(&r->jobs, j, entry);
  r->count++;
  return 0;
}

/* Faulty: the job is dropped when the command is empty. */
int runner_add_checked(struct runner *r, const char *cmd) {
  struct job *j = calloc(1, sizeof *j);
  if (!j)
    return -1;
  if (!*cmd)
    return -1; // expect: resource-leak
  TAILQ_INSERT_HEAD(&r->jobs, j, entry);
  return 0;
}

static void job_fire(evutil_socket_t fd, short what, void *arg) {
  (void)fd, (void)what;
  struct job *j = arg;
  free(j->cmd);
  free(j);
}

/* Correct: the timer's callback owns the job once it is registered. */
int runner_later(struct event_base *base, const char *cmd) {
  struct job *j = calloc(1, sizeof *j);
  if (!j)
    return -1;
  j->cmd = strdup(cmd);
  struct timeval tv = {1, 0};
  evtimer_set(&j->timer, job_fire, j);
  event_base_set(base, &j->timer);
  evtimer_add(&j->timer, &tv);
  return 0;
}

/* Correct: a macro that assigns the call's result into a variable. */
#define TRY_DUP(var, s) var = strdup(s)
char *runner_name(const char *s) {
  char *name;
  TRY_DUP(name, s);
  return name;
}

/* Faulty: the same macro, and the copy is lost. */
size_t runner_name_len(const char *s) {
  char *name;
  TRY_DUP(name, s);
  if (!name)
    return 0;
  return strlen(name); // expect: resource-leak
}

/* Correct: a tree walked with a FOREACH_SAFE-style macro whose test reads
 * "(x != NULL) && (y = next(x), 1)", then the set freed. */
struct node {
  struct node *next;
  char *key;
};
struct set {
  struct node *first;
};
#define SET_FOREACH_SAFE(x, s, y) for ((x) = (s)->first; ((x) != NULL) && ((y) = (x)->next, 1); (x) = (y))

void set_free(struct set *s) {
  struct node *n, *tmp;
  SET_FOREACH_SAFE(n, s, tmp) {
    free(n->key);
    free(n);
  }
  free(s);
}

/* Correct: the helper above releases it. */
int set_probe(void) {
  struct set *s = calloc(1, sizeof *s);
  if (!s)
    return -1;
  set_free(s);
  return 0;
}

/* Correct: the data goes in a descriptor struct passed by address to a
 * function that keeps what the descriptor holds (tmux's prompt_create). */
struct prompt_desc {
  void *data;
  int flags;
};
static void *current_prompt_data;

static void prompt_install(const struct prompt_desc *pd) {
  current_prompt_data = pd->data;
}

int prompt_open(int flags) {
  struct prompt_desc pd;
  memset(&pd, 0, sizeof pd);
  char *scratch = malloc(64);
  if (!scratch)
    return -1;
  pd.data = scratch;
  pd.flags = flags;
  prompt_install(&pd);
  return 0;
}
