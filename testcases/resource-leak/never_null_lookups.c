/* never_null_lookups.c - a function that always hands back an entry it
 * made and filed in a table (never NULL, never the caller's to free), in
 * the shape of tmux's options_default() -> options_empty() ->
 * options_add(): xcalloc, insert, return.  Its caller's 'if (o == NULL)
 * return (NULL)' is a branch no path takes, so the string it holds is not
 * lost there. */
#include <stdlib.h>
#include <string.h>

void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n, size);
  if (p == NULL)
    abort();
  return p;
}

char *xstrdup(const char *s) {
  char *p = strdup(s);
  if (p == NULL)
    abort();
  return p;
}

struct entry {
  struct entry *next;
  char *name;
  char *value;
};

struct table {
  struct entry *head;
};

struct entry *table_find(struct table *t, const char *name);

static struct entry *table_add(struct table *t, const char *name) {
  struct entry *o = xcalloc(1, sizeof *o);
  o->name = xstrdup(name);
  o->next = t->head;
  t->head = o;
  return o;
}

struct entry *table_default(struct table *t, const char *name) {
  struct entry *o = table_add(t, name);
  o->value = NULL;
  return o;
}

struct entry *table_set(struct table *t, const char *name, const char *v) {
  char *value = xstrdup(v);
  struct entry *o = table_find(t, name);
  if (o == NULL) {
    o = table_default(t, name);
    if (o == NULL)
      return NULL;
  }
  free(o->value);
  o->value = value;
  return o;
}

/* A lookup that may fail: the string is lost when it does. */
struct entry *table_replace(struct table *t, const char *name, const char *v) {
  char *value = xstrdup(v);
  struct entry *o = table_find(t, name);
  if (o == NULL)
    return NULL; // expect: resource-leak
  free(o->value);
  o->value = value;
  return o;
}
