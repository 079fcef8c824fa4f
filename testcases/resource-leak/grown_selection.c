/* grown_selection.c - tmux's window_copy_match_at_cursor(): the buffer
 * starts NULL and each cell grows it with xrealloc(); a match with no cell
 * returns the NULL.  That NULL is "no object", not an unknown pointer, so
 * the function makes what it returns, and window_copy_pipe() (before
 * b13005e80) dropped the selection its pipe helper returned. */
#include <stdlib.h>
#include <string.h>

void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n);
  if (!q)
    abort();
  return q;
}

struct cell {
  int flags;
  size_t size;
  const char *data;
};
void get_cell(unsigned at, struct cell *gc);
void pipe_to_job(const char *cmd, const void *buf, size_t len);

static char *match_at_cursor(unsigned start, unsigned end, size_t *lenp) {
  char *buf = NULL;
  size_t len = 0;
  struct cell gc;
  for (unsigned at = start; at <= end; at++) {
    get_cell(at, &gc);
    if (gc.flags & 1) {
      buf = xrealloc(buf, len + 2);
      buf[len++] = '\t';
    } else {
      buf = xrealloc(buf, len + gc.size + 1);
      memcpy(buf + len, gc.data, gc.size);
      len += gc.size;
    }
  }
  if (len != 0)
    buf[len] = '\0';
  *lenp = len;
  return buf;
}

static void *pipe_run(unsigned start, unsigned end, const char *cmd, size_t *len) {
  void *buf = match_at_cursor(start, end, len);
  if (cmd != NULL && *cmd != '\0')
    pipe_to_job(cmd, buf, *len);
  return buf;
}

void copy_pipe(unsigned start, unsigned end, const char *cmd) {
  size_t len;
  pipe_run(start, end, cmd, &len); // expect: resource-leak
}

void copy_pipe_fixed(unsigned start, unsigned end, const char *cmd) {
  size_t len;
  void *buf = pipe_run(start, end, cmd, &len);
  free(buf);
}
