/* reporters.h - text and JSON output of a report (SARIF: sarif_writer.h).
 * Reporters only format; nothing upstream knows which one runs. */
#ifndef LEAKLINT_REPORTERS_H
#define LEAKLINT_REPORTERS_H

#include <stdbool.h>
#include <stdio.h>

#include "findings.h"

/* GCC/Clang style: "path:line:col: warning: message [rule-id]", the source
 * line with a caret, then note: lines for the acquisition and the path. */
int report_text(const ll_report *r, FILE *out, bool color);

/* Notifications (unparsable files, missing headers) in the same format,
 * for stderr; informational ones only when verbose. */
void report_text_notes(const ll_report *r, FILE *out, bool color, bool verbose);

/* One JSON object: {"version", "findings": [...], "notifications": [...]}. */
int report_json(const ll_report *r, FILE *out);

#endif
