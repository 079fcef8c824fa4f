/* uri.h - file: URIs (RFC 8089) as editors send them, and back. */
#ifndef LEAKLINT_URI_H
#define LEAKLINT_URI_H

/* The absolute path of a file: URI, percent-decoded and resolved
 * (realpath) when the file exists, as a new string; NULL for another
 * scheme or a malformed escape. */
char *uri_to_path(const char *uri);

/* "file://" and the path, percent-encoded: a new string. */
char *path_to_uri(const char *path);

#endif
