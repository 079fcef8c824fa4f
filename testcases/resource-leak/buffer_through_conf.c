/* buffer_through_conf.c - a block reached through the addresses of local
 * objects stored in the caller's struct, in the shape of nginx's
 * ngx_conf_parse(): cf->conf_file = &conf_file, cf->conf_file->buffer =
 * &buf, buf.start = alloc(), freed as cf->conf_file->buffer->start. */
#include <stdlib.h>
#include <unistd.h>

struct buf {
  char *start, *pos;
};

struct conf_file {
  struct buf *buffer;
  int fd;
};

struct conf {
  struct conf_file *conf_file;
  const char *name;
};

int conf_read(struct conf *cf);

int conf_parse(struct conf *cf, int fd) {
  struct conf_file *prev, conf_file;
  struct buf buf;
  int rc = -1;

  prev = cf->conf_file;
  cf->conf_file = &conf_file;
  cf->conf_file->fd = fd;
  cf->conf_file->buffer = &buf;
  buf.start = malloc(4096);
  if (buf.start == NULL)
    goto done;
  buf.pos = buf.start;
  rc = conf_read(cf);
done:
  if (cf->conf_file->buffer->start)
    free(cf->conf_file->buffer->start);
  close(fd);
  cf->conf_file = prev;
  return rc;
}

/* Pointed elsewhere before the free, the pointer no longer reaches buf. */
int conf_parse_twice(struct conf *cf, struct conf_file *other) {
  struct conf_file conf_file;
  struct buf buf;
  cf->conf_file = &conf_file;
  cf->conf_file->buffer = &buf;
  buf.start = malloc(4096);
  if (buf.start == NULL)
    return -1;
  cf->conf_file = other;
  free(cf->conf_file->buffer->start);
  return 0; // expect: resource-leak
}
