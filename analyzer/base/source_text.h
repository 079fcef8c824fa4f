/* source_text.h - the source files that reporters, the fingerprint and the
 * expect: checker read: each read once, with an index of its line starts.
 *
 * Lines end at LF, CRLF or a lone CR, as in GitHub's fingerprint code and as
 * clang and editors count them, so line N here is line N there.  A file that
 * ends in a terminator has one more, empty, line, as the fingerprint counts.
 *
 * Texts are kept until exit, like interned strings, and are never changed
 * once read: a pointer returned here stays valid and may be read from any
 * thread. */
#ifndef LEAKLINT_SOURCE_TEXT_H
#define LEAKLINT_SOURCE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct source_text {
  const char *path; /* interned */
  const char *text; /* the file's bytes and a NUL; NULL when it could not be read */
  size_t len;
  int error;                 /* errno of the failed read; 0 when read */
  const size_t *line_starts; /* byte offset of each line's first byte */
  size_t nlines;             /* at least 1 when read */
} source_text;

/* The file at path, read on first use.  Never NULL: an unreadable file has
 * text NULL and error set, and stays unreadable for this process.  Paths
 * are compared as text (interned), so two spellings of one file are read
 * twice. */
const source_text *source_text_get(const char *path);

/* Makes text[0..len) the text of path from now on (the language server: an
 * editor's buffer, or the file after a save), and frees the text it had.
 * This breaks the rule above on purpose, so only a caller that is the
 * sole reader of path's text and keeps no pointer into it across the call
 * may use it: the language server's worker, between two analyses. */
void source_text_replace(const char *path, const char *text, size_t len);

/* Line number line (1-based) without its terminator, as *start and *len.
 * False when the file is unreadable or has no such line. */
bool source_text_line(const source_text *s, unsigned line, const char **start, size_t *len);

#endif
