/* copy_unless_borrowed.c - a value that is a fresh copy or a pointer the
 * function was handed earlier, freed when it is the copy, in the shape of
 * redis's quicklistRotate(): value = zmalloc() comes after tmp =
 * lpGetValue(), so value != tmp always holds for the copy. */
#include <stdlib.h>
#include <string.h>

struct list {
  unsigned long len;
};

unsigned char *get_value(unsigned char *p, unsigned int *sz, long long *lval);
int ll2string(char *dst, size_t len, long long v);

/* Copies the bytes in: borrows value. */
static void push_head(struct list *l, void *value, size_t sz) {
  unsigned char *slot = malloc(sz);
  if (!slot)
    return;
  memcpy(slot, value, sz);
  free(slot);
  l->len++;
}

void rotate(struct list *l, unsigned char *p) {
  unsigned char *value, *tmp;
  long long longval;
  unsigned int sz;
  char longstr[32] = {0};
  tmp = get_value(p, &sz, &longval);
  if (!tmp) {
    sz = ll2string(longstr, sizeof(longstr), longval);
    value = (unsigned char *)longstr;
  } else if (l->len == 1) {
    value = malloc(sz);
    if (!value)
      return;
    memcpy(value, tmp, sz);
  } else {
    value = tmp;
  }
  push_head(l, value, sz);
  if (value != (unsigned char *)longstr && value != tmp)
    free(value);
}

/* Set after the allocation, by a call that saw the block, the other
 * pointer may be the block itself: then nothing frees it. */
static unsigned char *cache_lookup(unsigned char *key, unsigned long len) {
  static unsigned char *last;
  if (len && key[0] == 0)
    return NULL;
  return last;
}

void intern_key(unsigned long n) {
  unsigned char *fresh = malloc(n + 1);
  if (!fresh)
    return;
  memset(fresh, 0, n + 1);
  unsigned char *seen = cache_lookup(fresh, n);
  if (fresh != seen)
    free(fresh);
} // expect: resource-leak
