/* described_objects.c - a constructor that takes a description struct by
 * pointer and keeps what its fields point to, in the shape of tmux's
 * prompt_create(&pd) with pd.data = spd: the new prompt holds pr->data =
 * pd->data and frees it through its free callback.  Filling a local
 * description and passing its address hands the fields' blocks over. */
#include <stdlib.h>
#include <string.h>

struct prompt_data {
  const char *msg;
  void *data;
  void (*freecb)(void *);
};

struct prompt {
  char *msg;
  void *data;
  void (*freecb)(void *);
};

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n, size);
  if (p == NULL)
    abort();
  return p;
}

struct prompt *prompt_create(const struct prompt_data *pd) {
  struct prompt *pr = xcalloc(1, sizeof *pr);
  pr->msg = strdup(pd->msg);
  pr->data = pd->data;
  pr->freecb = pd->freecb;
  return pr;
}

struct status_data {
  char *command;
};

static void status_free(void *data) {
  struct status_data *sd = data;
  free(sd->command);
  free(sd);
}

struct prompt *status_prompt(const char *msg) {
  struct prompt_data pd;
  struct status_data *sd = xcalloc(1, sizeof *sd);
  memset(&pd, 0, sizeof pd);
  pd.msg = msg;
  pd.freecb = status_free;
  pd.data = sd;
  return prompt_create(&pd);
}

/* The description's block, lost before it is described. */
struct prompt *status_prompt_twice(const char *msg) {
  struct prompt_data pd;
  struct status_data *sd = xcalloc(1, sizeof *sd);
  memset(&pd, 0, sizeof pd);
  pd.msg = msg;
  pd.freecb = status_free;
  pd.data = sd;
  sd = xcalloc(1, sizeof *sd);
  pd.data = sd; // expect: resource-leak
  return prompt_create(&pd);
}
