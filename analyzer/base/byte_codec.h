/* byte_codec.h - the compact binary encoding of stored records (a unit's
 * artifact): unsigned LEB128 varints, zigzag for signed values, and
 * strings written once per stream (later uses name the first by number),
 * so interned texts repeated all over the IR cost a byte or two each.
 *
 * A reader never reads past its end: a short or corrupt record sets
 * `failed` and every later read returns 0 or NULL, so a decoder checks
 * once, at the end. */
#ifndef LEAKLINT_BYTE_CODEC_H
#define LEAKLINT_BYTE_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hash_table.h"

typedef struct byte_writer {
  unsigned char *data;
  size_t len, cap;
  hash_table strings; /* interned pointer -> its number + 1 */
  size_t nstrings;
} byte_writer;

void bw_u64(byte_writer *w, uint64_t v);
void bw_i64(byte_writer *w, int64_t v);
void bw_bytes(byte_writer *w, const void *p, size_t n);
/* An interned string or NULL. */
void bw_str(byte_writer *w, const char *s);
void bw_free(byte_writer *w);

typedef struct byte_reader {
  const unsigned char *p, *end;
  const char **strings; /* interned, by number */
  size_t nstrings, cap_strings;
  bool failed;
} byte_reader;

uint64_t br_u64(byte_reader *r);
int64_t br_i64(byte_reader *r);
/* An unsigned value that must be below limit (a count or an index). */
uint64_t br_below(byte_reader *r, uint64_t limit);
bool br_bytes(byte_reader *r, void *p, size_t n);
/* An interned string or NULL. */
const char *br_str(byte_reader *r);
void br_free(byte_reader *r);

#endif
