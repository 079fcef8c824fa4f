/* A small request handler with the leaks leaklint is built to find. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cache {
  pthread_mutex_t mu;
  char *entries[64];
  int n;
};

/* Returns the file's first line, or NULL. */
char *read_first_line(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return NULL;
  char *line = malloc(256);
  if (!line)
    return NULL; /* f is never closed on this path */
  if (!fgets(line, 256, f)) {
    free(line);
    fclose(f);
    return NULL;
  }
  fclose(f);
  return line;
}

int cache_add(struct cache *c, const char *key) {
  pthread_mutex_lock(&c->mu);
  if (c->n == 64)
    return -1; /* returns with the lock held */
  c->entries[c->n++] = strdup(key);
  pthread_mutex_unlock(&c->mu);
  return 0;
}

/* Reads every file but closes only the last one, as Go's defer in a loop. */
long total_size(const char **paths, int n) {
  FILE *f = NULL;
  long total = 0;
  for (int i = 0; i < n; i++) {
    f = fopen(paths[i], "r");
    if (!f)
      continue;
    fseek(f, 0, SEEK_END);
    total += ftell(f);
  }
  if (f)
    fclose(f);
  return total;
}
