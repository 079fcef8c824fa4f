/* utf16.h - UTF-8 decoding as a web browser or Node.js does it, and the
 * conversion of libclang's byte columns to SARIF's UTF-16 code units.
 *
 * Two consumers must agree on how a byte sequence becomes characters: the
 * column conversion (GitHub shows regions in UTF-16 code units) and the
 * line fingerprint (GitHub's codeql-action hashes the UTF-16 code units
 * Node.js decodes from the file).  Both use utf8_decode(). */
#ifndef LEAKLINT_UTF16_H
#define LEAKLINT_UTF16_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xFFFDu

/* Decodes the character at s[0..len), len >= 1, as the WHATWG "UTF-8 decode"
 * algorithm does: an ill-formed sequence yields U+FFFD for its maximal
 * prefix that could start a valid character.  Stores the code point in *cp
 * and returns the number of bytes consumed (1 to 4). */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Number of UTF-16 code units of code point cp: 2 above the BMP, else 1. */
static inline unsigned utf16_units(uint32_t cp) {
  return cp > 0xFFFFu ? 2u : 1u;
}

/* Converts a 1-based byte column on a line to a 1-based UTF-16 column.
 * line points at the first byte of the line, len counts the bytes up to (not
 * including) its line terminator.  A column inside a multibyte character
 * maps to that character; a column past the end of the line keeps its
 * distance from the end.  Column 0 (unknown) stays 0. */
unsigned utf16_column(const char *line, size_t len, unsigned byte_col);

#endif
