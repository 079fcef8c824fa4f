/* out_param_allocators.c - wrappers that hand their new object back through
 * a T ** argument: tmux's xasprintf over vasprintf, a constructor that
 * returns its object through an out-parameter. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noreturn)) void fatalx(const char *msg, ...);

int xvasprintf(char **ret, const char *fmt, va_list ap) {
  int i = vasprintf(ret, fmt, ap);
  if (i == -1)
    fatalx("xasprintf: %s", strerror(12));
  return i;
}

int xasprintf(char **ret, const char *fmt, ...) {
  va_list ap;
  int i;
  va_start(ap, fmt);
  i = xvasprintf(ret, fmt, ap);
  va_end(ap);
  return i;
}

struct session {
  char *name;
};

void session_new(struct session **out, const char *name) {
  struct session *s = malloc(sizeof *s);
  if (!s)
    fatalx("out of memory");
  s->name = NULL;
  (void)name;
  *out = s;
}

int draw_session(const char *name, int active) {
  char *label;
  xasprintf(&label, "%s%s", name, active ? "*" : "");
  if (strlen(label) > 80)
    return -1; // expect: resource-leak "heap memory 'label' from xasprintf() is not released on this path"
  puts(label);
  free(label);
  return 0;
}

int attach(const char *name) {
  struct session *s;
  session_new(&s, name);
  if (name[0] == '\0')
    return -1; // expect: resource-leak "heap memory 's' from session_new() is not released on this path"
  free(s);
  return 0;
}
