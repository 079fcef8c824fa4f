/* A small string cache, built with -fomit-frame-pointer: a frame-pointer walk
 * from malloc would skip straight past cache_put.  The verifier unwinds with
 * DWARF CFI and must still find the acquisition line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { SLOTS = 64 };

struct cache {
  char *values[SLOTS];
  unsigned long hits, evictions;
};

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p) {
    fputs("out of memory\n", stderr);
    exit(1);
  }
  return p;
}

/* Faulty: an evicted value is overwritten, not freed. */
static void cache_put(struct cache *c, unsigned key, const char *value) {
  char *copy = xmalloc(strlen(value) + 1); /* verify: resource-leak confirmed */
  strcpy(copy, value);
  if (c->values[key % SLOTS])
    c->evictions++;
  c->values[key % SLOTS] = copy;
}

/* Correct: the evicted value is released. */
static void cache_put_owned(struct cache *c, unsigned key, const char *value) {
  char *copy = xmalloc(strlen(value) + 1); /* verify: resource-leak not-reproduced */
  strcpy(copy, value);
  free(c->values[key % SLOTS]);
  c->values[key % SLOTS] = copy;
}

static void cache_clear(struct cache *c) {
  for (int i = 0; i < SLOTS; i++) {
    free(c->values[i]);
    c->values[i] = NULL;
  }
}

int main(void) {
  static struct cache leaky, owned;
  char value[256];
  for (unsigned i = 0; i < 1200; i++) {
    snprintf(value, sizeof value, "value-%u-%0200u", i, i);
    cache_put(&leaky, i, value);
    cache_put_owned(&owned, i, value);
    if (i % 10 == 0)
      usleep(10 * 1000);
  }
  cache_clear(&owned);
  printf("evictions %lu\n", leaky.evictions);
  return 0;
}
