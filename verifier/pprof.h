/* pprof.h - an in-memory pprof profile (github.com/google/pprof,
 * proto/profile.proto) and its wire encoding.
 *
 * Ownership: a pp_profile owns every array and string it points to; the
 * pp_add_* helpers grow them with malloc/realloc and pp_free releases them
 * all.  The sampler builds one of these inside the profiled process (its own
 * allocations then pass straight through to libc, unsampled) and the verify
 * side decodes, symbolizes and re-encodes it. */
#ifndef LEAKLINT_PPROF_H
#define LEAKLINT_PPROF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pp_value_type {
  int64_t type, unit; /* string table indices */
} pp_value_type;

typedef struct pp_sample {
  uint64_t *location_ids; /* leaf first */
  size_t nlocations;
  int64_t *values; /* one per sample type */
  size_t nvalues;
} pp_sample;

typedef struct pp_mapping {
  uint64_t id, memory_start, memory_limit, file_offset;
  int64_t filename, build_id;
  bool has_functions, has_filenames, has_line_numbers, has_inline_frames;
} pp_mapping;

typedef struct pp_line {
  uint64_t function_id;
  int64_t line;
} pp_line;

typedef struct pp_location {
  uint64_t id, mapping_id, address;
  pp_line *lines; /* innermost inlined frame first */
  size_t nlines;
} pp_location;

typedef struct pp_function {
  uint64_t id;
  int64_t name, system_name, filename, start_line;
} pp_function;

typedef struct pp_profile {
  pp_value_type *sample_types;
  size_t nsample_types;
  pp_sample *samples;
  size_t nsamples;
  pp_mapping *mappings;
  size_t nmappings;
  pp_location *locations;
  size_t nlocations;
  pp_function *functions;
  size_t nfunctions;
  char **strings; /* strings[0] is always "" */
  size_t nstrings;
  int64_t time_nanos, duration_nanos, period, default_sample_type;
  pp_value_type period_type;
  int64_t *comments; /* string table indices */
  size_t ncomments;
  /* Interning index for strings (open addressing, not encoded). */
  uint32_t *intern_slots;
  size_t intern_cap;
} pp_profile;

/* Sets *p to an empty profile whose string table holds "".  Returns 0 or -1. */
int pp_init(pp_profile *p);
void pp_free(pp_profile *p);

/* Index of s in the string table, adding it if absent; -1 on memory error. */
int64_t pp_intern(pp_profile *p, const char *s);
/* The string at index i, or "" when out of range. */
const char *pp_string(const pp_profile *p, int64_t i);

/* Appenders return a pointer to the zeroed new element, or NULL. */
pp_sample *pp_add_sample(pp_profile *p, size_t nlocations, size_t nvalues);
pp_mapping *pp_add_mapping(pp_profile *p);
pp_location *pp_add_location(pp_profile *p);
pp_line *pp_location_add_line(pp_location *loc);
pp_function *pp_add_function(pp_profile *p);
int pp_add_comment(pp_profile *p, const char *text);
int pp_add_sample_type(pp_profile *p, const char *type, const char *unit);

/* Array growth shared by the encoder and decoder.  An array of n elements
 * always has room for pp_capacity(n) of them; pp_grow appends one zeroed
 * element and returns it (NULL on memory error). */
size_t pp_capacity(size_t n);
void *pp_grow(void *arr_ptr, size_t *n, size_t elem);

/* Lookups by id (ids are dense 1..n in the profiles we write; these fall
 * back to a scan for profiles from elsewhere).  NULL when absent. */
const pp_location *pp_location_by_id(const pp_profile *p, uint64_t id);
const pp_function *pp_function_by_id(const pp_profile *p, uint64_t id);
const pp_mapping *pp_mapping_by_id(const pp_profile *p, uint64_t id);

/* Serializes p as an (uncompressed) protobuf into a malloc'd buffer that the
 * caller frees.  Returns 0, or -1 on memory error. */
int pp_encode(const pp_profile *p, uint8_t **out, size_t *out_len);
/* Parses an uncompressed protobuf.  Returns 0, or -1 on malformed input. */
int pp_decode(const uint8_t *data, size_t len, pp_profile *p);

/* gzip (RFC 1952) of data into a malloc'd buffer.  Returns 0 or -1. */
int pp_gzip(const uint8_t *data, size_t len, uint8_t **out, size_t *out_len);
/* Writes the gzipped encoding of p to path through a temporary file and a
 * rename, so readers never see half a profile.  Returns 0 or -1. */
int pp_write_file(const pp_profile *p, const char *path);
/* Reads a gzipped (or plain) profile from path.  Returns 0 or -1. */
int pp_read_file(const char *path, pp_profile *p);

#endif
