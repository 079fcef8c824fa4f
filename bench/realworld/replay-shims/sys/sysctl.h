/* sys/sysctl.h - a stand-in for the header glibc 2.32 removed, so that
 * trees older than that (nginx before 2017 includes it on Linux and uses
 * nothing from it there) still parse in the leak-fix replay.  replay.sh
 * passes this directory with -idirafter: a system that has the real
 * header uses it. */
