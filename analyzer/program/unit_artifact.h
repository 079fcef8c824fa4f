/* unit_artifact.h - what the analysis of one translation unit leaves for
 * the link step: its lowered IR (compact, with the CFG) and the facts it
 * leaves open for other units (a condition or channel waited on or woken,
 * a thread entry, a global written), and what parsing it reported.  The link step, the result
 * cache, sharded runs and a compiler-wrapper capture move exactly this record; on disk it has the
 * versioned format of artifact.md.
 *
 * Ownership: an artifact owns its IR and its fact array; strings are
 * interned. */
#ifndef LEAKLINT_UNIT_ARTIFACT_H
#define LEAKLINT_UNIT_ARTIFACT_H

#include <stdbool.h>
#include <stddef.h>

#include "byte_codec.h"
#include "findings.h"
#include "ir.h"
#include "models.h"
#include "program_facts.h"

enum { UNIT_ARTIFACT_VERSION = 6 };

typedef struct unit_artifact {
  ir_unit *ir;
  ll_report notes; /* what parsing it said (errors, warnings): a linked run says it too */
  unit_fact *facts;
  size_t nfacts, cap_facts;
} unit_artifact;

/* An artifact of u (taken over), with the open facts the models let the
 * unit's own code show. */
unit_artifact *unit_artifact_make(ir_unit *u, const model_set *models);
void unit_artifact_free(unit_artifact *a);

/* Writes a to path atomically; 0, or -1 with errno set. */
int unit_artifact_write(const unit_artifact *a, const char *path);
/* Reads an artifact; NULL with *err (a static sentence) when the file is
 * missing, of another format version, or corrupt. */
unit_artifact *unit_artifact_read(const char *path, const char **err);

/* The bytes of an artifact, and back (the file is these bytes). */
void unit_artifact_encode(const unit_artifact *a, byte_writer *w);
unit_artifact *unit_artifact_decode(const void *data, size_t len, const char **err);

#endif
