/* pprof_encode.c - profile.proto wire encoding: varints and length-delimited
 * fields, as Go's runtime/pprof writes it, without a protobuf library.
 * Field numbers are those of github.com/google/pprof proto/profile.proto. */
#include "pprof.h"

#include <stdlib.h>
#include <string.h>

typedef struct buf {
  uint8_t *data;
  size_t len, cap;
  int failed;
} buf;

static void put_bytes(buf *b, const void *src, size_t n) {
  if (b->failed)
    return;
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n)
      cap *= 2;
    uint8_t *grown = realloc(b->data, cap);
    if (!grown) {
      b->failed = 1;
      return;
    }
    b->data = grown;
    b->cap = cap;
  }
  memcpy(b->data + b->len, src, n);
  b->len += n;
}

static void put_varint(buf *b, uint64_t v) {
  uint8_t tmp[10];
  size_t n = 0;
  do {
    tmp[n++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
    v >>= 7;
  } while (v);
  put_bytes(b, tmp, n);
}

enum { WIRE_VARINT = 0, WIRE_LEN = 2 };

static void put_key(buf *b, unsigned field, unsigned wire) {
  put_varint(b, (uint64_t)field << 3 | wire);
}

/* Proto3 omits zero scalars; so do we. */
static void put_uint(buf *b, unsigned field, uint64_t v) {
  if (!v)
    return;
  put_key(b, field, WIRE_VARINT);
  put_varint(b, v);
}

static void put_int(buf *b, unsigned field, int64_t v) {
  put_uint(b, field, (uint64_t)v);
}

static void put_bool(buf *b, unsigned field, bool v) {
  put_uint(b, field, v ? 1 : 0);
}

/* A nested message: encoded into sub, then copied with its length. */
static void put_message(buf *b, unsigned field, buf *sub) {
  if (sub->failed)
    b->failed = 1;
  put_key(b, field, WIRE_LEN);
  put_varint(b, sub->len);
  put_bytes(b, sub->data, sub->len);
  sub->len = 0;
}

static void put_packed(buf *b, buf *sub, unsigned field, const uint64_t *v, size_t n) {
  if (!n)
    return;
  for (size_t i = 0; i < n; i++)
    put_varint(sub, v[i]);
  put_message(b, field, sub);
}

static void put_value_type(buf *b, buf *sub, unsigned field, pp_value_type vt) {
  put_int(sub, 1, vt.type);
  put_int(sub, 2, vt.unit);
  put_message(b, field, sub);
}

static void put_sample(buf *b, buf *sub, buf *packed, const pp_sample *s) {
  put_packed(sub, packed, 1, s->location_ids, s->nlocations);
  put_packed(sub, packed, 2, (const uint64_t *)s->values, s->nvalues);
  put_message(b, 2, sub);
}

static void put_mapping(buf *b, buf *sub, const pp_mapping *m) {
  put_uint(sub, 1, m->id);
  put_uint(sub, 2, m->memory_start);
  put_uint(sub, 3, m->memory_limit);
  put_uint(sub, 4, m->file_offset);
  put_int(sub, 5, m->filename);
  put_int(sub, 6, m->build_id);
  put_bool(sub, 7, m->has_functions);
  put_bool(sub, 8, m->has_filenames);
  put_bool(sub, 9, m->has_line_numbers);
  put_bool(sub, 10, m->has_inline_frames);
  put_message(b, 3, sub);
}

static void put_location(buf *b, buf *sub, buf *line, const pp_location *l) {
  put_uint(sub, 1, l->id);
  put_uint(sub, 2, l->mapping_id);
  put_uint(sub, 3, l->address);
  for (size_t i = 0; i < l->nlines; i++) {
    put_uint(line, 1, l->lines[i].function_id);
    put_int(line, 2, l->lines[i].line);
    put_message(sub, 4, line);
  }
  put_message(b, 4, sub);
}

static void put_function(buf *b, buf *sub, const pp_function *f) {
  put_uint(sub, 1, f->id);
  put_int(sub, 2, f->name);
  put_int(sub, 3, f->system_name);
  put_int(sub, 4, f->filename);
  put_int(sub, 5, f->start_line);
  put_message(b, 5, sub);
}

static void put_string(buf *b, unsigned field, const char *s) {
  size_t n = strlen(s);
  put_key(b, field, WIRE_LEN);
  put_varint(b, n);
  put_bytes(b, s, n);
}

static void put_body(buf *b, buf *sub, buf *inner, const pp_profile *p) {
  for (size_t i = 0; i < p->nsample_types; i++)
    put_value_type(b, sub, 1, p->sample_types[i]);
  for (size_t i = 0; i < p->nsamples; i++)
    put_sample(b, sub, inner, &p->samples[i]);
  for (size_t i = 0; i < p->nmappings; i++)
    put_mapping(b, sub, &p->mappings[i]);
  for (size_t i = 0; i < p->nlocations; i++)
    put_location(b, sub, inner, &p->locations[i]);
  for (size_t i = 0; i < p->nfunctions; i++)
    put_function(b, sub, &p->functions[i]);
  for (size_t i = 0; i < p->nstrings; i++)
    put_string(b, 6, p->strings[i]);
  put_int(b, 9, p->time_nanos);
  put_int(b, 10, p->duration_nanos);
  if (p->period_type.type || p->period_type.unit)
    put_value_type(b, sub, 11, p->period_type);
  put_int(b, 12, p->period);
  put_packed(b, sub, 13, (const uint64_t *)p->comments, p->ncomments);
  put_int(b, 14, p->default_sample_type);
}

int pp_encode(const pp_profile *p, uint8_t **out, size_t *out_len) {
  buf b = {0}, sub = {0}, inner = {0};
  put_body(&b, &sub, &inner, p);
  int failed = b.failed || sub.failed || inner.failed;
  free(sub.data);
  free(inner.data);
  if (failed) {
    free(b.data);
    return -1;
  }
  *out = b.data;
  *out_len = b.len;
  return 0;
}
