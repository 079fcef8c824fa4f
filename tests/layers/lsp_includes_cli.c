/* Compiled as part of the language server, this must not build: the
 * command sits above it and hands it only a setup callback
 * (tests/layers.cmake). */
#include "cli.h"
