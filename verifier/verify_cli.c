/* verify_cli.c - `leaklint-verify`, the verifier on its own: the same as
 * `leaklint verify`, for tests and for machines without the analyzer. */
#include "verify.h"

int main(int argc, char **argv) {
  argv[0] = "verify";
  return verify_main(argc, argv);
}
