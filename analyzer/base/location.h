/* location.h - a position in a source file, the one coordinate every layer
 * shares: the IR's instructions, notes, findings and reporters. */
#ifndef LEAKLINT_LOCATION_H
#define LEAKLINT_LOCATION_H

/* A source position.  Lines and columns are 1-based; columns count bytes, as
 * libclang does (the SARIF writer converts to UTF-16 code units). */
typedef struct ll_location {
  const char *path; /* interned; NULL when unknown */
  unsigned line, col;
  unsigned end_line, end_col; /* 0 when the extent is unknown */
} ll_location;

#endif
