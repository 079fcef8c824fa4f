/* aliased_results.c - values that carry a handle without being it: a
 * by-value struct holding the address of a field of a fresh block (jq's
 * jv), and realpath() returning the buffer it was given (jq's
 * jq_realpath). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

struct refcnt {
  int count;
};
struct value_box {
  struct refcnt refcnt;
  char *text;
};
typedef struct {
  unsigned char kind;
  int size;
  union {
    struct refcnt *ptr;
    double number;
  } u;
} value;

void *mem_alloc(size_t n);

value value_string(const char *s) {
  struct value_box *b = malloc(sizeof *b);
  if (!b)
    abort();
  b->refcnt.count = 1;
  b->text = strdup(s);
  value v = {4, 0, {&b->refcnt}};
  return v;
}

char *canonical(const char *path) {
  char *buf = malloc(PATH_MAX);
  if (!buf)
    return NULL;
  char *res = realpath(path, buf);
  if (res == NULL) {
    free(buf);
    return NULL;
  }
  char *copy = strdup(res);
  free(res);
  return copy;
}

int canonical_len(const char *path) {
  char *buf = malloc(PATH_MAX);
  if (!buf)
    return -1;
  if (!realpath(path, buf))
    return -1; // expect: resource-leak "heap memory 'buf' from malloc() is not released on this path"
  int n = (int)strlen(buf);
  free(buf);
  return n;
}

/* A tagged pointer (redis's dict entries without a value field): the tag
 * bits ride along, the block is the caller's. */
#include <stdint.h>
#define ENTRY_NO_VALUE 2
struct entry_no_value {
  void *key;
  struct entry_no_value *next;
};

void *entry_create_no_value(void *key, void *next) {
  struct entry_no_value *entry = malloc(sizeof(*entry));
  if (!entry)
    return NULL;
  entry->key = key;
  entry->next = next;
  return (void *)((uintptr_t)(void *)entry | ENTRY_NO_VALUE);
}
