/* expectations.h - the expect: checker behind `leaklint --verify`.
 *
 * A testcase is ordinary C whose comments state what the analysis must
 * report, as clang's -verify and sparse's validation suite do; every line
 * without an expectation must stay silent.  testcases/README.md documents
 * the syntax:
 *
 *   // expect: RULE ["MESSAGE"], ...   this line carries a finding of RULE,
 *                                      with exactly that message if given
 *   // check-flags: OPTION...          leaklint options for this testcase
 *   // check-program: FILE...          files that form one program with it
 *   // check-known-to-fail[: WHY]      the expectations are not met yet
 *
 * Only the testcase's own check- directives count; in the other files of
 * its program only expect: lines do. */
#ifndef LEAKLINT_EXPECTATIONS_H
#define LEAKLINT_EXPECTATIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "findings.h"

typedef struct expectation expectation;

typedef struct testcase {
  const char *path; /* the testcase, as given */
  /* The program: path first, then the check-program: files, named
   * relative to path's folder. */
  char **files;
  size_t nfiles;
  /* check-flags: as command-line words, paths of --rules and -p made
   * relative to path's folder like the files. */
  char **flags;
  size_t nflags;
  bool known_to_fail;
  char *why_known_to_fail; /* NULL when not given */
  expectation *expect;     /* in all the files */
  size_t nexpect, cap_expect;
} testcase;

/* Reads path's directives and the expect: lines of every file of its
 * program into *tc.  Prints each error (an unreadable file, an unknown rule
 * or option) to err and returns how many; *tc needs testcase_free() either
 * way. */
int testcase_read(const char *path, testcase *tc, FILE *err);

typedef enum {
  TESTCASE_PASS,  /* every expectation met, nothing else reported */
  TESTCASE_FAIL,  /* a mismatch, or a file of the program does not parse */
  TESTCASE_XFAIL, /* known to fail, and it does */
  TESTCASE_XPASS, /* known to fail, yet passes: the marker must go */
} testcase_verdict;

/* Compares r, the report on tc's program, with tc's expectations; prints
 * each mismatch (and the verdict unless it is a pass) to out. */
testcase_verdict testcase_check(testcase *tc, const ll_report *r, FILE *out);

void testcase_free(testcase *tc);

#endif
