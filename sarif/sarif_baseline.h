/* sarif_baseline.h - a run compared with an earlier one (--baseline FILE):
 * findings already there are "unchanged" and leave the text output and the
 * exit status; the baseline's results no longer found are "absent".
 *
 * A result's identity is its rule, its file (the artifact URI the writer
 * gives it: relative to %SRCROOT%, so two checkouts agree) and GitHub's
 * primaryLocationLineHash, which follows the flagged line and the lines
 * after it when code above them moves.  A finding that matches no result
 * that way may still match by a looser identity (rule, file, function and
 * message without line numbers), for edits just below the flagged line,
 * inside the hash's window.  Each baseline result matches at most one
 * finding, so a second copy of a known leak is new. */
#ifndef LEAKLINT_SARIF_BASELINE_H
#define LEAKLINT_SARIF_BASELINE_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "findings.h"

/* Reads the baseline log at path (a leaklint SARIF file) and sets every
 * finding's baseline state, r's hidden (suppressed) ones too; unchanged
 * findings move to r->hidden.  *absent gets a new array of copies of the
 * baseline's unmatched results, for sarif_options.absent; the caller
 * deletes it.  r must have its srcroot and fingerprints set.  Returns 0, or
 * -1 with "PATH: error: ..." in err. */
int sarif_baseline_apply(ll_report *r, const char *path, cJSON **absent, char *err, size_t errlen);

#endif
