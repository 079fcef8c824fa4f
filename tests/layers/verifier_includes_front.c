/* Compiled with the verifier's include path, this must not build: the
 * verifier links base, findings and sarif only, never libclang's front end
 * (tests/layers.cmake). */
#include "frontend.h"
