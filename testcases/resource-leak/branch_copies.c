/* branch_copies.c - tmux's format_replace: each client modifier makes the
 * value in its own if, one copy or another, and a second modifier in the
 * same format overwrites the first one's copy.  Either copy is lost at the
 * same place: one warning there, not one per branch that made it. */
#include <stdlib.h>
#include <string.h>

#define HAS_CAP 0x1
#define HAS_FEATURE 0x2

int term_has_cap(const char *name);
int term_has_feature(const char *name);

char *client_value(int modifiers, const char *name) {
  char *value = NULL;
  if (modifiers & HAS_CAP) {
    if (term_has_cap(name))
      value = strdup("1");
    else
      value = strdup("0");
  }
  if (modifiers & HAS_FEATURE) {
    if (term_has_feature(name))
      value = strdup("1"); // expect: resource-leak
    else
      value = strdup("0");
  }
  return value;
}
