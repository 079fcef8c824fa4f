/* model_loading.h - the API models a run uses: those shipped with
 * leaklint, then each --rules (or configuration "rules") directory. */
#ifndef LEAKLINT_MODEL_LOADING_H
#define LEAKLINT_MODEL_LOADING_H

#include <stddef.h>

#include "models.h"

/* The shipped models' directory: $LEAKLINT_RULES_DIR, the one installed
 * beside the binary, or the source tree's when running from a build. */
const char *builtin_rules_dir(void);

/* The shipped models and those of dirs[0..ndirs); NULL with one line in
 * err when a file is malformed or unreadable. */
model_set *models_load(const char *const *dirs, size_t ndirs, char *err, size_t errlen);

#endif
