/* main_overwrite.c - main() replacing a name it made once (tcpdump's
 * device: the first interface's name, strdup()ed, then replaced by the one
 * a numeric name stands for when opening it fails).  The first block is
 * lost once, outside any loop: it costs what holding it until exit costs,
 * and main's return is exit().  A name replaced in main's loop is lost on
 * every round and is still reported. */
#include <stdlib.h>
#include <string.h>

const char *first_interface(void);
char *interface_by_number(const char *name, long n);
int open_interface(const char *name);
long interface_number(const char *name);
const char *next_name(void);

int main(int argc, char **argv) {
  char *device = argc > 1 ? argv[1] : NULL;
  if (!device) {
    device = strdup(first_interface());
    if (!device)
      return 1;
  }
  if (open_interface(device) < 0) {
    long n = interface_number(device);
    if (n < 0)
      return 1;
    device = interface_by_number(device, n);
    if (open_interface(device) < 0)
      return 1;
  }
  char *alias = NULL;
  for (const char *name; (name = next_name()) != NULL;)
    alias = strdup(name); // expect: loop-deferred-release
  free(alias);
  return 0;
}
