/* aligned_table.c - a block rounded up to a cache line and kept in a
 * global, in the shape of nginx's ngx_crc32_table_init(): ngx_align_ptr()
 * masks (uintptr_t)p + a - 1, so the global holds a pointer into the
 * block, which lives for the process. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define align_ptr(p, a)                                                                            \
  (unsigned char *)(((uintptr_t)(p) + ((uintptr_t)a - 1)) & ~((uintptr_t)a - 1))

static const uint32_t table16[16] = {0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac};
uint32_t *table_short = (uint32_t *)table16;
static size_t cacheline_size = 64;

int table_init(void) {
  void *p;
  if (((uintptr_t)table_short & ~((uintptr_t)cacheline_size - 1)) == (uintptr_t)table_short)
    return 0;
  p = malloc(16 * sizeof(uint32_t) + cacheline_size);
  if (p == NULL)
    return -1;
  p = align_ptr(p, cacheline_size);
  memcpy(p, table16, 16 * sizeof(uint32_t));
  table_short = p;
  return 0;
}

/* An offset between two pointers is a number, not a pointer into q. */
long span_of(const char *s) {
  char *q = strdup(s);
  if (!q)
    return -1;
  long n = (long)((uintptr_t)strchr(q, '\0') - (uintptr_t)q);
  return n; // expect: resource-leak
}
