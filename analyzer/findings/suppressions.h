/* suppressions.h - inline suppressions, in the habit of NOLINT and
 * cppcheck-suppress:
 *
 *     char *p = pool_get(); // leaklint: ignore[resource-leak] the pool owns it
 *     // leaklint: ignore the caller frees it (all rules)
 *     return p;
 *
 * The comment is "leaklint: ignore", an optional rule list in brackets
 * (ignore[a,b]) and a reason, in a // or a one-line block comment.  A
 * comment after code covers its own line; a comment alone on its line
 * covers the next line.  A finding is suppressed when a covered line is its
 * primary line (where the text output flags it) or the line where its
 * resource was acquired, so a suppression can sit at the leak or at the
 * allocation. */
#ifndef LEAKLINT_SUPPRESSIONS_H
#define LEAKLINT_SUPPRESSIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "findings.h"

/* Sets f->suppression on each finding of r that a comment suppresses, then
 * moves them out of r->findings (report_hide_silenced()).  files are the
 * analysed sources: with report_unused, every suppression in them and in
 * the findings' files that silences nothing is reported as a warning
 * ("unused suppression"), unless it names only rules outside enabled_rules
 * (RULE_BIT()s), which did not run.  A rule list naming an unknown rule is always
 * reported.  Reads files through source_text.h. */
void suppressions_apply(ll_report *r, const char *const *files, size_t nfiles, bool report_unused,
                        unsigned enabled_rules);

#endif
