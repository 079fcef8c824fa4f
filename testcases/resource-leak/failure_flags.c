/* failure_flags.c - a constructor that tells its failure through an int *
 * flag as well as its NULL result, in the shape of jq's sort_items(objects,
 * keys, &too_deep): callers test the flag, not the pointer, and return
 * before the pointer is used.  The flag is set only on a NULL return; a
 * NULL return may leave it clear (an empty input). */
#include <stdlib.h>
#include <string.h>

struct entry {
  int key;
  int index;
};

int compare_depth(const struct entry *a, const struct entry *b);

static struct entry *sort_items(const int *keys, int n, int *too_deep) {
  *too_deep = 0;
  if (n == 0)
    return NULL;
  struct entry *entries = calloc((size_t)n, sizeof *entries);
  if (entries == NULL)
    abort();
  for (int i = 0; i < n; i++) {
    entries[i].key = keys[i];
    entries[i].index = i;
  }
  if (n > 1 && compare_depth(&entries[0], &entries[1]) < 0) {
    free(entries);
    *too_deep = 1;
    return NULL;
  }
  return entries;
}

int sum_sorted(const int *keys, int n, int *out) {
  int too_deep = 0;
  struct entry *entries = sort_items(keys, n, &too_deep);
  if (too_deep)
    return -1;
  int sum = 0;
  for (int i = 0; i < n; i++)
    sum += entries[i].key;
  free(entries);
  *out = sum;
  return 0;
}

/* A clear flag is no promise of a block: the NULL test still splits. */
int first_key(const int *keys, int n) {
  int too_deep = 0;
  struct entry *entries = sort_items(keys, n, &too_deep);
  if (too_deep)
    return -1;
  if (entries == NULL)
    return 0;
  int k = entries[0].key;
  if (k < 0)
    return k; // expect: resource-leak
  free(entries);
  return k;
}
