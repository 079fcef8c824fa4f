/* The allocator half of a two-unit program (settings_reader.c is the
 * other): line_dup() and line_free() wrap malloc() and free(), and leaklint
 * infers that from their bodies, in whichever unit calls them.
 *
 * Alone this unit is a testcase too: line_pair() leaks its own copies. */
#include <stdlib.h>
#include <string.h>

struct line_pair {
  char *first, *second;
};

char *line_dup(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p)
    return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

void line_free(char *line) {
  free(line);
}

/* Faulty: when the second copy fails, the first is lost. */
int line_pair_set(struct line_pair *lp, const char *a, const char *b) {
  char *first = line_dup(a, strlen(a));
  if (!first)
    return -1;
  char *second = line_dup(b, strlen(b));
  if (!second)
    return -1; // expect: resource-leak
  lp->first = first;
  lp->second = second;
  return 0;
}

/* Correct: the pair owns both copies until line_pair_clear(). */
void line_pair_clear(struct line_pair *lp) {
  line_free(lp->first);
  line_free(lp->second);
  lp->first = lp->second = NULL;
}
