/* fingerprint.c - a port of hash() in github/codeql-action src/fingerprints.ts
 * (https://github.com/github/codeql-action/blob/main/src/fingerprints.ts, MIT
 * licence), the function that computes partialFingerprints.
 * primaryLocationLineHash for code scanning uploads.
 *
 * The action reads the file as UTF-8 into a JavaScript string and hashes its
 * UTF-16 code units: a rolling polynomial hash (base 37, 64-bit wrap-around
 * arithmetic via the "long" package) over a window of the next 100
 * characters from each line start, where spaces and tabs do not count and
 * CR, LF and CRLF all count as one LF.  After the last character comes a
 * 65535 and then zeros, so that lines near the end still see 100 characters.
 * Every quirk here is deliberate: a hash that differs in one case makes
 * GitHub open a new alert and close the old one. */
#include "fingerprint.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf16.h"
#include "util.h"

enum { BLOCK_SIZE = 100, MOD = 37 };
enum { TAB = '\t', SPACE = ' ', LF = '\n', CR = '\r', END_OF_FILE = 65535 };

typedef struct hasher {
  uint32_t window[BLOCK_SIZE];
  /* Line number (1-based) of the line starting at each window slot; 0: none
   * (the action uses -1, but its lines count from 1 too). */
  size_t line_numbers[BLOCK_SIZE];
  uint64_t hash, first_mod;
  size_t index, line_number;
  bool line_start, prev_cr;
  fp_line *lines;
  size_t nlines, cap;
} hasher;

/* MOD to the power BLOCK_SIZE: the weight of the character leaving the
 * window. */
static uint64_t compute_first_mod(void) {
  uint64_t m = 1;
  for (int i = 0; i < BLOCK_SIZE; i++)
    m *= MOD;
  return m;
}

/* The window is full again at the slot where a line started: the hash now
 * covers exactly the 100 characters from that line start. */
static void output_hash(hasher *h) {
  LL_GROW(h->lines, h->nlines, h->cap);
  h->lines[h->nlines++] = (fp_line){.hash = h->hash};
  h->line_numbers[h->index] = 0;
}

static void update_hash(hasher *h, uint32_t current) {
  uint32_t begin = h->window[h->index];
  h->window[h->index] = current;
  h->hash = MOD * h->hash + current - h->first_mod * begin;
  h->index = (h->index + 1) % BLOCK_SIZE;
}

static void process_character(hasher *h, uint32_t current) {
  if (current == SPACE || current == TAB || (h->prev_cr && current == LF)) {
    h->prev_cr = false;
    return;
  }
  if (current == CR) {
    current = LF;
    h->prev_cr = true;
  } else {
    h->prev_cr = false;
  }
  if (h->line_numbers[h->index])
    output_hash(h);
  if (h->line_start) {
    h->line_start = false;
    h->line_numbers[h->index] = ++h->line_number;
  }
  if (current == LF)
    h->line_start = true;
  update_hash(h, current);
}

/* Feeds the file as the JavaScript string Node.js would decode from it. */
static void process_text(hasher *h, const unsigned char *s, size_t len) {
  for (size_t off = 0; off < len;) {
    uint32_t cp;
    off += utf8_decode(s + off, len - off, &cp);
    if (utf16_units(cp) == 1) {
      process_character(h, cp);
    } else {
      cp -= 0x10000;
      process_character(h, 0xD800 + (cp >> 10));
      process_character(h, 0xDC00 + (cp & 0x3FF));
    }
  }
}

static int cmp_by_hash_then_line(const void *pa, const void *pb) {
  const fp_line *a = *(const fp_line *const *)pa, *b = *(const fp_line *const *)pb;
  if (a->hash != b->hash)
    return a->hash < b->hash ? -1 : 1;
  return a < b ? -1 : a > b;
}

/* The action counts repeats in a map as it goes; lines come out in order,
 * so numbering each run of equal hashes in line order is the same. */
static void number_repeats(fp_line *lines, size_t n) {
  fp_line **order = xmalloc(n * sizeof *order);
  for (size_t i = 0; i < n; i++)
    order[i] = &lines[i];
  qsort(order, n, sizeof *order, cmp_by_hash_then_line);
  for (size_t i = 0; i < n; i++) {
    bool repeat = i > 0 && order[i - 1]->hash == order[i]->hash;
    order[i]->occurrence = repeat ? order[i - 1]->occurrence + 1 : 1;
  }
  free(order);
}

fp_line *fingerprint_lines(const char *text, size_t len, size_t *nlines) {
  hasher h = {.first_mod = compute_first_mod(), .line_start = true};
  process_text(&h, (const unsigned char *)text, len);
  process_character(&h, END_OF_FILE);
  for (int i = 0; i < BLOCK_SIZE; i++) { /* flush the remaining lines */
    if (h.line_numbers[h.index])
      output_hash(&h);
    update_hash(&h, 0);
  }
  number_repeats(h.lines, h.nlines);
  *nlines = h.nlines;
  return h.lines;
}

char *fingerprint_format(const fp_line *l, char buf[FINGERPRINT_MAX]) {
  snprintf(buf, FINGERPRINT_MAX, "%" PRIx64 ":%u", l->hash, l->occurrence);
  return buf;
}
