/* byte_codec.c - see byte_codec.h. */
#include "byte_codec.h"

#include <string.h>

#include "util.h"

static void reserve(byte_writer *w, size_t n) {
  if (w->len + n <= w->cap)
    return;
  while (w->len + n > w->cap)
    w->cap = w->cap ? w->cap * 2 : 4096;
  w->data = xrealloc(w->data, w->cap);
}

void bw_u64(byte_writer *w, uint64_t v) {
  reserve(w, 10);
  do {
    unsigned char b = v & 0x7f;
    v >>= 7;
    w->data[w->len++] = b | (v ? 0x80 : 0);
  } while (v);
}

void bw_i64(byte_writer *w, int64_t v) {
  bw_u64(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void bw_bytes(byte_writer *w, const void *p, size_t n) {
  reserve(w, n);
  memcpy(w->data + w->len, p, n);
  w->len += n;
}

/* 0: NULL; 1: a new string follows (length, bytes); k + 2: string k. */
void bw_str(byte_writer *w, const char *s) {
  if (!s) {
    bw_u64(w, 0);
    return;
  }
  hash_slot *slot = hash_slot_for(&w->strings, hash_identity(s), NULL, s);
  if (slot->item) {
    bw_u64(w, (uint64_t)(uintptr_t)slot->item + 1);
    return;
  }
  slot->item = (void *)(uintptr_t)(++w->nstrings);
  size_t n = strlen(s);
  bw_u64(w, 1);
  bw_u64(w, n);
  bw_bytes(w, s, n);
}

void bw_free(byte_writer *w) {
  free(w->data);
  hash_free(&w->strings);
  *w = (byte_writer){0};
}

uint64_t br_u64(byte_reader *r) {
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (r->failed || r->p >= r->end) {
      r->failed = true;
      return 0;
    }
    unsigned char b = *r->p++;
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80))
      return v;
  }
  r->failed = true;
  return 0;
}

int64_t br_i64(byte_reader *r) {
  uint64_t u = br_u64(r);
  return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

uint64_t br_below(byte_reader *r, uint64_t limit) {
  uint64_t v = br_u64(r);
  if (v >= limit) {
    r->failed = true;
    return 0;
  }
  return v;
}

bool br_bytes(byte_reader *r, void *p, size_t n) {
  if (r->failed || (size_t)(r->end - r->p) < n) {
    r->failed = true;
    return false;
  }
  memcpy(p, r->p, n);
  r->p += n;
  return true;
}

const char *br_str(byte_reader *r) {
  uint64_t tag = br_u64(r);
  if (r->failed || tag == 0)
    return NULL;
  if (tag >= 2) {
    if (tag - 2 >= r->nstrings) {
      r->failed = true;
      return NULL;
    }
    return r->strings[tag - 2];
  }
  uint64_t n = br_u64(r);
  if (r->failed || n > (uint64_t)(r->end - r->p)) {
    r->failed = true;
    return NULL;
  }
  char *tmp = xstrndup((const char *)r->p, (size_t)n);
  r->p += n;
  const char *s = intern(tmp);
  free(tmp);
  LL_GROW(r->strings, r->nstrings, r->cap_strings);
  r->strings[r->nstrings++] = s;
  return s;
}

void br_free(byte_reader *r) {
  free(r->strings);
  r->strings = NULL;
  r->nstrings = r->cap_strings = 0;
}
