/* debug_crash.c - a debug command that crashes on purpose (redis's DEBUG
 * SEGFAULT): the compiler warns about writing to a made-up address, so the
 * command maps a read-only page and writes to it.  The write kills the
 * process; no path returns with the mapping.  A page mapped for writing
 * and forgotten is still a leak. */
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

struct client {
  int argc;
  const char **argv;
};

void reply_ok(struct client *c);
void reply_error(struct client *c, const char *msg);

void debug_command(struct client *c) {
  if (c->argc < 2) {
    reply_error(c, "wrong number of arguments");
    return;
  }
  if (!strcmp(c->argv[1], "segfault")) {
    /* *((char *)-1) = 'x' draws a warning: write to a read-only page */
    char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0);
    *p = 'x';
  } else if (!strcmp(c->argv[1], "scratch")) {
    char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    if (page == MAP_FAILED) {
      reply_error(c, "out of memory");
      return;
    }
    page[0] = 'x';
  }
  reply_ok(c);
} // expect: resource-leak "memory mapping 'page' from mmap() is not released on this path"
