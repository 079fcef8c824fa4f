/* json_out.h - writing a cJSON document to a stream: the one tail every
 * JSON and SARIF writer shares. */
#ifndef LEAKLINT_JSON_OUT_H
#define LEAKLINT_JSON_OUT_H

#include <cjson/cJSON.h>
#include <stdio.h>

/* Prints root, indented, with a final newline.  0, or -1 with errno set. */
int json_write(const cJSON *root, FILE *out);

#endif
