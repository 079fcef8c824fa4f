/* baseline_ref.h - --baseline-ref GIT_REF (semgrep's --baseline-commit):
 * the same analysis, run on the tree at that commit in a temporary git
 * worktree, is the baseline.  Paths given relative to the current
 * directory, absolute paths inside the repository, the configuration
 * file's exclude globs and the SARIF base directory are all mapped into
 * the worktree, so that the two runs' results have the same identities.
 * The compilation database is the current tree's (-p, or the one found
 * from the first path: a build tree is not in the commit): each file of
 * the worktree takes its counterpart's flags, whose include directories
 * are the current tree's. */
#ifndef LEAKLINT_BASELINE_REF_H
#define LEAKLINT_BASELINE_REF_H

#include <stddef.h>

#include "driver.h"

/* Runs the analysis at ref and writes it as SARIF into a new temporary
 * directory; returns the file's path, which baseline_ref_done() removes
 * with its directory.  The worktree is removed before it returns.  NULL,
 * with "leaklint: error: ..." in err, when ref cannot be checked out. */
char *baseline_ref_run(const char *ref, const driver_options *opt, const model_set *models,
                       const char *srcroot, char *err, size_t errlen);
void baseline_ref_done(char *sarif_path);

#endif
