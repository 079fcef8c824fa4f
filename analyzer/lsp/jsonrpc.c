/* jsonrpc.c - see jsonrpc.h. */
#include "jsonrpc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util.h"

/* Bigger than any source file an editor sends; a larger length is a
 * corrupt header, not a frame to wait for. */
enum { MAX_FRAME = 256 << 20, MAX_HEADER = 8192 };

static bool fill(rpc_reader *r) {
  if (r->cap - r->len < 65536) {
    r->cap = r->cap ? r->cap * 2 : 65536;
    r->buf = xrealloc(r->buf, r->cap);
  }
  for (;;) {
    ssize_t n = read(r->fd, r->buf + r->len, r->cap - r->len);
    if (n > 0) {
      r->len += (size_t)n;
      return true;
    }
    if (n < 0 && errno == EINTR)
      continue;
    return false;
  }
}

static void consume(rpc_reader *r, size_t n) {
  memmove(r->buf, r->buf + n, r->len - n);
  r->len -= n;
}

static const char *find_header_end(const rpc_reader *r) {
  for (size_t i = 0; i + 3 < r->len; i++)
    if (memcmp(r->buf + i, "\r\n\r\n", 4) == 0)
      return r->buf + i;
  return NULL;
}

/* The Content-Length of the header [buf, end), or -1. */
static long content_length(const char *buf, const char *end) {
  long len = -1;
  for (const char *line = buf; line < end;) {
    const char *eol = memchr(line, '\r', (size_t)(end - line));
    if (!eol)
      eol = end;
    static const char key[] = "Content-Length:";
    size_t klen = sizeof key - 1;
    if ((size_t)(eol - line) > klen && strncasecmp(line, key, klen) == 0) {
      char num[32];
      size_t n = (size_t)(eol - line) - klen;
      if (n >= sizeof num)
        return -1;
      memcpy(num, line + klen, n);
      num[n] = '\0';
      char *stop;
      errno = 0;
      long v = strtol(num, &stop, 10);
      while (*stop == ' ' || *stop == '\t')
        stop++;
      if (errno || *stop || v < 0 || v > MAX_FRAME)
        return -1;
      len = v;
    }
    line = eol + 2;
  }
  return len;
}

frame_status rpc_read_frame(rpc_reader *r, char **body, size_t *len, char *err, size_t errlen) {
  const char *end;
  while (!(end = find_header_end(r))) {
    if (r->len > MAX_HEADER) {
      snprintf(err, errlen, "frame header longer than %d bytes without an empty line", MAX_HEADER);
      r->len = 0;
      return FRAME_BAD;
    }
    if (!fill(r))
      return FRAME_EOF;
  }
  size_t header = (size_t)(end - r->buf) + 4;
  long n = content_length(r->buf, end);
  if (n < 0) {
    snprintf(err, errlen, "frame header without a valid Content-Length");
    consume(r, header);
    return FRAME_BAD;
  }
  while (r->len < header + (size_t)n)
    if (!fill(r))
      return FRAME_EOF;
  *body = xmalloc((size_t)n + 1);
  memcpy(*body, r->buf + header, (size_t)n);
  (*body)[n] = '\0';
  *len = (size_t)n;
  consume(r, header + (size_t)n);
  return FRAME_OK;
}

void rpc_reader_free(rpc_reader *r) {
  free(r->buf);
  memset(r, 0, sizeof *r);
}

void rpc_writer_init(rpc_writer *w, int fd) {
  w->fd = fd;
  pthread_mutex_init(&w->lock, NULL);
}

void rpc_writer_free(rpc_writer *w) {
  pthread_mutex_destroy(&w->lock);
}

static int write_all(int fd, const char *p, size_t n) {
  while (n) {
    ssize_t k = write(fd, p, n);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      return -1;
    p += k;
    n -= (size_t)k;
  }
  return 0;
}

int rpc_send(rpc_writer *w, cJSON *msg) {
  char *text = cJSON_PrintUnformatted(msg);
  cJSON_Delete(msg);
  if (!text)
    return -1;
  size_t n = strlen(text);
  char header[64];
  int h = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", n);
  pthread_mutex_lock(&w->lock);
  int rc = write_all(w->fd, header, (size_t)h) == 0 && write_all(w->fd, text, n) == 0 ? 0 : -1;
  pthread_mutex_unlock(&w->lock);
  free(text);
  return rc;
}

static cJSON *message(const cJSON *id) {
  cJSON *m = cJSON_CreateObject();
  cJSON_AddStringToObject(m, "jsonrpc", "2.0");
  if (id && (cJSON_IsNumber(id) || cJSON_IsString(id)))
    cJSON_AddItemToObject(m, "id", cJSON_Duplicate(id, 1));
  else if (id)
    cJSON_AddNullToObject(m, "id");
  return m;
}

cJSON *rpc_result(const cJSON *id, cJSON *result) {
  cJSON *m = message(id);
  cJSON_AddItemToObject(m, "result", result ? result : cJSON_CreateNull());
  return m;
}

cJSON *rpc_error(const cJSON *id, int code, const char *fmt, ...) {
  static const cJSON null_id = {.type = cJSON_NULL};
  cJSON *m = message(id ? id : &null_id);
  cJSON *e = cJSON_AddObjectToObject(m, "error");
  cJSON_AddNumberToObject(e, "code", code);
  va_list ap;
  va_start(ap, fmt);
  char *text = xvasprintf(fmt, ap);
  va_end(ap);
  cJSON_AddStringToObject(e, "message", text);
  free(text);
  return m;
}

cJSON *rpc_notification(const char *method, cJSON *params) {
  cJSON *m = message(NULL);
  cJSON_AddStringToObject(m, "method", method);
  if (params)
    cJSON_AddItemToObject(m, "params", params);
  return m;
}

cJSON *rpc_request(int id, const char *method, cJSON *params) {
  cJSON *m = rpc_notification(method, params);
  cJSON_AddNumberToObject(m, "id", id);
  return m;
}
