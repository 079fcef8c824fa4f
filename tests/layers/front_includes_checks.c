/* Compiled as part of the front end, this must not build: checkers sit
 * above it (tests/layers.cmake). */
#include "check.h"
