/* pprof_decode.c - reads profile.proto wire format back into a pp_profile.
 * Accepts packed and unpacked repeated scalars, skips unknown fields, so it
 * reads profiles from other writers too (Go, pprof's own output). */
#include "pprof.h"

#include <stdlib.h>
#include <string.h>

typedef struct reader {
  const uint8_t *p, *end;
  int bad;
} reader;

typedef struct field {
  unsigned num, wire;
  uint64_t v;           /* varint and fixed values */
  const uint8_t *bytes; /* length-delimited payload */
  size_t len;
} field;

static uint64_t get_varint(reader *r) {
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (r->p >= r->end)
      break;
    uint8_t byte = *r->p++;
    v |= (uint64_t)(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      return v;
  }
  r->bad = 1;
  return 0;
}

static uint64_t get_fixed(reader *r, size_t n) {
  uint64_t v = 0;
  if ((size_t)(r->end - r->p) < n) {
    r->bad = 1;
    return 0;
  }
  for (size_t i = 0; i < n; i++)
    v |= (uint64_t)r->p[i] << (8 * i);
  r->p += n;
  return v;
}

/* Reads the next field; returns 0 at the end of input or on error. */
static int next_field(reader *r, field *f) {
  if (r->bad || r->p >= r->end)
    return 0;
  uint64_t key = get_varint(r);
  f->num = (unsigned)(key >> 3);
  f->wire = (unsigned)(key & 7);
  f->bytes = NULL;
  f->len = 0;
  switch (f->wire) {
  case 0:
    f->v = get_varint(r);
    break;
  case 1:
    f->v = get_fixed(r, 8);
    break;
  case 5:
    f->v = get_fixed(r, 4);
    break;
  case 2:
    f->len = get_varint(r);
    if (f->len > (size_t)(r->end - r->p)) {
      r->bad = 1;
      return 0;
    }
    f->bytes = r->p;
    r->p += f->len;
    break;
  default:
    r->bad = 1;
  }
  return !r->bad;
}

static reader sub_reader(const field *f) {
  reader r = {f->bytes, f->bytes + f->len, 0};
  return r;
}

/* Appends a repeated scalar field, packed (wire 2) or not, to *arr. */
static int get_repeated(const field *f, uint64_t **arr, size_t *n) {
  size_t count = 0;
  if (f->wire == 2) {
    reader r = sub_reader(f);
    while (r.p < r.end && !r.bad)
      get_varint(&r), count++;
    if (r.bad)
      return -1;
  } else {
    count = 1;
  }
  uint64_t *grown = realloc(*arr, pp_capacity(*n + count) * sizeof **arr);
  if (!grown)
    return -1;
  *arr = grown;
  if (f->wire != 2) {
    grown[(*n)++] = f->v;
    return 0;
  }
  reader r = sub_reader(f);
  while (r.p < r.end)
    grown[(*n)++] = get_varint(&r);
  return 0;
}

static int decode_value_type(const field *outer, pp_value_type *vt) {
  reader r = sub_reader(outer);
  field f;
  while (next_field(&r, &f)) {
    if (f.num == 1)
      vt->type = (int64_t)f.v;
    else if (f.num == 2)
      vt->unit = (int64_t)f.v;
  }
  return r.bad ? -1 : 0;
}

static int decode_sample(const field *outer, pp_profile *p) {
  pp_sample *s = pp_add_sample(p, 0, 0);
  if (!s)
    return -1;
  reader r = sub_reader(outer);
  field f;
  while (next_field(&r, &f)) {
    if (f.num == 1 && get_repeated(&f, &s->location_ids, &s->nlocations) != 0)
      return -1;
    if (f.num == 2 && get_repeated(&f, (uint64_t **)&s->values, &s->nvalues) != 0)
      return -1;
  }
  return r.bad ? -1 : 0;
}

static int decode_mapping(const field *outer, pp_profile *p) {
  pp_mapping *m = pp_add_mapping(p);
  if (!m)
    return -1;
  reader r = sub_reader(outer);
  field f;
  while (next_field(&r, &f)) {
    switch (f.num) {
    case 1:
      m->id = f.v;
      break;
    case 2:
      m->memory_start = f.v;
      break;
    case 3:
      m->memory_limit = f.v;
      break;
    case 4:
      m->file_offset = f.v;
      break;
    case 5:
      m->filename = (int64_t)f.v;
      break;
    case 6:
      m->build_id = (int64_t)f.v;
      break;
    case 7:
      m->has_functions = f.v != 0;
      break;
    case 8:
      m->has_filenames = f.v != 0;
      break;
    case 9:
      m->has_line_numbers = f.v != 0;
      break;
    case 10:
      m->has_inline_frames = f.v != 0;
      break;
    }
  }
  return r.bad ? -1 : 0;
}

static int decode_line(const field *outer, pp_location *loc) {
  pp_line *l = pp_location_add_line(loc);
  if (!l)
    return -1;
  reader r = sub_reader(outer);
  field f;
  while (next_field(&r, &f)) {
    if (f.num == 1)
      l->function_id = f.v;
    else if (f.num == 2)
      l->line = (int64_t)f.v;
  }
  return r.bad ? -1 : 0;
}

static int decode_location(const field *outer, pp_profile *p) {
  pp_location *loc = pp_add_location(p);
  if (!loc)
    return -1;
  reader r = sub_reader(outer);
  field f;
  while (next_field(&r, &f)) {
    if (f.num == 1)
      loc->id = f.v;
    else if (f.num == 2)
      loc->mapping_id = f.v;
    else if (f.num == 3)
      loc->address = f.v;
    else if (f.num == 4 && decode_line(&f, loc) != 0)
      return -1;
  }
  return r.bad ? -1 : 0;
}

static int decode_function(const field *outer, pp_profile *p) {
  pp_function *fn = pp_add_function(p);
  if (!fn)
    return -1;
  reader r = sub_reader(outer);
  field f;
  while (next_field(&r, &f)) {
    switch (f.num) {
    case 1:
      fn->id = f.v;
      break;
    case 2:
      fn->name = (int64_t)f.v;
      break;
    case 3:
      fn->system_name = (int64_t)f.v;
      break;
    case 4:
      fn->filename = (int64_t)f.v;
      break;
    case 5:
      fn->start_line = (int64_t)f.v;
      break;
    }
  }
  return r.bad ? -1 : 0;
}

/* Strings are appended as read (duplicates kept: indices must not move). */
static int decode_string(const field *f, pp_profile *p) {
  char *s = malloc(f->len + 1);
  char **slot = s ? pp_grow(&p->strings, &p->nstrings, sizeof *slot) : NULL;
  if (!slot) {
    free(s);
    return -1;
  }
  memcpy(s, f->bytes, f->len);
  s[f->len] = '\0';
  *slot = s;
  return 0;
}

static int decode_top(const field *f, pp_profile *p) {
  switch (f->num) {
  case 1: {
    pp_value_type vt = {0, 0};
    if (decode_value_type(f, &vt) != 0)
      return -1;
    pp_value_type *slot = pp_grow(&p->sample_types, &p->nsample_types, sizeof vt);
    if (!slot)
      return -1;
    *slot = vt;
    return 0;
  }
  case 2:
    return decode_sample(f, p);
  case 3:
    return decode_mapping(f, p);
  case 4:
    return decode_location(f, p);
  case 5:
    return decode_function(f, p);
  case 6:
    return decode_string(f, p);
  case 9:
    p->time_nanos = (int64_t)f->v;
    return 0;
  case 10:
    p->duration_nanos = (int64_t)f->v;
    return 0;
  case 11:
    return decode_value_type(f, &p->period_type);
  case 12:
    p->period = (int64_t)f->v;
    return 0;
  case 13:
    return get_repeated(f, (uint64_t **)&p->comments, &p->ncomments);
  case 14:
    p->default_sample_type = (int64_t)f->v;
    return 0;
  default:
    return 0;
  }
}

int pp_decode(const uint8_t *data, size_t len, pp_profile *p) {
  memset(p, 0, sizeof *p);
  reader r = {data, data + len, 0};
  field f;
  while (next_field(&r, &f))
    if (decode_top(&f, p) != 0) {
      r.bad = 1;
      break;
    }
  if (r.bad) {
    pp_free(p);
    return -1;
  }
  return 0;
}
