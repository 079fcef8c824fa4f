/* diagnostics.h - a report's findings and notes as the protocol's
 * Diagnostic objects, one file at a time. */
#ifndef LEAKLINT_DIAGNOSTICS_H
#define LEAKLINT_DIAGNOSTICS_H

#include <cjson/cJSON.h>

#include "findings.h"

/* One Diagnostic for f: the rule as code, its help as codeDescription,
 * severity from the rule's level, the flagged expression's range, and the
 * acquisition and each step of the path as relatedInformation. */
cJSON *diagnostic_of_finding(const ll_finding *f);

/* One Diagnostic for a note about path (a parse error, a bad
 * suppression); NULL for notes the editor need not show (information). */
cJSON *diagnostic_of_note(const ll_notification *n);

/* The distinct files that r's findings and notes name, interned, in a new
 * array (*n of them). */
const char **report_files(const ll_report *r, size_t *n);

#endif
