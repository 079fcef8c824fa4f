/* positions.h - leaklint's locations (1-based lines, byte columns) as the
 * protocol's positions (0-based lines, UTF-16 code units), read against
 * the text the analysis saw (source_text.h). */
#ifndef LEAKLINT_POSITIONS_H
#define LEAKLINT_POSITIONS_H

#include <cjson/cJSON.h>

#include "location.h"
#include "source_text.h"

/* {"line", "character"} of byte column col (1-based; 0: the line's start)
 * on line line (1-based) of s. */
cJSON *lsp_position(const source_text *s, unsigned line, unsigned col);

/* The range of loc; without an end, to the end of its line. */
cJSON *lsp_range(const ll_location *loc);

/* {"uri", "range"} of loc. */
cJSON *lsp_location(const ll_location *loc);

#endif
