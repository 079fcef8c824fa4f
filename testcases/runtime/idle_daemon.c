/* A single-threaded daemon: it loads its configuration, leaking the old
 * entries as it replaces them, then waits for requests that never come.  It
 * allocates nothing more, so no sample is ever taken again and no periodic
 * profile written; the verifier ends it after a timeout with a signal it does
 * not handle, so no destructor runs either.  Only a profile asked for while
 * it sits in select() shows what it holds. */
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>

enum { ENTRIES = 200, ENTRY_BYTES = 1024 };

static char *config[8];

static void load_config(void) {
  for (int i = 0; i < ENTRIES; i++) {
    char *entry = malloc(ENTRY_BYTES); /* verify: resource-leak confirmed */
    if (!entry)
      return;
    memset(entry, 'c', ENTRY_BYTES);
    config[i % 8] = entry; /* the entry it replaces is lost */
  }
}

static void check_config(void) {
  char *scratch = malloc(ENTRY_BYTES); /* verify: resource-leak not-reproduced */
  if (scratch) {
    memset(scratch, 0, ENTRY_BYTES);
    free(scratch);
  }
}

int main(void) {
  load_config();
  check_config();
  for (;;)
    select(0, NULL, NULL, NULL, NULL); /* waits for requests */
}
