/* sarif_writer.h - SARIF 2.1.0 output, as GitHub code scanning ingests it. */
#ifndef LEAKLINT_SARIF_WRITER_H
#define LEAKLINT_SARIF_WRITER_H

#include <stdio.h>

#include "findings.h"

typedef struct sarif_options {
  const char *automation_id; /* run.automationDetails.id, e.g. "leaklint/" */
  const char *command_line;  /* invocations[0].commandLine, may be NULL */
} sarif_options;

/* Writes r as one SARIF log with one run.  Paths under r->srcroot become
 * relative URIs with uriBaseId %SRCROOT%.  Reads the flagged files (through
 * source_text.h) for UTF-16 columns; partialFingerprints come from each
 * finding's fingerprint (report_fingerprint()).  Returns 0, or -1 on a write
 * error. */
int sarif_write(const ll_report *r, FILE *out, const sarif_options *opt);

#endif
