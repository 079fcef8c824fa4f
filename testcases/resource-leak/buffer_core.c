/* buffer_core.c - a project's buffer type, compiled as its own unit and also
 * #included whole by a unit test (tested_buffer.c), as lighttpd's
 * src/t/test_buffer.c includes buffer.c. */
#include <stdlib.h>
#include <string.h>

typedef struct buffer {
  char *ptr;
  size_t used, size;
} buffer;

__attribute__((noreturn)) void ck_assert_failed(const char *file, unsigned line, const char *msg);
#define force_assert(x)                                                                            \
  do {                                                                                             \
    if (!(x))                                                                                      \
      ck_assert_failed(__FILE__, __LINE__, #x);                                                    \
  } while (0)

buffer *buffer_init(void) {
  buffer *const b = calloc(1, sizeof(*b));
  force_assert(b);
  return b;
}

void buffer_free(buffer *b) {
  if (NULL == b)
    return;
  free(b->ptr);
  free(b);
}

int buffer_copy_string(buffer *b, const char *s) {
  size_t n = strlen(s) + 1;
  char *p = realloc(b->ptr, n);
  if (!p)
    return -1;
  memcpy(p, s, n);
  b->ptr = p;
  b->used = b->size = n;
  return 0;
}
