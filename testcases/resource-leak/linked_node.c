/* linked_node.c - a node linked in beside an existing one, in the shape of
 * redis's listInsertNode(): node->next = old_node, and old_node->prev was
 * read, so old_node is not NULL and node->next != NULL holds: the node is
 * always linked through node->next->prev. */
#include <stdlib.h>

typedef struct node {
  struct node *prev, *next;
  void *value;
} node;

typedef struct list {
  node *head, *tail;
  unsigned long len;
} list;

list *list_insert_node(list *l, node *old_node, void *value, int after) {
  node *n;
  if ((n = malloc(sizeof(*n))) == NULL)
    return NULL;
  n->value = value;
  if (after) {
    n->prev = old_node;
    n->next = old_node->next;
    if (l->tail == old_node)
      l->tail = n;
  } else {
    n->next = old_node;
    n->prev = old_node->prev;
    if (l->head == old_node)
      l->head = n;
  }
  if (n->prev != NULL)
    n->prev->next = n;
  if (n->next != NULL)
    n->next->prev = n;
  l->len++;
  return l;
}

/* The copy is of a pointer nobody dereferenced: it may be NULL. */
list *list_push_front(list *l, node *first, void *value) {
  node *n = malloc(sizeof(*n));
  if (!n)
    return NULL;
  n->value = value;
  n->prev = NULL;
  n->next = first;
  if (n->next != NULL)
    n->next->prev = n;
  return l; // expect: resource-leak
}
