/* Marked known to fail, yet every expectation is met: the checker must
 * fail it, so that the marker goes once the rule lands
 * (tests/expectations.cmake).
 *
 * check-known-to-fail: resource-leak used to miss this
 */
#include <stdlib.h>

int sum_twice(const int *v, int n) {
  int *copy = malloc(sizeof *copy * (size_t)n);
  if (!copy)
    return -1;
  int s = 0;
  for (int i = 0; i < n; i++)
    s += copy[i] = v[i];
  if (s < 0)
    return -1; // expect: resource-leak
  free(copy);
  return 2 * s;
}
