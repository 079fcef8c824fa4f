/* lsp.h - `leaklint lsp`: a Language Server Protocol 3.17 server on
 * stdin/stdout.  It analyses the workspace once in the background, then
 * parses a C file again as it is edited (its unsaved text), links the
 * program again and publishes the diagnostics that changed, with quick
 * fixes as code actions.  README.md ("In the editor") says how to set it up. */
#ifndef LEAKLINT_LSP_H
#define LEAKLINT_LSP_H

#include <stddef.h>

#include "driver.h"
#include "models.h"

/* Called once, from the analysis thread, with the workspace root from
 * initialize (NULL when the client names none): fills *drv (whose paths
 * the server sets to the root) and *models as the command line would for
 * that directory (configuration file, compilation database, --rules).
 * Both stay the caller's and must outlive lsp_serve().  Returns 0, or -1
 * with a sentence in err (the server says it to the user and runs with
 * the built-in defaults it is given in *drv and *models, if any). */
typedef int (*lsp_setup_fn)(void *data, const char *root, driver_options *drv,
                            const model_set **models, char *err, size_t errlen);

typedef struct lsp_options {
  int in_fd, out_fd;
  lsp_setup_fn setup;
  void *setup_data;
} lsp_options;

/* Serves until "exit" or the end of input.  Returns the exit status the
 * protocol asks for: 0 after shutdown, else 1. */
int lsp_serve(const lsp_options *opt);

#endif
