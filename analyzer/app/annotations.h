/* annotations.h - `leaklint --verify`: testcases carry their expected
 * findings as comments (`// expect: lock-imbalance`) on the lines that must
 * be flagged; every other line must stay silent, as with clang -verify. */
#ifndef LEAKLINT_ANNOTATIONS_H
#define LEAKLINT_ANNOTATIONS_H

#include <stdio.h>

#include "findings.h"

/* Compares r with the annotations in files; prints each missing or
 * unexpected finding (and each error note about those files) to out.
 * Returns the number of mismatches, or -1 if a file cannot be read. */
int annotations_verify(const ll_report *r, const char *const *files, int nfiles, FILE *out);

#endif
