/* code_actions.h - the quick fixes offered for a finding, as CodeAction
 * objects whose WorkspaceEdit is computed against the text the analysis
 * saw (version: that text's document version, or -1 for a file on disk):
 *
 *   - the fix as code (ll_finding.fix_code), inserted before the flagged
 *     return, with braces added when that return is the unbraced body of
 *     an if, else or loop;
 *   - always, a suppression comment on the line before (suppressions.h). */
#ifndef LEAKLINT_CODE_ACTIONS_H
#define LEAKLINT_CODE_ACTIONS_H

#include <cjson/cJSON.h>

#include "findings.h"

/* The actions for f, which diagnostic (borrowed, copied in) reports. */
cJSON *code_actions_for(const ll_finding *f, const cJSON *diagnostic, const char *uri, int version);

#endif
