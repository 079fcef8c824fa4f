/* A pre-forking server: each child builds a request table and ends with
 * _exit(), skipping atexit handlers and destructors.  The child's own profile
 * (written by the sampler's _exit) must show the table it never freed; the
 * parent's own, correctly freed table must not be confirmed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { ENTRIES = 8 };

struct request_table {
  char *entries[ENTRIES];
};

static void table_fill(struct request_table *t, const char *who) {
  for (int i = 0; i < ENTRIES; i++) {
    t->entries[i] = malloc(256); /* verify: resource-leak confirmed */
    if (t->entries[i])
      snprintf(t->entries[i], 256, "%s request %d", who, i);
  }
}

static void table_fill_owned(struct request_table *t) {
  for (int i = 0; i < ENTRIES; i++)
    t->entries[i] = strdup("parent request"); /* verify: resource-leak not-reproduced */
}

static void table_free(struct request_table *t) {
  for (int i = 0; i < ENTRIES; i++)
    free(t->entries[i]);
}

static void serve_in_child(void) {
  struct request_table t;
  table_fill(&t, "child");
  fflush(stdout);
  _exit(strlen(t.entries[0]) > 0 ? 0 : 1); /* leaves t behind */
}

int main(void) {
  struct request_table mine;
  pid_t pid = fork();
  if (pid == 0)
    serve_in_child();
  table_fill_owned(&mine); /* after fork: the child does not inherit it */
  int status = 0;
  if (pid > 0)
    waitpid(pid, &status, 0);
  table_free(&mine);
  printf("child status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
