/* copied_handles.c - handles that move through memcpy(): stored into a
 * container's slot byte-wise (redis's rax stores values with
 * memcpy(ndata, &data, sizeof data)), and returned through memcpy()'s
 * result, which is its destination (lighttpd's mod_evhost, the usual
 * xmemdup). */
#include <stdlib.h>
#include <string.h>

struct node {
  size_t size;
  unsigned char data[];
};

/* The value's bytes go into the node: the node owns it now. */
static void node_set_value(struct node *n, void *value) {
  void **slot = (void **)(n->data + n->size - sizeof(void *));
  memcpy(slot, &value, sizeof(value));
}

int table_insert(struct node *n, const char *key) {
  char *copy = malloc(strlen(key) + 1);
  if (!copy)
    return -1;
  strcpy(copy, key);
  node_set_value(n, copy);
  return 0;
}

void *memdup(const void *src, size_t n) {
  void *p = malloc(n);
  if (!p)
    return NULL;
  return memcpy(p, src, n);
}

/* memdup() is an allocator: its result must be released. */
int count_pieces(const char *s) {
  char *copy = memdup(s, strlen(s) + 1);
  if (!copy)
    return -1;
  int n = 1;
  for (char *p = copy; *p; p++)
    n += *p == '.';
  return n; // expect: resource-leak "heap memory 'copy' from memdup() is not released on this path"
}

/* Copied into a local: the local holds it, and is freed. */
void swap_in(char **slot) {
  char *fresh = malloc(16), *held;
  if (!fresh)
    return;
  memcpy(&held, &fresh, sizeof fresh);
  free(held);
  *slot = NULL;
}
