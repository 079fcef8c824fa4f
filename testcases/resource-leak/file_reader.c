/* file_reader.c - the reader half of password_file.c: a file object that
 * the caller builds on its stack, read here with pread() and a log line.
 * It only reads file->fd and file->name; it keeps neither the object nor
 * anything in it. */
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>

#include "file_reader.h"

ssize_t file_read(struct file *file, unsigned char *buf, size_t size, off_t offset) {
  ssize_t n = pread(file->fd, buf, size, offset);
  if (n == -1) {
    fprintf(stderr, "pread() \"%s\" failed\n", file->name);
    return -1;
  }
  file->offset += n;
  return n;
}

/* Keeps the object: what it holds goes with it. */
static struct file *last_read;

ssize_t file_read_remembered(struct file *file, unsigned char *buf, size_t size) {
  last_read = file;
  return pread(file->fd, buf, size, file->offset);
}
