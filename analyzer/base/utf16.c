/* utf16.c - see utf16.h. */
#include "utf16.h"

/* The range the second byte of a sequence must fall in, by lead byte
 * (Unicode Table 3-7): this is what rules out overlong forms, surrogates
 * and code points above U+10FFFF. */
static void second_byte_range(unsigned char lead, unsigned char *lo, unsigned char *hi) {
  *lo = 0x80;
  *hi = 0xBF;
  if (lead == 0xE0)
    *lo = 0xA0;
  else if (lead == 0xED)
    *hi = 0x9F;
  else if (lead == 0xF0)
    *lo = 0x90;
  else if (lead == 0xF4)
    *hi = 0x8F;
}

size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp) {
  unsigned char lead = s[0];
  size_t need;
  uint32_t value;
  if (lead < 0x80) {
    *cp = lead;
    return 1;
  } else if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1, value = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2, value = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3, value = lead & 0x07u;
  } else {
    *cp = UTF8_REPLACEMENT;
    return 1;
  }
  unsigned char lo, hi;
  second_byte_range(lead, &lo, &hi);
  size_t i = 1;
  for (; i <= need; i++) {
    /* An unexpected byte ends the sequence without being consumed: it
     * starts the next character, as in every WHATWG decoder. */
    if (i >= len || s[i] < lo || s[i] > hi) {
      *cp = UTF8_REPLACEMENT;
      return i;
    }
    value = value << 6 | (s[i] & 0x3Fu);
    lo = 0x80, hi = 0xBF;
  }
  *cp = value;
  return i;
}

unsigned utf16_column(const char *line, size_t len, unsigned byte_col) {
  if (byte_col == 0)
    return 0;
  const unsigned char *s = (const unsigned char *)line;
  size_t target = byte_col - 1, off = 0;
  unsigned units = 0;
  while (off < target && off < len) {
    uint32_t cp;
    size_t n = utf8_decode(s + off, len - off, &cp);
    if (off + n > target)
      break; /* the column points inside this character */
    units += utf16_units(cp);
    off += n;
  }
  if (off < target && off >= len)
    units += (unsigned)(target - off);
  return units + 1;
}
