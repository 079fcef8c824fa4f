/* Compiled as part of the pipeline, this must not build: the language
 * server is one of its users, beside the command (tests/layers.cmake). */
#include "lsp.h"
