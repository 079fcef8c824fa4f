/* verify.h - `leaklint verify`: run a program under the sampling heap
 * profiler and confirm or refute findings. */
#ifndef LEAKLINT_VERIFY_H
#define LEAKLINT_VERIFY_H

/* argv[0] is "verify"; returns the process exit status. */
int verify_main(int argc, char **argv);

#endif
