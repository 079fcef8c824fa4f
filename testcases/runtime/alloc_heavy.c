/* An allocation-heavy workload, for the benchmark and for the test that the
 * sampler's weighted totals are unbiased at its default rate: a tokenizer
 * churns short-lived strings of mixed sizes, and a history keeps one token in
 * every KEEP.  Prints the bytes it allocated and the bytes it kept.
 * usage: alloc_heavy [ITERATIONS] [KEEP] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kept {
  struct kept *next;
  size_t size;
};

static unsigned long long allocated_bytes, kept_bytes;
static unsigned rng = 12345;

static size_t next_size(void) {
  rng = rng * 1103515245u + 12345u;
  unsigned r = (rng >> 8) & 0xffff;
  return r < 60000 ? 16 + r % 240 : 256 + r % 7936; /* mostly small, some large */
}

static char *make_token(size_t n) {
  char *t = malloc(n);
  if (t) {
    memset(t, 'x', n < 32 ? n : 32);
    allocated_bytes += n;
  }
  return t;
}

static struct kept *remember_token(struct kept *history, size_t n) {
  struct kept *k = malloc(sizeof *k + n);
  if (!k)
    return history;
  allocated_bytes += sizeof *k + n;
  kept_bytes += sizeof *k + n;
  k->size = n;
  k->next = history;
  return k;
}

int main(int argc, char **argv) {
  long iterations = argc > 1 ? atol(argv[1]) : 20000000;
  long keep = argc > 2 ? atol(argv[2]) : 100;
  struct kept *history = NULL;
  unsigned long checksum = 0;
  for (long i = 0; i < iterations; i++) {
    size_t n = next_size();
    char *t = make_token(n);
    if (!t)
      return 1;
    checksum += (unsigned char)t[n / 2 % 32];
    free(t);
    if (keep > 0 && i % keep == 0)
      history = remember_token(history, n);
  }
  printf("allocated %llu kept %llu checksum %lu\n", allocated_bytes, kept_bytes, checksum);
  return 0;
}
