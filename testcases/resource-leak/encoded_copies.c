/* Reduced from tmux's compat/vis.c: an encoder writes through a cursor
 * that a helper returns advanced (a pointer into the caller's buffer, not
 * a buffer it keeps), and the encoded copy is handed to the caller shrunk
 * by realloc() straight into its out-parameter. */
#include <stdlib.h>
#include <string.h>

/* Encodes c at dst; returns dst past what it wrote. */
static char *encode_char(char *dst, int c) {
  if (c == '\n') {
    *dst++ = '\\';
    *dst++ = 'n';
    return dst;
  }
  *dst++ = (char)c;
  return dst;
}

static int encode(char *dst, const char *src) {
  char *start = dst;
  for (; *src; src++)
    dst = encode_char(dst, *src);
  *dst = '\0';
  return (int)(dst - start);
}

/* Correct: on success the shrunk block is the caller's, on failure the
 * old one is, through *out either way. */
int encode_copy(char **out, const char *src) {
  char *buf = calloc(2, strlen(src) + 1);
  if (buf == NULL)
    return -1;
  int len = encode(buf, src);
  *out = realloc(buf, (size_t)len + 1);
  if (*out == NULL)
    *out = buf;
  return len;
}

/* Faulty: the encoded copy is measured and dropped. */
int encoded_length(const char *src) {
  char *buf = calloc(2, strlen(src) + 1);
  if (buf == NULL)
    return -1;
  return encode(buf, src); // expect: resource-leak
}

/* Faulty: the shrunk copy is returned untested; when realloc() fails the
 * caller gets NULL and the encoded copy is lost. */
char *encode_shrunk(const char *src) {
  char *buf = calloc(2, strlen(src) + 1);
  if (buf == NULL)
    return NULL;
  int len = encode(buf, src);
  return realloc(buf, (size_t)len + 1); // expect: resource-leak
}
