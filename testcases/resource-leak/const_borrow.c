/* const_borrow.c - a function declared with a const T * parameter and no
 * body in sight reads the object, it does not keep it (clang's analyzer
 * assumes the same); a plain T * parameter may keep it. */
#include <stdlib.h>
#include <string.h>

struct record {
  char key[32];
  int value;
};

int record_validate(const struct record *r); /* defined elsewhere */
void record_queue(struct record *r);         /* may keep r */

int record_add(const char *key, int value) {
  struct record *r = malloc(sizeof *r);
  if (!r)
    return -1;
  strncpy(r->key, key, sizeof r->key - 1);
  r->key[sizeof r->key - 1] = '\0';
  r->value = value;
  if (!record_validate(r))
    return -1; // expect: resource-leak "heap memory 'r' from malloc() is not released on this path"
  record_queue(r);
  return 0;
}
