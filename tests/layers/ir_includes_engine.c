/* Compiled as part of the IR layer, this must not build: the engine sits
 * above the IR, so its headers are not on the IR's include path
 * (tests/layers.cmake). */
#include "engine.h"
