/* pprof_file.c - profiles on disk: gzip with zlib, written atomically. */
#include "pprof.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

int pp_gzip(const uint8_t *data, size_t len, uint8_t **out, size_t *out_len) {
  z_stream z;
  memset(&z, 0, sizeof z);
  /* windowBits 15 + 16: a gzip header and trailer rather than zlib's. */
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return -1;
  size_t cap = deflateBound(&z, len) + 32;
  uint8_t *dst = malloc(cap);
  if (!dst) {
    deflateEnd(&z);
    return -1;
  }
  z.next_in = (Bytef *)data;
  z.avail_in = (uInt)len;
  z.next_out = dst;
  z.avail_out = (uInt)cap;
  int rc = deflate(&z, Z_FINISH);
  *out_len = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) {
    free(dst);
    return -1;
  }
  *out = dst;
  return 0;
}

static int write_all(int fd, const uint8_t *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

int pp_write_file(const pp_profile *p, const char *path) {
  uint8_t *raw = NULL, *gz = NULL;
  size_t raw_len = 0, gz_len = 0;
  char tmp[4096];
  int fd = -1, rc = -1;
  if (snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= (int)sizeof tmp)
    return -1;
  if (pp_encode(p, &raw, &raw_len) != 0 || pp_gzip(raw, raw_len, &gz, &gz_len) != 0)
    goto done;
  fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || write_all(fd, gz, gz_len) != 0)
    goto done;
  if (close(fd) != 0) {
    fd = -1;
    goto done;
  }
  fd = -1;
  rc = rename(tmp, path);
done:
  if (fd >= 0)
    close(fd);
  if (rc != 0)
    unlink(tmp);
  free(raw);
  free(gz);
  return rc;
}

int pp_read_file(const char *path, pp_profile *p) {
  gzFile in = gzopen(path, "rb");
  if (!in)
    return -1;
  size_t len = 0, cap = 1 << 16;
  uint8_t *data = malloc(cap);
  int n = 0;
  while (data && (n = gzread(in, data + len, (unsigned)(cap - len))) > 0) {
    len += (size_t)n;
    if (len == cap) {
      uint8_t *grown = realloc(data, cap * 2);
      if (!grown) {
        free(data);
        data = NULL;
        break;
      }
      data = grown;
      cap *= 2;
    }
  }
  int closed = gzclose(in);
  int bad = !data || n < 0 || closed != Z_OK;
  int rc = bad ? -1 : pp_decode(data, len, p);
  free(data);
  return rc;
}
