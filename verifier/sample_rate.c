/* sample_rate.c - Poisson sampling of the allocation byte stream.
 *
 * Think of every allocated byte as a coin toss with probability 1/R; an
 * allocation is sampled when one of its bytes comes up heads.  The distance
 * between heads is then exponentially distributed with mean R, so each thread
 * keeps a countdown drawn from that distribution (Go's runtime and tcmalloc
 * do the same).  An allocation of s bytes is sampled with probability
 * 1 - exp(-s/R), and weighting the sample by the inverse of that makes the
 * totals unbiased for small and large allocations alike. */
#include <math.h>

#include "sampler_internal.h"

static _Atomic int64_t mean_bytes = 512 * 1024;

void ll_rate_set(int64_t bytes) {
  atomic_store(&mean_bytes, bytes < 1 ? 1 : bytes);
}

int64_t ll_rate(void) {
  return atomic_load_explicit(&mean_bytes, memory_order_relaxed);
}

/* xorshift64*: fast, no locks, good enough to place samples. */
static uint64_t next_random(uint64_t *state) {
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

int64_t ll_next_interval(uint64_t *rng) {
  int64_t r = ll_rate();
  if (r <= 1)
    return 0;
  /* Uniform in (0, 1]: 53 random bits, never 0 so log stays finite. */
  double u = ((double)(next_random(rng) >> 11) + 1.0) / 9007199254740992.0;
  double next = -log(u) * (double)r;
  return next > 1e15 ? (int64_t)1e15 : (int64_t)next + 1;
}

double ll_sample_weight(size_t size) {
  int64_t r = ll_rate();
  if (r <= 1 || size == 0)
    return 1.0;
  double p = -expm1(-(double)size / (double)r); /* 1 - exp(-s/R), exact for small s */
  return p > 0 ? 1.0 / p : 1.0;
}
