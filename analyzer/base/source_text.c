/* source_text.c - see source_text.h. */
#include "source_text.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "hash_table.h"
#include "util.h"

/* One table for the process, keyed by interned path.  The lock is there
 * because the cache is global, not because it is hot: each file is looked
 * up once per location that names it, after the parallel parse. */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static hash_table cache;

static void index_lines(source_text *s) {
  size_t *starts = NULL, n = 0, cap = 0;
  LL_GROW(starts, n, cap);
  starts[n++] = 0;
  for (size_t i = 0; i < s->len; i++) {
    char c = s->text[i];
    if (c == '\r' && i + 1 < s->len && s->text[i + 1] == '\n')
      i++;
    else if (c != '\n' && c != '\r')
      continue;
    LL_GROW(starts, n, cap);
    starts[n++] = i + 1;
  }
  s->line_starts = starts;
  s->nlines = n;
}

static source_text *source_read(const char *path) {
  source_text *s = xcalloc(1, sizeof *s);
  s->path = path;
  errno = 0;
  s->text = read_file(path, &s->len);
  if (s->text)
    index_lines(s);
  else
    s->error = errno ? errno : EIO;
  return s;
}

static void source_free(source_text *s) {
  free((char *)s->text);
  free((size_t *)s->line_starts);
  free(s);
}

void source_text_replace(const char *path, const char *text, size_t len) {
  path = intern(path);
  source_text *s = xcalloc(1, sizeof *s);
  s->path = path;
  char *copy = xmalloc(len + 1);
  memcpy(copy, text, len);
  copy[len] = '\0';
  s->text = copy;
  s->len = len;
  index_lines(s);
  pthread_mutex_lock(&cache_lock);
  hash_slot *slot = hash_slot_for(&cache, hash_identity(path), NULL, path);
  source_text *old = slot->item;
  slot->item = s;
  pthread_mutex_unlock(&cache_lock);
  if (old)
    source_free(old);
}

const source_text *source_text_get(const char *path) {
  path = intern(path);
  pthread_mutex_lock(&cache_lock);
  hash_slot *slot = hash_slot_for(&cache, hash_identity(path), NULL, path);
  if (!slot->item)
    slot->item = source_read(path);
  const source_text *s = slot->item;
  pthread_mutex_unlock(&cache_lock);
  return s;
}

bool source_text_line(const source_text *s, unsigned line, const char **start, size_t *len) {
  if (!s->text || line == 0 || line > s->nlines)
    return false;
  size_t b = s->line_starts[line - 1];
  size_t e = line < s->nlines ? s->line_starts[line] : s->len;
  while (e > b && (s->text[e - 1] == '\n' || s->text[e - 1] == '\r'))
    e--;
  *start = s->text + b;
  *len = e - b;
  return true;
}
