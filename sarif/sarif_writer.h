/* sarif_writer.h - SARIF 2.1.0 output, as GitHub code scanning ingests it. */
#ifndef LEAKLINT_SARIF_WRITER_H
#define LEAKLINT_SARIF_WRITER_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>

#include "findings.h"

typedef struct sarif_options {
  const char *automation_id; /* run.automationDetails.id, e.g. "leaklint/" */
  const char *command_line;  /* invocations[0].commandLine, may be NULL */
  /* Suppressed findings (r->hidden) as results with suppressions: off by
   * default, because GitHub code scanning ignores that property and would
   * show them as open alerts. */
  bool include_suppressed;
  /* Results of a baseline that the run no longer finds, written after the
   * run's own with baselineState "absent" (sarif_baseline.h); may be NULL. */
  const cJSON *absent;
} sarif_options;

/* Writes r as one SARIF log with one run: its findings, then those of
 * r->hidden that the baseline left unchanged (and the suppressed ones when
 * asked), each with its baselineState when a baseline was given.  Paths under r->srcroot become
 * relative URIs with uriBaseId %SRCROOT%.  Reads the flagged files (through
 * source_text.h) for UTF-16 columns; partialFingerprints come from each
 * finding's fingerprint (report_fingerprint()).  Returns 0, or -1 on a write
 * error. */
int sarif_write(const ll_report *r, FILE *out, const sarif_options *opt);

/* The URI a result's artifactLocation gets for path: relative to srcroot
 * (with uriBaseId %SRCROOT%, *relative set) when the file lies under it,
 * else a file:// URI.  Baselines match results by it. */
char *sarif_artifact_uri(const char *srcroot, const char *path, bool *relative);

/* A result's message.text for f: what leaks, a link to where it was
 * acquired, and the fix.  A new string. */
char *sarif_result_text(const ll_finding *f);

#endif
