/* scoped_descriptor.c - mosquitto's mosquitto_fopen(): the descriptor is
 * opened in an inner block and handed to fdopen() there; its variable is
 * not named again, but fdopen() keeps it only when it succeeds, so the
 * failure test after the block gives it back to the path, still open. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

FILE *open_private(const char *path, const char *mode, int restrict_mode) {
  FILE *fptr;
  if (restrict_mode) {
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
      return NULL;
    fptr = fdopen(fd, mode);
  } else {
    fptr = fopen(path, mode);
  }
  if (!fptr)
    return NULL; // expect: resource-leak
  return fptr;
}
