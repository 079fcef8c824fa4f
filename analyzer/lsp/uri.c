/* uri.c - see uri.h. */
#include "uri.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int hex(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = (char)tolower((unsigned char)c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *uri_to_path(const char *uri) {
  static const char scheme[] = "file://";
  if (strncmp(uri, scheme, sizeof scheme - 1) != 0)
    return NULL;
  const char *p = uri + sizeof scheme - 1;
  if (*p != '/') { /* file://localhost/... */
    p = strchr(p, '/');
    if (!p)
      return NULL;
  }
  char *out = xmalloc(strlen(p) + 1), *w = out;
  for (; *p && *p != '?' && *p != '#'; p++) {
    if (*p == '%') {
      int hi = hex(p[1]), lo = hi < 0 ? -1 : hex(p[2]);
      if (lo < 0 || (hi == 0 && lo == 0)) {
        free(out);
        return NULL;
      }
      *w++ = (char)(hi * 16 + lo);
      p += 2;
    } else {
      *w++ = *p;
    }
  }
  *w = '\0';
  /* One name a file: the analysis names units by their real path. */
  char real[PATH_MAX];
  if (realpath(out, real)) {
    free(out);
    return xstrdup(real);
  }
  return out;
}

char *path_to_uri(const char *path) {
  static const char keep[] = "-._~/!$&'()*+,;=:@";
  size_t n = strlen(path);
  char *out = xmalloc(7 + 3 * n + 1), *w = out;
  memcpy(w, "file://", 7);
  w += 7;
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if (isalnum(*p) || (*p && strchr(keep, *p))) {
      *w++ = (char)*p;
    } else {
      static const char digits[] = "0123456789ABCDEF";
      *w++ = '%';
      *w++ = digits[*p >> 4];
      *w++ = digits[*p & 15];
    }
  }
  *w = '\0';
  return out;
}
