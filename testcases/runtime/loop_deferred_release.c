/* A config loader checks many files.  The faulty version closes every file
 * only after the loop, so descriptors and FILE buffers pile up while it runs;
 * fopen() allocates inside glibc, which is built without frame pointers. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { FILES = 100 };

static unsigned long checksum_stream(FILE *f) {
  unsigned long sum = 0;
  int c;
  for (int i = 0; i < 64 && (c = fgetc(f)) != EOF; i++)
    sum = sum * 31 + (unsigned)c;
  return sum;
}

/* Faulty: the release is deferred to the end of the batch. */
static unsigned long checksum_batch_deferred(const char *path) {
  FILE *open_files[FILES];
  unsigned long sum = 0;
  int n = 0;
  for (int i = 0; i < FILES; i++) {
    FILE *f = fopen(path, "r"); /* verify: loop-deferred-release confirmed */
    if (!f)
      continue;
    sum += checksum_stream(f);
    open_files[n++] = f;
    usleep(10 * 1000);
  }
  for (int i = 0; i < n; i++)
    fclose(open_files[i]);
  return sum;
}

/* Correct: each iteration closes what it opened. */
static unsigned long checksum_batch(const char *path) {
  unsigned long sum = 0;
  for (int i = 0; i < FILES; i++) {
    FILE *f = fopen(path, "r"); /* verify: loop-deferred-release not-reproduced */
    if (!f)
      continue;
    sum += checksum_stream(f);
    fclose(f);
    usleep(5 * 1000);
  }
  return sum;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "/proc/self/status";
  unsigned long a = checksum_batch(path);
  unsigned long b = checksum_batch_deferred(path);
  printf("%lu %lu\n", a, b);
  return 0;
}
