/* positions.c - see positions.h. */
#include "positions.h"

#include <stdlib.h>

#include "uri.h"
#include "utf16.h"

cJSON *lsp_position(const source_text *s, unsigned line, unsigned col) {
  const char *text;
  size_t len;
  unsigned character = 0;
  if (col > 0 && source_text_line(s, line, &text, &len))
    character = utf16_column(text, len, col) - 1;
  else if (col > 0)
    character = col - 1;
  cJSON *p = cJSON_CreateObject();
  cJSON_AddNumberToObject(p, "line", line ? line - 1 : 0);
  cJSON_AddNumberToObject(p, "character", character);
  return p;
}

cJSON *lsp_range(const ll_location *loc) {
  const source_text *s = source_text_get(loc->path);
  cJSON *r = cJSON_CreateObject();
  cJSON_AddItemToObject(r, "start", lsp_position(s, loc->line, loc->col));
  unsigned end_line = loc->end_line, end_col = loc->end_col;
  const char *text;
  size_t len;
  if (!end_line || end_line < loc->line || (end_line == loc->line && end_col <= loc->col)) {
    end_line = loc->line;
    end_col = source_text_line(s, loc->line, &text, &len) ? (unsigned)len + 1 : loc->col;
  }
  cJSON_AddItemToObject(r, "end", lsp_position(s, end_line, end_col));
  return r;
}

cJSON *lsp_location(const ll_location *loc) {
  cJSON *l = cJSON_CreateObject();
  char *uri = path_to_uri(loc->path);
  cJSON_AddStringToObject(l, "uri", uri);
  free(uri);
  cJSON_AddItemToObject(l, "range", lsp_range(loc));
  return l;
}
