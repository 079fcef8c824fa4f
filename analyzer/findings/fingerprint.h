/* fingerprint.h - GitHub's primaryLocationLineHash, bit for bit.
 *
 * GitHub code scanning matches an alert across commits by this hash of the
 * flagged line and the text after it.  When a SARIF upload lacks it, the
 * codeql-action computes it from the checked-out file; when the upload has
 * it, the action only checks it.  We compute it ourselves, with the same
 * algorithm, so that uploads by other means (gh api, a different CI) track
 * alerts the same way. */
#ifndef LEAKLINT_FINGERPRINT_H
#define LEAKLINT_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

/* The hash of one line and how many lines up to and including it, in file
 * order, had the same hash (the ":n" suffix that tells repeats apart). */
typedef struct fp_line {
  uint64_t hash;
  unsigned occurrence;
} fp_line;

/* "ffffffffffffffff:4294967295" and a NUL fit. */
#define FINGERPRINT_MAX 32

/* Hashes every line of a file's bytes text[0..len).  Returns an array of
 * *nlines entries, entry i for line i+1, that the caller frees.  As in the
 * codeql-action, a file ending in a line terminator has one more (empty)
 * line, and an empty file has one line. */
fp_line *fingerprint_lines(const char *text, size_t len, size_t *nlines);

/* Writes l as the action does: lowercase hex without leading zeros, ':',
 * occurrence.  Returns buf. */
char *fingerprint_format(const fp_line *l, char buf[FINGERPRINT_MAX]);

#endif
