/* borrowed_or_fresh.c - a buffer that is either borrowed from an object or
 * made fresh, freed when it is not the borrowed one, in the shape of tmux's
 * status_prompt_paste: ud = pr->copied when there is one, else a new block;
 * at the end 'if (ud != pr->copied) free(ud)'.  On the path that made the
 * block, pr->copied was found NULL and the block is not: they differ. */
#include <stdlib.h>
#include <string.h>

struct prompt {
  char *copied;
  char *buffer;
  size_t len;
};

void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (p == NULL)
    abort();
  return p;
}

const char *paste_top(size_t *len);

int prompt_paste(struct prompt *pr) {
  char *ud;
  size_t n;
  if (pr->copied != NULL) {
    ud = pr->copied;
    n = strlen(pr->copied);
  } else {
    size_t len;
    const char *data = paste_top(&len);
    if (data == NULL)
      return 0;
    ud = xmalloc(len + 1);
    memcpy(ud, data, len);
    ud[len] = '\0';
    n = len;
  }
  if (n != 0) {
    pr->buffer = realloc(pr->buffer, pr->len + n + 1);
    if (pr->buffer == NULL)
      abort();
    memcpy(pr->buffer + pr->len, ud, n + 1);
    pr->len += n;
  }
  if (ud != pr->copied)
    free(ud);
  return 1;
}

/* The same, but compared with another field than the one tested. */
int prompt_paste_other(struct prompt *pr) {
  char *ud;
  if (pr->copied != NULL) {
    ud = pr->copied;
  } else {
    ud = xmalloc(16);
    ud[0] = '\0';
  }
  if (ud != pr->buffer)
    free(ud);
  return 1; // expect: resource-leak
}
