/* unused_on_purpose.c - a handle the code says it leaves be, in the shape
 * of redis's rdbRemoveTempFile(): from a signal handler, the temp file is
 * opened so that unlink() does not free its blocks there, and the fd is
 * marked unused on purpose (UNUSED(fd), i.e. (void)fd): the process exits
 * right after. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define UNUSED(V) ((void)V)

void bg_unlink(const char *path);

void remove_temp_file(const char *tmpfile, int from_signal) {
  if (from_signal) {
    int fd = open(tmpfile, O_RDONLY | O_NONBLOCK);
    UNUSED(fd);
    unlink(tmpfile);
  } else {
    bg_unlink(tmpfile);
  }
}

/* A cast of something else to void says nothing of the handle. */
int count_lines(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  int n = 0, c;
  while ((c = fgetc(f)) != EOF)
    n += c == '\n';
  (void)path;
  return n; // expect: resource-leak
}

/* (void)param; is the unused-parameter idiom: the callee does not keep
 * what it is given, and the caller still owns the block. */
static void on_event(char *data) {
  (void)data;
}

void dispatch(void) {
  char *buf = malloc(16);
  if (!buf)
    return;
  on_event(buf);
} // expect: resource-leak
