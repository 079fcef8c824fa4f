/* workspace.h - a program kept in memory between analyses, for the
 * language server: every unit of a project parsed once, then one unit
 * parsed again when it changes (from an editor's buffer or from disk) and
 * the program linked again against it.
 *
 * Ownership: a workspace owns its units and their artifacts; the options
 * and models it is opened with are borrowed and must outlive it.  Not
 * thread-safe: one thread (the server's worker) calls it. */
#ifndef LEAKLINT_WORKSPACE_H
#define LEAKLINT_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>

#include "driver.h"

typedef struct workspace workspace;

/* The units under opt->paths, as the command line would find them
 * (sources, compilation database, exclusions), parsed on opt->jobs
 * workers; done(data, n, total) is called after each unit, from any
 * worker.  No path: no unit until workspace_update() adds one.  Run-level notes (a malformed
 * database) go to notes.  Returns NULL only when the database is malformed. */
workspace *workspace_open(const driver_options *opt, const model_set *models,
                          void (*done)(void *data, size_t n, size_t total), void *data,
                          ll_report *notes);
void workspace_free(workspace *ws);

/* Parses path (absolute) again: text[0..len) is its content (an editor's
 * buffer), or NULL for the file on disk.  A path the workspace did not
 * list becomes a unit of it, with the flags the database gives it.  The
 * text also becomes what suppressions and fingerprints read
 * (source_text_replace). */
void workspace_update(workspace *ws, const char *path, const char *text, size_t len);

/* Links every unit into report as driver_run would report the program:
 * the units' parse notes, the findings, sorted, fingerprinted and with
 * suppressed ones hidden.  The link is kept from one call to the next
 * (link_run_cached): after workspace_update(), only what the change can
 * affect is walked again.  With LEAKLINT_CHECK_INCREMENTAL set, a link
 * from scratch checks it (a difference aborts). */
void workspace_link(workspace *ws, ll_report *report);

#endif
