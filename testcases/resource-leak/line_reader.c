/* line_reader.c - getline() allocates the line buffer when it is NULL and
 * may move it after; the caller frees it on every path, even when getline()
 * returned -1 (memcached's restart_get_kv, tmux's history loader). */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void add_history(const char *line);

void load_history(FILE *f) {
  char *line = NULL;
  size_t length = 0;
  ssize_t got;
  while ((got = getline(&line, &length, f)) != -1) {
    if (got > 0 && line[got - 1] == '\n')
      line[got - 1] = '\0';
    if (got > 0)
      add_history(line);
  }
  free(line);
}

struct tag_cb {
  const char *tag;
  struct tag_cb *next;
};

struct reader {
  FILE *f;
  struct tag_cb *cb;
  char *line;
  bool done;
};

enum { READ_OK, READ_DONE, READ_NOTAG, READ_BADLINE };

int read_kv(struct reader *c, struct tag_cb *cb_stack, char **key) {
  char *line = NULL;
  size_t len = 0;
  struct tag_cb *cb;
  free(c->line);
  c->line = NULL;
  if (getline(&line, &len, c->f) != -1) {
    if (line[0] == 'T') {
      for (cb = cb_stack; cb != NULL; cb = cb->next)
        if (strcmp(cb->tag, line + 1) == 0)
          break;
      if (cb == NULL) {
        free(line);
        return READ_NOTAG;
      }
      c->cb = cb; /* the tag line itself is not kept */
    } else if (line[0] == 'K') {
      *key = line + 1;
      c->line = line;
      return READ_OK;
    } else {
      free(line);
      return READ_BADLINE;
    }
  } else {
    c->done = true; /* at the end of the file the buffer may still be there */
    free(line);
  }
  return READ_DONE; // expect: resource-leak
}

int count_lines(FILE *f) {
  char *line = NULL;
  size_t cap = 0;
  int n = 0;
  while (getline(&line, &cap, f) > 0)
    n++;
  return n; // expect: resource-leak
}
