/* sarif_reader.h - reading a leaklint SARIF 2.1.0 log back: each result's
 * rule, where it is reported and where its resource was acquired
 * (relatedLocations[0]), with the log's own cJSON tree kept so that a
 * caller (the runtime verifier, baselines) can annotate and write it out.
 *
 * Ownership: a sarif_log owns its tree, its results and their paths;
 * sarif_log_free() releases them all; results point into the tree. */
#ifndef LEAKLINT_SARIF_READER_H
#define LEAKLINT_SARIF_READER_H

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct sarif_site {
  char *path; /* absolute when the log says where its base is */
  int line, end_line;
} sarif_site;

typedef struct sarif_result {
  cJSON *json;      /* the result object, inside sarif_log.root */
  const char *rule; /* ruleId, "" when missing */
  sarif_site primary;
  sarif_site acquired; /* relatedLocations[0], else the primary location */
} sarif_result;

typedef struct sarif_log {
  cJSON *root;
  sarif_result *results;
  size_t n;
} sarif_log;

/* Reads the log at path.  Results without a primary location are skipped
 * (nothing to match them against).  Returns 0, or -1 with a message
 * ("PATH: cannot read: ...", "PATH:LINE:COL: error: JSON syntax error ...",
 * "PATH: not a SARIF log") in err. */
int sarif_log_read(const char *path, sarif_log *log, char *err, size_t errlen);
void sarif_log_free(sarif_log *log);

#endif
